//! Indentation mistakes behind a block-structure error: a tab, a first
//! child off the file's step, a line indented to no open level, children
//! indented like their key.

use crate::diag::Diagnostic;
use crate::source::SourceFile;

/// An indentation mistake behind a block-structure error at `at`: a tab,
/// a first child off the file's step, or a line indented to no level open
/// above it.
pub(super) fn indentation(file: &SourceFile, at: usize, msg: &str) -> Option<Diagnostic> {
    if msg.contains("tabs disallowed") {
        return tab(file, at);
    }
    if !(msg.contains("did not find expected") || msg.contains("not allowed in this context")) {
        return None;
    }
    off_first_child(file, at).or_else(|| stray_indent(file, at))
}

/// A tab where YAML wants spaces, on the line of `at`.
fn tab(file: &SourceFile, at: usize) -> Option<Diagnostic> {
    let (line, _) = file.line_col(at);
    let start = file.offset_of(line, 1);
    let col = file.line_text(line).find('\t')?;
    Some(
        Diagnostic::error(start + col..start + col + 1, "a tab indents this line")
            .label("tab")
            .help("YAML indents with spaces; replace the tab with spaces"),
    )
}

/// A block-structure error on line L whose cause is the line before: the
/// first child of a key indented differently from the file's step, while
/// line L has the expected indentation.
fn off_first_child(file: &SourceFile, at: usize) -> Option<Diagnostic> {
    let (line, _) = file.line_col(at);
    let n = indent(file.line_text(line))?;
    let (p_line, m) = previous_content(file, line)?;
    let (q_line, q) = previous_content(file, p_line)?;
    let expected = q + indent_step(file);
    if q >= m || m == expected || n != expected || !file.line_text(q_line).trim_end().ends_with(':')
    {
        return None;
    }
    let start = file.offset_of(p_line, m + 1);
    Some(
        Diagnostic::error(
            file.token_at(start),
            format!("bad indentation: {m} spaces, where the next line has {n}"),
        )
        .label(format!("indented {m} spaces"))
        .note(
            file.token_at(file.offset_of(line, n + 1)),
            format!("indented {n} spaces"),
        )
        .help(format!(
            "indent the keys of one mapping equally ({expected} spaces here, as elsewhere in the file)"
        )),
    )
}

/// The line of `at` indented to no level open above it: between a key and
/// its parent's, or deeper than a key that already has its value.
fn stray_indent(file: &SourceFile, at: usize) -> Option<Diagnostic> {
    let (line, _) = file.line_col(at);
    let n = indent(file.line_text(line))?;
    let levels = open_levels(file, line);
    let &(k_line, k) = levels.first()?;
    let child_of_k = n > k && file.line_text(k_line).trim_end().ends_with(':');
    if child_of_k || levels.iter().any(|&(_, i)| i == n) {
        return None;
    }
    Some(
        Diagnostic::error(
            file.token_at(file.offset_of(line, n + 1)),
            format!("bad indentation: {n} spaces, where line {k_line} has {k}"),
        )
        .label(format!("indented {n} spaces"))
        .note(
            file.token_at(file.offset_of(k_line, k + 1)),
            format!("indented {k} spaces"),
        )
        .help(format!(
            "indent it like its siblings ({k} spaces, as on line {k_line}), or like its parent's"
        )),
    )
}

/// The indentation levels open above 1-based `line`, nearest first, as
/// (line, spaces): each earlier key or list item indented less than all
/// taken so far (the text of a value opens none). A list item `- key:`
/// opens two, its key's and its `-`'s.
fn open_levels(file: &SourceFile, line: usize) -> Vec<(usize, usize)> {
    let mut levels: Vec<(usize, usize)> = Vec::new();
    for l in (1..line).rev() {
        let t = file.line_text(l);
        let Some(i) = indent(t) else { continue };
        let mut rest = &t[i..];
        let dash = rest.starts_with("- ");
        while let Some(r) = rest.strip_prefix("- ") {
            rest = r.trim_start_matches(' ');
        }
        let is_key = rest.contains(": ") || rest.trim_end().ends_with(':');
        let key = (t.len() - rest.len(), is_key);
        for (level, opens) in [key, (i, dash || is_key)] {
            if opens && levels.last().is_none_or(|&(_, last)| level < last) {
                levels.push((l, level));
            }
        }
        if i == 0 {
            break;
        }
    }
    levels
}

/// For a key with no value at `at`: the next line, when it is a key
/// indented exactly like this one (a child written one level too far
/// left), and this key's name.
pub(super) fn same_indent_child(file: &SourceFile, at: usize) -> Option<(usize, String)> {
    let (line, _) = file.line_col(at);
    let t = file.line_text(line);
    let k = indent(t)?;
    let key = t[k..].split(':').next()?.trim().to_owned();
    let next = (line + 1..=file.line_count()).find(|&l| indent(file.line_text(l)).is_some())?;
    let n = file.line_text(next);
    (indent(n)? == k && n.contains(':')).then(|| (file.offset_of(next, k + 1), key))
}

/// Indentation of a line (spaces), and whether it holds content.
pub(super) fn indent(line: &str) -> Option<usize> {
    let t = line.trim_start_matches(' ');
    (!t.is_empty() && !t.starts_with('#')).then(|| line.len() - t.len())
}

/// The previous line with content before 1-based `line`.
fn previous_content(file: &SourceFile, line: usize) -> Option<(usize, usize)> {
    (1..line)
        .rev()
        .find_map(|l| indent(file.line_text(l)).map(|i| (l, i)))
}

/// The indentation step the file uses most (2 when it cannot tell).
fn indent_step(file: &SourceFile) -> usize {
    let mut counts = [0usize; 9];
    let mut prev: Option<usize> = None;
    for l in 1..=file.line_count() {
        let Some(i) = indent(file.line_text(l)) else {
            continue;
        };
        if let Some(p) = prev
            && i > p
            && i - p < counts.len()
        {
            counts[i - p] += 1;
        }
        prev = Some(i);
    }
    (1..counts.len())
        .max_by_key(|&s| (counts[s], std::cmp::Reverse(s)))
        .filter(|&s| counts[s] > 0)
        .unwrap_or(2)
}
