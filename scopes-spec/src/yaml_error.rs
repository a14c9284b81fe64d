//! YAML and shape errors from serde-saphyr, said in the spec author's terms
//! (keys, lists, mappings, documents; never Rust types or library options)
//! and put on the token at fault, where the library's own location is
//! somewhere else (a run-on quote, a mapping that lacks a key).

use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Budget, Error, MessageFormatter, UserMessageFormatter};

use crate::diag::Diagnostic;
use crate::source::{SourceFile, YAML_SPACE};
use crate::suggest::did_you_mean;

mod indent;
mod keys;
mod syntax;

use indent::same_indent_child;
use keys::{document_start, duplicate_key, key_before, mapping_owner};
use syntax::syntax;

/// The options every spec is read with: YAML 1.2 booleans only (`true`,
/// `false`), so `yes` or `on` never decides access; the default budget.
pub(crate) fn options() -> serde_saphyr::Options {
    serde_saphyr::options! { strict_booleans: true, budget: Some(Budget::default()) }
}

/// The diagnostic for a serde-saphyr error.
pub(crate) fn diagnostic(file: &SourceFile, e: &Error) -> Diagnostic {
    let e = e.without_snippet();
    if let Error::AliasError { error, .. } = e {
        return diagnostic(file, error);
    }
    let at = offset(file, e);
    let here = |message: String| Diagnostic::error(file.token_at(at), message).label("here");
    if is_empty(file) {
        return Diagnostic::error(0..0, "the spec is empty")
            .label("no content")
            .help("a spec is a mapping that starts with `name: <api>`");
    }
    if let Some(message) = mismatch(file, at, e) {
        return wrong_shape(file, at, message);
    }
    if let Some(message) = limit(e) {
        return here(message).help(
            "a spec needs no more than plain keys, lists and a few anchors; simplify the file",
        );
    }
    match e {
        Error::Message { msg, .. } => {
            let (message, help) = match msg.split_once("; help: ") {
                Some((m, h)) => (m.to_owned(), Some(h.to_owned())),
                None => (msg.clone(), None),
            };
            here(message).maybe_help(help)
        }
        Error::SerdeUnknownField {
            field, expected, ..
        } => unknown_key(file, at, field, expected),
        Error::SerdeMissingField { field, .. } => {
            let owner = mapping_owner(file, at);
            Diagnostic::error(file.key_at(owner), format!("missing key `{field}`"))
                .label(format!("this mapping has no `{field}`"))
                .help(format!("add `{field}: ...`"))
        }
        Error::DuplicateMappingKey { key, .. } => duplicate_key(file, at, key.as_deref()),
        Error::MultipleDocuments { .. }
        | Error::Budget {
            breach: BudgetBreach::Documents { .. },
            ..
        } => {
            let at = document_start(file, at);
            Diagnostic::error(
                file.token_at(at),
                "the file holds several YAML documents; a spec is one document",
            )
            .label("a second document starts here")
            .help("remove what follows the first document, or put each spec in its own file")
        }
        Error::NullIntoString { .. } => {
            let key = key_before(file, at);
            Diagnostic::error(file.key_at(key), "this key needs a value")
                .label("no value")
                .help("write the value after the `:`")
        }
        Error::UnknownAnchor { .. } => {
            here("this alias (`*name`) names no anchor (`&name`) defined before it".to_owned())
        }
        Error::Eof { .. } => here("the file ends in the middle of a value".to_owned()),
        Error::ExternalMessage { msg, .. } => syntax(file, at, msg),
        _ => here(strip_location(&UserMessageFormatter.format_message(e))),
    }
}

/// A value of the wrong shape at `at`; "found no value" for a key whose
/// children are indented like it points at both lines.
fn wrong_shape(file: &SourceFile, at: usize, message: String) -> Diagnostic {
    match same_indent_child(file, at) {
        Some((child, key)) if message.ends_with("found no value") => {
            Diagnostic::error(file.key_at(key_before(file, at)), message)
                .label("no value")
                .note(
                    file.key_at(child),
                    format!("indented like `{key}`, not under it"),
                )
                .help(format!(
                    "if the lines below belong to `{key}`, indent them more than `{key}`"
                ))
        }
        _ => Diagnostic::error(file.token_at(at), message).label("here"),
    }
}

/// A key the mapping at `at` does not have, with the closest it does.
fn unknown_key(file: &SourceFile, at: usize, field: &str, expected: &[&str]) -> Diagnostic {
    Diagnostic::error(file.key_at(at), format!("unknown key `{field}`"))
        .label("unknown key")
        .help(
            did_you_mean(field, expected.iter().copied()).unwrap_or_else(|| {
                let keys: Vec<String> = expected.iter().map(|k| format!("`{k}`")).collect();
                format!("the keys here are {}", keys.join(", "))
            }),
        )
}

/// A value of the wrong shape: "expected a list, found `GET`".
fn mismatch(file: &SourceFile, at: usize, e: &Error) -> Option<String> {
    let (expected, found) = match e {
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | Error::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => (expected.as_str(), shape(unexpected)),
        Error::Unexpected { expected, .. } => (*expected, self::found(file, at)),
        _ => return None,
    };
    Some(format!("expected {}, found {found}", shape(expected)))
}

