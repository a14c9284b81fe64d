//! Offsets to line:column and back, against a count written here (issue
//! 14 item 2, mutation testing of `src/source.rs`): a line ends at LF, at
//! CRLF and at a lone CR (YAML 1.2 §5.4); columns count characters; a
//! byte-order mark is not a column.

use scopes_spec::SourceFile;

const TEXTS: [&str; 6] = [
    "name: t\nscopes:\n  a: {description: x}\n",
    "\u{feff}name: t\r\nroutes: []\r\n",
    "a: 1\rb: 2\rc: 3",
    "k: \"é€😀\"\n\nlast",
    "",
    "\n\n",
];

/// Line and column by counting from the start of the text.
fn reference(text: &str, offset: usize) -> (usize, usize) {
    let t = lone_cr(text);
    let mut o = offset.min(t.len());
    while !t.is_char_boundary(o) {
        o -= 1;
    }
    let before = &t[..o];
    let line = before.matches('\n').count() + 1;
    let bom = if t.starts_with('\u{feff}') { 3 } else { 0 };
    let start = before.rfind('\n').map_or(bom, |i| i + 1).min(o);
    (line, t[start..o].chars().count() + 1)
}

fn lone_cr(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::new();
    for (i, c) in text.char_indices() {
        out.push(if c == '\r' && b.get(i + 1) != Some(&b'\n') {
            '\n'
        } else {
            c
        });
    }
    out
}

#[test]
fn line_and_column_of_every_offset() {
    for text in TEXTS {
        let file = SourceFile::new("t.yaml", text);
        assert_eq!(file.text, lone_cr(text));
        for offset in 0..=text.len() {
            let (line, col) = file.line_col(offset);
            assert_eq!((line, col), reference(text, offset), "{text:?} at {offset}");
            if text.is_char_boundary(offset) && !(text.starts_with('\u{feff}') && offset < 3) {
                assert_eq!(file.offset_of(line, col), offset, "{text:?} at {offset}");
            }
        }
    }
}

#[test]
fn lines_and_their_text() {
    for text in TEXTS {
        let file = SourceFile::new("t.yaml", text);
        let t = lone_cr(text);
        let lines: Vec<&str> = t.split('\n').collect();
        assert_eq!(file.line_count(), lines.len(), "{text:?}");
        for (i, want) in lines.iter().enumerate() {
            let want = want.trim_end_matches('\r');
            let want = if i == 0 {
                want.trim_start_matches('\u{feff}')
            } else {
                want
            };
            assert_eq!(file.line_text(i + 1), want, "{text:?} line {}", i + 1);
        }
        assert_eq!(file.line_text(lines.len() + 1), "");
        assert_eq!(file.offset_of(lines.len() + 1, 1), t.len());
        // A column past the end of the last line is the end of the text.
        assert_eq!(file.offset_of(lines.len(), 99), t.len());
    }
}

/// (text, offset, token at the offset, key at the offset)
#[test]
fn tokens_and_keys() {
    let cases = [
        ("name: t\n", 0, "name: t", "name"),
        ("a: \"x, y\" # c\n", 3, "\"x, y\"", "\"x, y\""),
        ("a: 'it''s'\n", 3, "'it'", "'it'"),
        ("[abc, d]", 1, "abc", "abc"),
        ("{k: v}", 1, "k: v", "k"),
        ("key:\n  x", 0, "key", "key"),
        ("url: http://x\n", 0, "url: http://x", "url"),
        ("a:b: c", 0, "a:b: c", "a:b"),
        ("  - item\n", 2, "- item", "-"),
        ("-\n", 0, "-", "-"),
        ("x # note", 0, "x", "x"),
        ("ab", 2, "", ""),
        ("\"open", 0, "\"open", "\"open"),
        ("é: 1", 1, "é: 1", "é"),
    ];
    for (text, offset, token, key) in cases {
        let file = SourceFile::new("t.yaml", text);
        let t = file.token_at(offset);
        let k = file.key_at(offset);
        assert_eq!(&text[t], token, "token of {text:?} at {offset}");
        assert_eq!(&text[k], key, "key of {text:?} at {offset}");
    }
}
