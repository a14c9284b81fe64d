//! Rust names of scopes: the enum variant each scope becomes in generated
//! code. A derived name depends only on the scope's own wire name, so
//! adding a scope never renames another (`Scope::ReadPets` keeps its
//! meaning). What only generated Rust code cares about (an explicit
//! `ident:` that is not an identifier, two scopes with one variant name)
//! is checked by [`rust_names`], which the code generator calls and a spec
//! loaded at runtime does not.

use std::collections::{HashMap, HashSet};

use crate::diag::{Diagnostic, Severity};
use crate::model::{Scope, Spec};

/// Characters that only separate words: `read:pets`, `read_pets`,
/// `read-pets`, `read.pets` and `read/pets` all become `ReadPets`.
const SEPARATORS: [char; 5] = ['_', '-', ':', '.', '/'];

/// The word a character that is neither a letter, a digit nor a separator
/// becomes (`a!b` → `ABangB`, `a#b` → `AHashB`); separators have a word
/// too, used when a name has nothing else (`::` → `ColonColon`).
fn punctuation_word(c: char) -> Option<&'static str> {
    Some(match c {
        '_' => "Underscore",
        '-' => "Dash",
        ':' => "Colon",
        '.' => "Dot",
        '/' => "Slash",
        '!' => "Bang",
        '"' => "DoubleQuote",
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
        ';' => "Semi",
        '<' => "Lt",
        '=' => "Eq",
        '>' => "Gt",
        '?' => "Question",
        '@' => "At",
        '[' => "LBracket",
        '\\' => "Backslash",
        ']' => "RBracket",
        '^' => "Caret",
        '`' => "Backtick",
        '{' => "LBrace",
        '|' => "Pipe",
        '}' => "RBrace",
        '~' => "Tilde",
        _ => return None,
    })
}

/// The variant name a scope gets without an explicit `ident:`, from its
/// name alone: separators (`_ - : . /`) split UpperCamelCase words, other
/// punctuation is spelled out, a leading digit gets `S`, `Self` becomes
/// `SelfScope`. `carts_read` → `CartsRead`; `read:pets` → `ReadPets`;
/// `a!b` → `ABangB`; `2fa` → `S2fa`; a name of separators only spells
/// them (`::` → `ColonColon`).
#[must_use]
pub fn derive_ident(name: &str) -> String {
    let has_word = name.chars().any(|c| !SEPARATORS.contains(&c));
    fix_start(camel(name, !has_word))
}

/// UpperCamelCase of `name`; with `spell_separators` the separators are
/// spelled too. A character outside ASCII is spelled by its code point
/// (`é` → `U00e9`).
fn camel(name: &str, spell_separators: bool) -> String {
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
            continue;
        }
        if spell_separators || !SEPARATORS.contains(&c) {
            match punctuation_word(c) {
                Some(word) => out.push_str(word),
                None => out.push_str(&format!("U{:04x}", u32::from(c))),
            }
        }
        upper_next = true;
    }
    out
}

