//! Keys and tokens at the edges `source.rs` documents (issue 14 item 2,
//! mutation testing): a key runs up to the `:` that is followed by a space,
//! a tab or the end of the token (YAML 1.2 §7.4: `a:: 1` is the key `a:`
//! with the value 1; `a:b` is one plain scalar), the `-` of a list item is
//! its own key, and a token is a scalar up to the end of the line, a `,`,
//! `]`, `}` or a comment, quotes included.

use scopes_spec::SourceFile;

/// (text, offset, key at the offset, token at the offset)
const CASES: &[(&str, usize, &str, &str)] = &[
    ("a:: 1\n", 0, "a:", "a:: 1"),
    ("a::\n", 0, "a:", "a:"),
    ("ab::\tx\n", 0, "ab:", "ab::\tx"),
    ("k:\tv\n", 0, "k", "k:\tv"),
    ("a:b:c: d\n", 0, "a:b:c", "a:b:c: d"),
    ("{a::, b}\n", 1, "a:", "a:"),
    ("- x\n", 0, "-", "- x"),
    ("-\n", 0, "-", "-"),
    ("-x: 1\n", 0, "-x", "-x: 1"),
    ("'q': 1\n", 0, "'q'", "'q'"),
    ("x   # c\n", 0, "x", "x"),
    ("k: [v1, v2]\n", 4, "v1", "v1"),
    ("k: [v1, v2]\n", 8, "v2", "v2"),
    ("k: {a: b}\n", 4, "a", "a: b"),
    ("é:\n", 0, "é", "é"),
    ("k: é\n", 3, "é", "é"),
];

#[test]
fn keys_end_at_the_colon_a_space_or_the_end_follows() {
    for &(text, offset, key, token) in CASES {
        let file = SourceFile::new("t.yaml", text);
        let k = file.key_at(offset);
        let t = file.token_at(offset);
        assert_eq!(&file.text[k.clone()], key, "key of {text:?} at {offset}");
        assert_eq!(
            &file.text[t.clone()],
            token,
            "token of {text:?} at {offset}"
        );
        assert_eq!(k.start, offset, "{text:?}");
        assert!(k.end <= t.end, "{text:?}: the key is within the token");
    }
}

#[test]
fn a_token_in_the_middle_of_a_character_starts_at_the_character() {
    // `é` is bytes 3..5 of "k: é"; byte 4 is inside it.
    let file = SourceFile::new("t.yaml", "k: é\n");
    assert_eq!(file.token_at(4), 3..5);
    assert_eq!(file.key_at(4), 3..5);
    // At the end of the text: an empty range there, never past it.
    let end = file.text.len();
    assert_eq!(file.token_at(end), end..end);
    assert_eq!(file.key_at(end), end..end);
}
