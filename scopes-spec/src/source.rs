//! A spec file's text and the mapping between byte offsets and line:column.

use std::ops::Range;

/// YAML's white space and line breaks (YAML 1.2 §5.4, §5.5). Rust's `trim`
/// and `char::is_whitespace` also take Unicode spaces such as U+0085 and
/// U+00A0, which YAML reads as content. All ASCII: a byte after one starts a
/// character.
pub(crate) const YAML_SPACE: [char; 4] = [' ', '\t', '\r', '\n'];

/// Where the key that ends `before` starts: just after the last YAML space
/// or one of `delimiters` (ASCII), or 0. Always a character boundary.
pub(crate) fn key_start(before: &str, delimiters: &str) -> usize {
    before
        .rfind(|c: char| YAML_SPACE.contains(&c) || delimiters.contains(c))
        .map_or(0, |i| i + 1)
}

/// A loaded spec file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics (a path as the user gave it).
    pub name: String,
    /// The file's text, with a lone CR (old Mac line ends) turned into LF:
    /// YAML reads both as a line break, and the byte length is unchanged,
    /// so offsets are the file's.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Wrap `text` under the display name `name`.
    #[must_use]
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = lone_cr_to_lf(text.into());
        // A byte-order mark is not a column: line 1 starts after it.
        let first = text.len() - text.strip_prefix('\u{feff}').unwrap_or(&text).len();
        let line_starts = std::iter::once(first)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of byte `offset` (of the
    /// character that holds it, when it falls inside one).
    #[must_use]
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.text.floor_char_boundary(offset);
        let line = self
            .line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.line_starts[line].min(offset);
        let col = self.text[start..offset].chars().count() + 1;
        (line + 1, col)
    }

    /// Byte offset of 1-based `line` and character `col`.
    #[must_use]
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        self.text[start..]
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    /// Number of lines (a last line without a newline counts).
    #[must_use]
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The text of the 1-based line `line`, without its newline.
    #[must_use]
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |e| start + e);
        self.text[start..end].trim_end_matches('\r')
    }

    /// The byte range of the mapping key starting at `offset` (up to its
    /// `:`), or of the `-` of a list item.
    #[must_use]
    pub fn key_at(&self, offset: usize) -> Range<usize> {
        let token = self.token_at(offset);
        let offset = token.start;
        let text = &self.text[token];
        if text.starts_with("- ") || text == "-" {
            return offset..offset + 1;
        }
        // `token_at` has dropped a `:` that ends the token, so a `:` at the
        // end here is part of the key (`a::` is the key `a:`).
        let end = text
            .match_indices(':')
            .find(|&(i, _)| text[i + 1..].starts_with([' ', '\t']))
            .map_or(text.len(), |(i, _)| i);
        offset..offset + end.max(1).min(text.len())
    }

    /// The byte range of the token starting at `offset`: a YAML scalar up to
    /// the end of the line, a `,`, `]` or `}` (quotes included).
    #[must_use]
    pub fn token_at(&self, offset: usize) -> Range<usize> {
        let offset = self.text.floor_char_boundary(offset);
        let rest = &self.text[offset..];
        let len = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].find(q).map_or(rest.len(), |e| e + 2),
            _ => rest.find(['\n', ',', ']', '}', '#']).unwrap_or(rest.len()),
        };
        // YAML's white space only: U+0085 or U+00A0 are content.
        let token = rest[..len].trim_end_matches(YAML_SPACE);
        let token = token.strip_suffix(':').unwrap_or(token);
        // At least one character, where there is one: never past the end,
        // never inside a character.
        let len = match rest.chars().next() {
            Some(first) if token.is_empty() => first.len_utf8(),
            _ => token.len(),
        };
        offset..offset + len
    }
}

/// `a\rb` → `a\nb`; `\r\n` is kept.
fn lone_cr_to_lf(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(if c == '\r' && chars.peek() != Some(&'\n') {
            '\n'
        } else {
            c
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::SourceFile;

    #[test]
    fn offsets_and_positions_round_trip() {
        let f = SourceFile::new("x.yaml", "a: 1\nbé: [x, y]\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(5), (2, 1));
        // `[` is the 5th character of line 2 but the 6th byte.
        let bracket = f.text.find('[').unwrap();
        assert_eq!(f.line_col(bracket), (2, 5));
        assert_eq!(f.offset_of(2, 5), bracket);
        assert_eq!(f.line_text(2), "bé: [x, y]");
        assert_eq!(&f.text[f.token_at(bracket + 1)], "x");
    }

    #[test]
    fn an_offset_inside_a_character_is_that_character() {
        // `é` is bytes 6..8 of "a: 1\nbé"; byte 7 is inside it, at 2:2.
        let f = SourceFile::new("x.yaml", "a: 1\nbé: x\n");
        assert_eq!(f.line_col(7), (2, 2));
        assert_eq!(f.line_col(6), (2, 2));
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        // Editors show `a` of "\u{feff}a: 1" (BOM: 3 bytes) at 1:1.
        let f = SourceFile::new("x.yaml", "\u{feff}a: 1\nb: 2\n");
        assert_eq!(f.line_col(3), (1, 1));
        assert_eq!(f.line_col(6), (1, 4));
        assert_eq!(f.offset_of(1, 1), 3);
        assert_eq!(f.offset_of(1, 4), 6);
        assert_eq!(f.line_col(8), (2, 1)); // `b`: after 3 + 4 bytes and `\n`
        assert_eq!(f.line_text(1), "a: 1");
    }
}