/// Every character spelled: what [`rust_names`] suggests when two derived
/// names collide (`read_pets` → `ReadUnderscorePets`).
fn spelled(name: &str) -> String {
    fix_start(camel(name, true))
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
/// as written; [`rust_names`] checks it), else [`derive_ident`] of its
/// own name. Collisions are left for [`rust_names`] to report: renaming
/// one scope because another exists would change what a variant means.
pub(crate) fn assign(scopes: &mut [Scope]) {
    for s in scopes.iter_mut().filter(|s| s.ident_span.is_none()) {
        s.ident = derive_ident(&s.name);
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
/// not a Rust identifier, and two scopes with the same variant name
/// (reported at the second, with an `ident:` that fixes it). The code
/// generator reports these with the spec's own errors; a spec loaded at
/// runtime (`load_str`, the CLI, `LoadedSpec`) is never refused for them.
#[must_use]
pub fn rust_names(spec: &Spec) -> Vec<Diagnostic> {
    findings(spec).into_iter().map(|(d, _, _)| d).collect()
}

/// [`rust_names`] as warnings, for `scopes check`: a spec author who also
/// generates code learns before the build that `include_spec!` will refuse
/// the spec, while the spec itself stays valid.
#[must_use]
pub fn rust_name_warnings(spec: &Spec) -> Vec<Diagnostic> {
    rust_names(spec)
        .into_iter()
        .map(|mut d| {
            d.severity = Severity::Warning;
            d.message.push_str(" (an error in `include_spec!`)");
            d
        })
        .collect()
}

/// Give each scope [`rust_names`] reports the variant name its help
/// suggests, so the code generated next to the error (from the valid rest
/// of the spec) adds no cascade of duplicate or invalid items.
pub fn repair_rust_names(spec: &mut Spec) {
    for (_, index, fix) in findings(spec) {
        spec.scopes[index].ident = fix;
    }
}

/// Each finding with the index of its scope and the fix it suggests.
fn findings(spec: &Spec) -> Vec<(Diagnostic, usize, String)> {
    let mut taken: HashSet<String> = spec.scopes.iter().map(|s| s.ident.clone()).collect();
    let mut out = Vec::new();
    let mut seen: HashMap<&str, &Scope> = HashMap::new();
    for (i, s) in spec.scopes.iter().enumerate() {
        let finding = if !is_rust_ident(&s.ident) {
            let fix = suggest(s, &derive_ident(&s.name), &taken);
            (not_an_ident(s), fix)
        } else if let Some(first) = seen.get(s.ident.as_str()) {
            if first.name == s.name {
                // A scope declared twice: the spec's own error says so,
                // and code generation drops the second declaration.
                continue;
            }
            let fix = suggest(s, &spelled(&s.name), &taken);
            (collision(first, s, &fix), fix)
        } else {
            seen.insert(&s.ident, s);
            continue;
        };
        taken.insert(finding.1.clone());
        out.push((finding.0, i, finding.1));
    }
    out
}

/// Where a scope's variant name comes from: its `ident:` value, else its
/// name.
fn ident_at(s: &Scope) -> std::ops::Range<usize> {
    s.ident_span.clone().unwrap_or_else(|| s.span.clone())
}

fn not_an_ident(s: &Scope) -> Diagnostic {
    let why = if KEYWORDS.contains(&s.ident.as_str()) {
        "a Rust keyword"
    } else {
        "not a Rust identifier"
    };
    Diagnostic::error(ident_at(s), format!("`{}` is {why}", s.ident))
        .label("used as the enum variant name")
        .help("use UpperCamelCase letters, digits and `_`, e.g. `ident: CartsRead`")
}

fn collision(first: &Scope, second: &Scope, fix: &str) -> Diagnostic {
    Diagnostic::error(
        ident_at(second),
        format!(
            "scopes `{}` and `{}` both become the Rust variant `{}`",
            first.name, second.name, second.ident
        ),
    )
    .label("same generated identifier")
    .note(ident_at(first), "the other scope")
    .help(format!(
        "give this scope its own variant name: `ident: {fix}`"
    ))
}

/// An unused variant name for `s`: `preferred` (for a derived name, the
/// name with every character spelled: `read_pets` → `ReadUnderscorePets`),
/// else its variant name numbered (`Read` → `Read2`).
fn suggest(s: &Scope, preferred: &str, taken: &HashSet<String>) -> String {
    if (s.ident_span.is_none() || !is_rust_ident(&s.ident)) && !taken.contains(preferred) {
        return preferred.to_owned();
    }
    let stem = if is_rust_ident(&s.ident) {
        s.ident.as_str()
    } else {
        preferred
    };
    (2..)
        .map(|n| format!("{stem}{n}"))
        .find(|c| !taken.contains(c))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{derive_ident, is_rust_ident, spelled};

    #[test]
    fn separators_split_words() {
        assert_eq!(derive_ident("carts_read"), "CartsRead");
        assert_eq!(derive_ident("read:pets"), "ReadPets");
        assert_eq!(derive_ident("read.pets"), "ReadPets");
        assert_eq!(
            derive_ident("playlist-modify-public"),
            "PlaylistModifyPublic"
        );
        assert_eq!(
            derive_ident("https://www.googleapis.com/auth/drive.readonly"),
            "HttpsWwwGoogleapisComAuthDriveReadonly"
        );
        assert_eq!(derive_ident("readPets"), "ReadPets");
        assert_eq!(derive_ident("admin:org_hook"), "AdminOrgHook");
    }

    #[test]
    fn other_punctuation_is_spelled() {
        assert_eq!(derive_ident("a!b"), "ABangB");
        assert_eq!(derive_ident("a#b"), "AHashB");
        assert_eq!(derive_ident("a+b"), "APlusB");
        assert_eq!(derive_ident("repo:*"), "RepoStar");
        assert_eq!(derive_ident("x?y=z&w"), "XQuestionYEqZAmpW");
        assert_eq!(derive_ident("!!"), "BangBang");
        assert_eq!(derive_ident("caf\u{e9}"), "CafU00e9");
    }

    #[test]
    fn the_start_and_keywords_are_fixed() {
        assert_eq!(derive_ident("2fa"), "S2fa");
        assert_eq!(derive_ident("self"), "SelfScope");
        assert_eq!(derive_ident("::"), "ColonColon");
        assert_eq!(derive_ident("_"), "Underscore");
        for name in ["self", "2fa", "::", "a!b", "caf\u{e9}", "_"] {
            assert!(is_rust_ident(&derive_ident(name)), "{name}");
        }
    }

    #[test]
    fn the_suggested_fix_spells_every_character() {
        assert_eq!(spelled("read_pets"), "ReadUnderscorePets");
        assert_eq!(spelled("read:pets"), "ReadColonPets");
        assert_eq!(spelled("2-fa"), "S2DashFa");
    }
}
