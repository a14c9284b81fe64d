//! Rust names of scopes: the enum variant each scope becomes in generated
//! code. Derived names are always valid and distinct, so a spec is never
//! refused for them; what only generated Rust code cares about (an
//! explicit `ident:` that is not an identifier, two scopes given the same
//! `ident:`) is checked by [`rust_names`], which the code generator calls
//! and a spec loaded at runtime does not.

use std::collections::{HashMap, HashSet};

use crate::diag::Diagnostic;
use crate::model::{Scope, Spec};

/// The word a punctuation character of a scope name becomes when two
/// names differ only there (`a!b` → `ABangB`, `a#b` → `AHashB`). `_` is
/// the word separator and has no word.
fn punctuation_word(c: char) -> &'static str {
    match c {
        '!' => "Bang",
        '#' => "Hash",
        '$' => "Dollar",
        '%' => "Percent",
        '&' => "Amp",
        '\'' => "Quote",
        '(' => "LParen",
        ')' => "RParen",
        '*' => "Star",
        '+' => "Plus",
        ',' => "Comma",
        '-' => "Dash",
        '.' => "Dot",
        '/' => "Slash",
        ':' => "Colon",
        ';' => "Semi",
        '<' => "Lt",
        '=' => "Eq",
        '>' => "Gt",
        '?' => "Question",
        '@' => "At",
        '[' => "LBracket",
        ']' => "RBracket",
        '^' => "Caret",
        '`' => "Backtick",
        '{' => "LBrace",
        '|' => "Pipe",
        '}' => "RBrace",
        '~' => "Tilde",
        _ => "",
    }
}

/// `carts_read` → `CartsRead`; `read:pets` → `ReadPets`;
/// `https://www.googleapis.com/auth/drive.readonly` →
/// `HttpsWwwGoogleapisComAuthDriveReadonly`. A leading digit gets `S`; a
/// name with no letter or digit spells its punctuation (`!!` → `BangBang`).
#[must_use]
pub fn derive_ident(name: &str) -> String {
    let words = camel(name, false);
    if words.is_empty() {
        return fix_start(camel(name, true));
    }
    fix_start(words)
}

/// The name's alphanumeric words in UpperCamelCase; with `spell`, each
/// punctuation character but `_` becomes a word too.
fn camel(name: &str, spell: bool) -> String {
    let mut out = String::new();
    let mut upper_next = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(if upper_next {
                c.to_ascii_uppercase()
            } else {
                c
            });
            upper_next = false;
        } else {
            if spell {
                out.push_str(punctuation_word(c));
            }
            upper_next = true;
        }
    }
    out
}

/// A leading digit gets `S`; the keyword `Self` becomes `SelfScope`.
fn fix_start(mut s: String) -> String {
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'S');
    }
    if s == "Self" {
        s.push_str("Scope");
    }
    s
}

/// The variant name of each scope: its explicit `ident` when given (kept
/// as written; [`rust_names`] checks it), else the derived one, made
/// distinct. Scopes whose derived names collide spell their punctuation
/// (`a!b`, `a#b` → `ABangB`, `AHashB`); any collision left (names that
/// differ only in case) gets a number, in declaration order
/// (`Read`, `read` → `Read`, `Read2`).
pub(crate) fn assign(scopes: &mut [Scope]) {
    let explicit = |s: &Scope| s.ident_span.is_some();
    let mut taken: HashSet<String> = scopes
        .iter()
        .filter(|s| explicit(s))
        .map(|s| s.ident.clone())
        .collect();
    let mut derived: HashMap<String, usize> = HashMap::new();
    for s in scopes.iter().filter(|s| !explicit(s)) {
        *derived.entry(derive_ident(&s.name)).or_default() += 1;
    }
    for s in scopes.iter_mut().filter(|s| !explicit(s)) {
        let base = derive_ident(&s.name);
        let mut ident = if derived[&base] > 1 || taken.contains(&base) {
            fix_start(camel(&s.name, true))
        } else {
            base
        };
        if taken.contains(&ident) {
            let stem = ident.clone();
            ident = (2..)
                .map(|n| format!("{stem}{n}"))
                .find(|c| !taken.contains(c))
                .unwrap_or(stem);
        }
        taken.insert(ident.clone());
        s.ident = ident;
    }
}

const KEYWORDS: [&str; 38] = [
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while",
];

/// Whether `s` can name an enum variant (ASCII identifier, not a keyword).
#[must_use]
pub fn is_rust_ident(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(ch) if ch.is_ascii_alphabetic() || ch == '_')
        && c.all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
        && s != "_"
        && !KEYWORDS.contains(&s)
}

/// What only generated Rust code cares about: an explicit `ident:` that is
/// not a Rust identifier, and two scopes with the same variant name. The
/// code generator reports these with the spec's own errors; a spec loaded
/// at runtime (`load_str`, the CLI, `LoadedSpec`) is never refused for
/// them.
#[must_use]
pub fn rust_names(spec: &Spec) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, s) in spec.scopes.iter().enumerate() {
        let at = s.ident_span.clone().unwrap_or_else(|| s.span.clone());
        if !is_rust_ident(&s.ident) {
            let why = if KEYWORDS.contains(&s.ident.as_str()) {
                "a Rust keyword"
            } else {
                "not a Rust identifier"
            };
            out.push(
                Diagnostic::error(at, format!("`{}` is {why}", s.ident))
                    .label("used as the enum variant name")
                    .help("use UpperCamelCase letters, digits and `_`, e.g. `ident: CartsRead`"),
            );
            continue;
        }
        if let Some(&first) = seen.get(s.ident.as_str()) {
            let other = &spec.scopes[first];
            out.push(
                Diagnostic::error(
                    at,
                    format!(
                        "scopes `{}` and `{}` both become the Rust variant `{}`",
                        other.name, s.name, s.ident
                    ),
                )
                .label("same generated identifier")
                .note(
                    other
                        .ident_span
                        .clone()
                        .unwrap_or_else(|| other.span.clone()),
                    "the other scope",
                )
                .help("give one of them another `ident:`"),
            );
        } else {
            seen.insert(&s.ident, i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{derive_ident, is_rust_ident};

    #[test]
    fn idents_are_upper_camel_case() {
        assert_eq!(derive_ident("carts_read"), "CartsRead");
        assert_eq!(derive_ident("read:pets"), "ReadPets");
        assert_eq!(
            derive_ident("playlist-modify-public"),
            "PlaylistModifyPublic"
        );
        assert_eq!(
            derive_ident("https://www.googleapis.com/auth/drive.readonly"),
            "HttpsWwwGoogleapisComAuthDriveReadonly"
        );
        assert_eq!(derive_ident("2fa"), "S2fa");
        assert_eq!(derive_ident("!!"), "BangBang");
        assert_eq!(derive_ident("self"), "SelfScope");
        assert!(is_rust_ident(&derive_ident("self")));
    }
}
