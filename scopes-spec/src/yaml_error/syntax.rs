//! YAML syntax errors moved to the mistake when the parser noticed it
//! later: a quote left open that runs on to a later line, a `{` or `[`
//! never closed, an entry of a flow collection that lacks its `,`.

use super::indent::indentation;
use super::strip_location;
use crate::diag::Diagnostic;
use crate::source::SourceFile;
use crate::source::key_start;

/// A YAML syntax error, moved to where the mistake is when the parser
/// noticed it later: a quote left open runs on to a later line, a line
/// indented differently from its parent's other children.
pub(super) fn syntax(file: &SourceFile, at: usize, msg: &str) -> Diagnostic {
    let msg = strip_location(msg);
    if let Some(open) = run_on_quote(file, at) {
        let q = &file.text[open..=open];
        let (line, _) = file.line_col(at);
        let (open_line, _) = file.line_col(open);
        return Diagnostic::error(
            open..open + 1,
            format!("unclosed `{q}`: the string runs on to line {line}"),
        )
        .label("opened here, not closed on this line")
        .note(file.token_at(at), format!("YAML fails here: {msg}"))
        .help(format!("close the `{q}` on line {open_line}"));
    }
    if msg.contains("invalid trailing content after")
        && let Some(d) = after_quote(file, at)
    {
        return d;
    }
    let flow = msg.contains("flow mapping") || msg.contains("flow sequence");
    if flow
        && let Some((open, close)) = open_bracket(file, at)
        && file.line_col(open).0 < file.line_col(at).0
    {
        return flow_not_closed(file, at, &msg, open, close.is_some());
    }
    if (msg.contains("simple key expected") || msg.contains("misplaced bracket"))
        && let Some(d) = stray_closer(file, at)
    {
        return d;
    }
    if msg.contains("simple key expected") {
        return not_key_value(file, at);
    }
    if (flow || msg.contains("mapping values are not allowed"))
        && let Some(d) = colon_in_value(file, at)
    {
        return d;
    }
    if let Some(d) = indentation(file, at, &msg) {
        return d;
    }
    let d = Diagnostic::error(file.token_at(at), msg.clone()).label("here");
    // A path parameter on the error's own line: the parser read its `{`
    // as a flow mapping. (On another line it is not this error's cause.)
    if flow && file.line_text(file.line_col(at).0).contains("/{") {
        return d.help(
            "inside `{...}` or `[...]`, quote a path with parameters: `path: \"/pets/{id}\"`",
        );
    }
    d
}

/// Text after a quoted value closed earlier on the line of `at`.
fn after_quote(file: &SourceFile, at: usize) -> Option<Diagnostic> {
    let (line, _) = file.line_col(at);
    let (open, close) = pieces(file.text.as_bytes())
        .take_while(|p| p.start() < at)
        .filter_map(|p| match p {
            Piece::Quoted {
                open,
                close: Some(close),
            } if file.line_col(close).0 == line => Some((open, close)),
            _ => None,
        })
        .last()?;
    let q = &file.text[close..=close];
    Some(
        Diagnostic::error(file.token_at(at), format!("text after the closing `{q}`"))
            .label("outside the quotes")
            .note(open..close + 1, "the quoted value")
            .help("put the whole value inside the quotes, or remove the text after them"),
    )
}