/// A resource limit of the YAML reader, said as what the file has too
/// much of.
fn limit(e: &Error) -> Option<String> {
    Some(match e {
        Error::Budget { breach, .. } => budget(breach),
        Error::AliasReplayLimitExceeded {
            max_total_replayed_events,
            ..
        } => format!(
            "aliases (`*name`) expand to too much: more than {max_total_replayed_events} values"
        ),
        Error::AliasExpansionLimitExceeded {
            max_expansions_per_anchor,
            ..
        } => format!("one anchor is used too often: more than {max_expansions_per_anchor} times"),
        Error::AliasReplayStackDepthExceeded { max_depth, .. } => {
            format!("aliases (`*name`) nest too deep: more than {max_depth} levels")
        }
        _ => return None,
    })
}

/// Byte offset of the error's location.
fn offset(file: &SourceFile, e: &Error) -> usize {
    let start = e.location().map_or(0, |loc| {
        loc.span().byte_offset().map_or_else(
            || file.offset_of(loc.line() as usize, loc.column() as usize),
            |b| b as usize,
        )
    });
    file.text.floor_char_boundary(start)
}

/// serde-saphyr may append " at line L, column C"; the renderer shows it.
fn strip_location(message: &str) -> String {
    message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i])
        .to_owned()
}

/// serde's words for shapes, in YAML's words.
fn shape(s: &str) -> String {
    if s.starts_with("struct ") || s == "map" || s == "a map" {
        return "a mapping".to_owned();
    }
    match s {
        "sequence" | "a sequence" | "sequence start" => "a list".to_owned(),
        "mapping start" | "empty mapping start" => "a mapping".to_owned(),
        "string scalar" | "scalar" => "a single value".to_owned(),
        "unit value" => "nothing".to_owned(),
        _ => s.to_owned(),
    }
}

/// Whether the file holds no YAML content (a byte-order mark, blank lines,
/// comments, markers).
fn is_empty(file: &SourceFile) -> bool {
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    text.lines().all(|l| {
        let t = l.trim_matches(YAML_SPACE);
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

/// What the value at `at` is, in YAML's words.
fn found(file: &SourceFile, at: usize) -> String {
    let rest = &file.text[at..];
    let token = &file.text[file.token_at(at)];
    if rest.trim_start_matches(YAML_SPACE).is_empty() || matches!(token, ":" | "~" | "null" | "") {
        "no value".to_owned()
    } else if rest.starts_with('[') || rest.starts_with("- ") {
        "a list".to_owned()
    } else if rest.starts_with('{') {
        "a mapping".to_owned()
    } else {
        format!("`{}`", &file.text[file.token_at(at)])
    }
}

fn budget(breach: &BudgetBreach) -> String {
    let b = Budget::default();
    match breach {
        BudgetBreach::Aliases { .. } => {
            format!("too many aliases (`*name`): more than {}", b.max_aliases)
        }
        BudgetBreach::Anchors { .. } => {
            format!("too many anchors (`&name`): more than {}", b.max_anchors)
        }
        BudgetBreach::AliasAnchorRatio { aliases, anchors } => format!(
            "too many aliases for the anchors they use: {aliases} aliases of {anchors} anchors"
        ),
        BudgetBreach::Depth { .. } => {
            format!("nested too deep: more than {} levels", b.max_depth)
        }
        BudgetBreach::Events { .. } => {
            format!(
                "the file is too large: more than {} YAML items",
                b.max_events
            )
        }
        BudgetBreach::Nodes { .. } => {
            format!("too many values: more than {}", b.max_nodes)
        }
        BudgetBreach::ScalarBytes { .. } => format!(
            "too much text: more than {} bytes of values",
            b.max_total_scalar_bytes
        ),
        BudgetBreach::MergeKeys { .. } => {
            format!("too many merge keys (`<<`): more than {}", b.max_merge_keys)
        }
        _ => "the file is too large or too complex for a spec".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::shape;

    /// serde's words for shapes (serde_derive's `expecting` for a struct,
    /// `Unexpected::Map`, `Unexpected::Unit`, the map and sequence
    /// visitors' `expecting`) and the YAML reader's event names, said in
    /// YAML's words; anything else is kept.
    #[test]
    fn serde_and_reader_shapes_are_said_in_yaml_words() {
        for (said, yaml) in [
            ("struct Conventions", "a mapping"),
            ("struct Scope", "a mapping"),
            ("map", "a mapping"),
            ("a map", "a mapping"),
            ("mapping start", "a mapping"),
            ("empty mapping start", "a mapping"),
            ("sequence", "a list"),
            ("a sequence", "a list"),
            ("sequence start", "a list"),
            ("string scalar", "a single value"),
            ("scalar", "a single value"),
            ("unit value", "nothing"),
            ("an integer", "an integer"),
            ("structure", "structure"),
        ] {
            assert_eq!(shape(said), yaml, "{said}");
        }
    }
}
