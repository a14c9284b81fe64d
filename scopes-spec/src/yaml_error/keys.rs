//! Where the keys of an error are: the key that owns a mapping, the key
//! before a missing value, the first of a duplicated key, the start of a
//! second document.

use super::indent::indent;
use crate::diag::Diagnostic;
use crate::source::{SourceFile, YAML_SPACE, key_start};

/// Where the mapping that holds the key at `at` is named: its key in the
/// parent mapping (`a:` for `a: {...}`), the `-` of a list item, or its
/// first key at the top level.
pub(super) fn mapping_owner(file: &SourceFile, at: usize) -> usize {
    let text = file.text.as_bytes();
    // A flow mapping: the unmatched `{` before `at`, then the key before it.
    let mut depth = 0usize;
    let line_start = file.offset_of(file.line_col(at).0, 1);
    for i in (0..at).rev() {
        match text[i] {
            b'}' => depth += 1,
            b'{' if depth == 0 => return owner_before(file, i).unwrap_or(i),
            b'{' => depth -= 1,
            b'\n' if i < line_start => break,
            _ => {}
        }
    }
    // A block mapping: go up past siblings (same column) to the parent.
    let (line, col) = file.line_col(at);
    let k = col - 1;
    let mut first = at;
    for l in (1..=line).rev() {
        let t = file.line_text(l);
        let Some(i) = indent(t) else { continue };
        let rest = &t[i..];
        if i == k {
            first = file.offset_of(l, i + 1);
            continue;
        }
        if let Some(after) = rest.strip_prefix("- ")
            && i + 2 + (after.len() - after.trim_start().len()) == k
        {
            return file.offset_of(l, i + 1); // the list item's `-`
        }
        if i < k {
            // The parent's key, after its list markers (`- - key:`); a key
            // may itself start with `-` (`-x:`).
            let mut key = rest;
            while let Some(r) = key.strip_prefix("- ") {
                key = r.trim_start_matches(' ');
            }
            if key.trim_matches(YAML_SPACE).is_empty() {
                return file.offset_of(l, i + 1); // a bare `-`: the item itself
            }
            return file.offset_of(l, i + 1 + (rest.len() - key.len()));
        }
    }
    first
}

/// The key that names a flow mapping opened at `brace` (`a: {`), if any.
fn owner_before(file: &SourceFile, brace: usize) -> Option<usize> {
    let before = file.text[..brace].trim_end_matches(YAML_SPACE);
    let before = before.strip_suffix(':')?;
    let key_end = before.len();
    let key_start = key_start(before, "{[,");
    (key_start < key_end).then_some(key_start)
}

/// The key whose `:` ends just before `at` (for `key:` with no value).
pub(super) fn key_before(file: &SourceFile, at: usize) -> usize {
    let (line, _) = file.line_col(at);
    let start = file.offset_of(line, 1);
    let end = file.text.ceil_char_boundary(at + 1).max(start);
    let t = &file.text[start..end];
    match t.rfind(':') {
        Some(colon) => start + key_start(&t[..colon], "{,-"),
        None => at,
    }
}

/// The `---` that starts the document holding `at`.
pub(super) fn document_start(file: &SourceFile, at: usize) -> usize {
    let (line, _) = file.line_col(at);
    (1..=line)
        .rev()
        .find(|&l| file.line_text(l).starts_with("---"))
        .map_or(at, |l| file.offset_of(l, 1))
}

/// The first occurrence of a duplicated key, in the same mapping as the
/// one at `at`.
pub(super) fn duplicate_key(file: &SourceFile, at: usize, key: Option<&str>) -> Diagnostic {
    let name = key.unwrap_or("?");
    let first = key.and_then(|k| first_key(file, at, k));
    let message = match first {
        Some(f) => {
            let (l, c) = file.line_col(f);
            format!("key `{name}` appears twice in this mapping; the first is at {l}:{c}")
        }
        None => format!("key `{name}` appears twice in this mapping"),
    };
    let mut d = Diagnostic::error(file.key_at(at), message)
        .label("second time")
        .help("keep one of them (each key is written once per mapping)");
    if let Some(f) = first {
        d = d.note(file.key_at(f), "first time");
    }
    d
}

fn first_key(file: &SourceFile, at: usize, key: &str) -> Option<usize> {
    let (line, col) = file.line_col(at);
    let is_key_at = |off: usize| {
        let rest = &file.text[off..];
        [key.to_owned(), format!("\"{key}\""), format!("'{key}'")]
            .iter()
            .any(|k| rest.starts_with(k.as_str()) && rest[k.len()..].trim_start().starts_with(':'))
    };
    // Flow mapping on the same line: an earlier `key:` after `{` or `,`.
    let start = file.offset_of(line, 1);
    let mut depth = 0usize;
    for i in (start..at).rev().filter(|&i| file.text.is_char_boundary(i)) {
        match file.text.as_bytes()[i] {
            b'}' => depth += 1,
            b'{' if depth == 0 => break,
            b'{' => depth -= 1,
            _ => {}
        }
        let prev = file.text[..i].trim_end().as_bytes().last().copied();
        if depth == 0 && matches!(prev, Some(b'{' | b',')) && is_key_at(i) {
            return Some(i);
        }
    }
    // Block mapping: an earlier line at the same column, with no line
    // indented less in between.
    for l in (1..line).rev() {
        let t = file.line_text(l);
        let Some(i) = indent(t) else { continue };
        let i = if t[i..].starts_with("- ") { i + 2 } else { i };
        if i + 1 < col {
            return None;
        }
        if i + 1 == col {
            let off = file.offset_of(l, col);
            if is_key_at(off) {
                return Some(off);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{mapping_owner, owner_before};
    use crate::source::SourceFile;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("t.yaml", text)
    }

    #[test]
    fn the_owner_of_a_block_mapping_is_its_key_after_the_list_markers() {
        for (text, key) in [
            ("x:\n  - b:\n      c: 1\n", "b:"),
            ("x:\n  - - b:\n        c: 1\n", "b:"),
            ("x:\n  -   b:\n        c: 1\n", "b:"),
            ("x:\n  -b:\n    c: 1\n", "-b:"),
        ] {
            let f = file(text);
            let at = text.find("c: 1").unwrap();
            assert_eq!(mapping_owner(&f, at), text.find(key).unwrap(), "{text:?}");
        }
    }

    #[test]
    fn a_flow_mapping_is_named_by_the_key_before_it_if_any() {
        assert_eq!(owner_before(&file("a: {c: 1}"), 3), Some(0));
        assert_eq!(owner_before(&file("[a, b: {c: 1}]"), 7), Some(4));
        // No key: a list item, or an empty key.
        assert_eq!(owner_before(&file("- {c: 1}"), 2), None);
        assert_eq!(owner_before(&file("{: {c: 1}}"), 3), None);
        assert_eq!(owner_before(&file("[: {c: 1}]"), 3), None);
    }
}