/// A `}` or `]` on the line of `at` that closes nothing.
fn stray_closer(file: &SourceFile, at: usize) -> Option<Diagnostic> {
    let (line, _) = file.line_col(at);
    let end = file.offset_of(line + 1, 1);
    let mut depth = 0usize;
    for p in pieces(file.text.as_bytes()).take_while(|p| p.start() < end) {
        match p {
            Piece::Byte(_, b'{' | b'[') => depth += 1,
            Piece::Byte(i, c @ (b'}' | b']')) if depth == 0 && file.line_col(i).0 == line => {
                let (open, close) = if c == b'}' { ('{', '}') } else { ('[', ']') };
                return Some(
                    Diagnostic::error(i..i + 1, format!("`{close}` closes nothing"))
                        .label(format!("no `{open}` is open here"))
                        .help("remove it"),
                );
            }
            Piece::Byte(_, b'}' | b']') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// A line of a block mapping that is not `key: value`: a key with no `:`,
/// or no space after it.
fn not_key_value(file: &SourceFile, at: usize) -> Diagnostic {
    let (line, _) = file.line_col(at);
    let t = file.line_text(line);
    let n = t.len() - t.trim_start_matches(' ').len();
    let rest = t[n..].trim_end();
    let help = match rest.find(':') {
        Some(i) if !rest[i + 1..].is_empty() => format!(
            "put a space after the `:`: `{}: {}`",
            &rest[..i],
            &rest[i + 1..]
        ),
        _ => "write `key: value`, or `- value` for an item of a list".to_owned(),
    };
    let start = file.offset_of(line, n + 1);
    Diagnostic::error(start..start + rest.len(), "expected `key: value` here")
        .label("not `key: value`")
        .help(help)
}

/// `key: a: b` where the parser stops at the second `:`: a `: ` inside a
/// plain value, which YAML reads as the start of a mapping.
fn colon_in_value(file: &SourceFile, at: usize) -> Option<Diagnostic> {
    if !file.text[at..].starts_with(':') {
        return None;
    }
    let (line, _) = file.line_col(at);
    let start = file.offset_of(line, 1);
    let before = &file.text[start..at];
    let colon = before.rfind(": ")?;
    let key = &before[key_start(&before[..colon], "{,")..colon];
    let value = file.text[start + colon + 2..file.token_at(at).end].trim();
    let quoted = if value.contains('"') {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        format!("\"{value}\"")
    };
    Some(
        Diagnostic::error(at..at + 1, "a value with `: ` in it must be quoted")
            .label("YAML reads this `:` as the start of a mapping")
            .help(format!("quote the value: `{key}: {quoted}`")),
    )
}

/// What a scan of the YAML text meets outside comments: a quoted scalar
/// (where it opens and closes) or any other byte.
#[cfg_attr(test, derive(Debug, PartialEq))]
enum Piece {
    Quoted { open: usize, close: Option<usize> },
    Byte(usize, u8),
}

impl Piece {
    fn start(&self) -> usize {
        match *self {
            Piece::Quoted { open, .. } => open,
            Piece::Byte(i, _) => i,
        }
    }
}

/// The text's pieces from its start. A quote opens a scalar only where a
/// value starts (after `:`, `-`, `[`, `{`, `,`, `?` or a line break).
fn pieces(text: &[u8]) -> impl Iterator<Item = Piece> + '_ {
    let mut i = 0;
    let mut line_has_value = false; // a non-space since the last value start
    std::iter::from_fn(move || {
        loop {
            let c = *text.get(i)?;
            match c {
                b'#' if i == 0 || text[i - 1].is_ascii_whitespace() => {
                    while i < text.len() && text[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                b'"' | b'\'' if !line_has_value => {
                    let (open, close) = (i, closing_quote(text, i));
                    i = close.map_or(text.len(), |c| c + 1);
                    line_has_value = true;
                    return Some(Piece::Quoted { open, close });
                }
                b'\n' | b':' | b'-' | b'[' | b'{' | b',' | b'?' => line_has_value = false,
                b' ' | b'\t' => {}
                _ => line_has_value = true,
            }
            i += 1;
            return Some(Piece::Byte(i - 1, c));
        }
    })
}

/// A flow collection opened at `open` on an earlier line than `at`, where
/// the parser wanted a `,` or its closing bracket: when it closes later the
/// collection is written over several lines and an entry lacks its `,`;
/// when it never closes, its bracket is the mistake.
fn flow_not_closed(
    file: &SourceFile,
    at: usize,
    msg: &str,
    open: usize,
    closes_later: bool,
) -> Diagnostic {
    let (b, close, what) = if file.text.as_bytes()[open] == b'{' {
        ('{', '}', "mapping")
    } else {
        ('[', ']', "list")
    };
    let (open_line, open_col) = file.line_col(open);
    if closes_later {
        return Diagnostic::error(
            file.token_at(at),
            format!("expected `,` or `{close}` before this entry"),
        )
        .label("the entry before lacks its `,`")
        .note(open..open + 1, format!("the {what} opens here"))
        .help(format!(
            "separate the entries of the {what} opened at {open_line}:{open_col} with `,`"
        ));
    }
    Diagnostic::error(
        open..open + 1,
        format!("unclosed `{b}`: the {what} opened here is not closed on its line"),
    )
    .label("opened here")
    .note(file.token_at(at), format!("YAML fails here: {msg}"))
    .help(format!("close it with `{close}` on line {open_line}"))
}

/// The opening quote of a quoted scalar that starts on an earlier line and
/// is still open at `at`, or closes on `at`'s line.
fn run_on_quote(file: &SourceFile, at: usize) -> Option<usize> {
    let at_line = file.line_col(at).0;
    let end = file.text.len();
    pieces(file.text.as_bytes())
        .take_while(|p| p.start() <= at)
        .find_map(|p| match p {
            Piece::Quoted { open, close } if open < at => {
                let end_line = file.line_col(close.unwrap_or(end)).0;
                (file.line_col(open).0 < at_line && end_line >= at_line).then_some(open)
            }
            _ => None,
        })
}

/// The innermost `{` or `[` still open at `at`, and where it closes
/// (`None`: never).
fn open_bracket(file: &SourceFile, at: usize) -> Option<(usize, Option<usize>)> {
    let mut stack = Vec::new();
    let mut inner = None; // (offset, depth) of the bracket open at `at`
    for p in pieces(file.text.as_bytes()) {
        let Piece::Byte(i, b) = p else { continue };
        if i >= at && inner.is_none() {
            inner = Some((*stack.last()?, stack.len()));
        }
        match b {
            b'{' | b'[' => stack.push(i),
            b'}' | b']' => {
                stack.pop();
                if let Some((open, depth)) = inner
                    && stack.len() < depth
                {
                    return Some((open, Some(i)));
                }
            }
            _ => {}
        }
    }
    inner
        .map(|(open, _)| open)
        .or(stack.last().copied())
        .map(|open| (open, None))
}

/// Where the quote opened at `open` closes.
fn closing_quote(text: &[u8], open: usize) -> Option<usize> {
    let q = text[open];
    let mut i = open + 1;
    while i < text.len() {
        match text[i] {
            b'\\' if q == b'"' => i += 1,
            b'\'' if q == b'\'' && text.get(i + 1) == Some(&b'\'') => i += 1,
            c if c == q => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::Piece::{Byte, Quoted};
    use super::{Piece, pieces};

    fn all(text: &str) -> Vec<Piece> {
        pieces(text.as_bytes()).collect()
    }

    #[test]
    fn a_comment_is_skipped_to_its_line_break_or_the_end_of_the_text() {
        // YAML 1.2 §6.6: `#` after white space starts a comment that runs
        // to the end of its line; the last line may lack its break.
        assert_eq!(
            all("a # c\nb"),
            [Byte(0, b'a'), Byte(1, b' '), Byte(5, b'\n'), Byte(6, b'b')]
        );
        assert_eq!(all("a # c"), [Byte(0, b'a'), Byte(1, b' ')]);
        assert_eq!(all("# c"), []);
        // Not after white space, `#` is part of a plain scalar.
        assert_eq!(all("a#c"), [Byte(0, b'a'), Byte(1, b'#'), Byte(2, b'c')]);
    }

    #[test]
    fn a_quote_opens_a_scalar_only_where_a_value_starts() {
        // YAML 1.2 §7.3: `'it''s'` (a doubled quote) and `"a\"b"` (an
        // escaped one) are one scalar each; an unclosed one runs to the end.
        assert_eq!(
            all("'it''s'"),
            [Quoted {
                open: 0,
                close: Some(6)
            }]
        );
        assert_eq!(
            all("\"a\\\"b\""),
            [Quoted {
                open: 0,
                close: Some(5)
            }]
        );
        assert_eq!(
            all("a: 'x"),
            [
                Byte(0, b'a'),
                Byte(1, b':'),
                Byte(2, b' '),
                Quoted {
                    open: 3,
                    close: None
                }
            ]
        );
        // Inside a plain scalar a quote is a character.
        assert_eq!(all("x'y"), [Byte(0, b'x'), Byte(1, b'\''), Byte(2, b'y')]);
    }
}
