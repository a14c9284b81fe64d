//! Characters that Rust's `str::trim` counts as whitespace but YAML 1.2
//! does not (YAML's white space is only space and tab, its line breaks LF
//! and CR: YAML 1.2 §5.4, §5.5). The spec_check fuzz campaign found
//! `scopes:\n  \u{85}` (NEXT LINE, two bytes in UTF-8) panicking: a token
//! trimmed to nothing was widened to one *byte*, inside the character.

use scopes_spec::{SourceFile, load_str};

/// Every character of Unicode's `White_Space` property outside ASCII, plus
/// the byte-order mark and a zero-width space YAML also reads as content.
const NOT_YAML_SPACE: [char; 20] = [
    '\u{85}', '\u{a0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}',
    '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200a}', '\u{2028}', '\u{2029}',
    '\u{202f}', '\u{205f}', '\u{3000}', '\u{200b}',
];

fn texts(c: char) -> Vec<String> {
    [
        "scopes:\n  C",
        "C",
        "name: C",
        "name: t\nC\n",
        "name: t\nscopes:\n  C: {description: x}\n",
        "name: t\nscopes:\n  a: {description: C, bogus: 1}\n",
        "name: t\nroutes: [C]\n",
        "name: t\nroutes:\n  - {path: /a, methods: [C], public: true}\n",
        "name: t\nroutes:\n  - C\n",
        "name: t\nscopes:\n  a:\n    description: x\n   C implies: []\n",
        // Found by the second spec_check campaign (a key holding U+0085
        // before a `: :`), and the other places a key is looked for
        // backwards from a `:` or a `{`.
        "name: t\nconventions:\n  actions:\n    rCx: : {methods: [GET]}\n",
        "name: t\nscopes:\n  a: {description: xCy: z}\n",
        "name: t\nscopes:\n  aCb: {description: x, description: y}\n",
        "name: t\nscopes:\n  xC: {a: 1, a: 2}\n",
        "name: t\nscopes:\n  aCb:\nroutes: 1\n",
        "name: t\nscopes:\n  a:\n    Cdescription:\n",
    ]
    .iter()
    .map(|t| t.replace('C', &c.to_string()))
    .collect()
}

#[test]
fn a_unicode_space_in_a_spec_is_a_located_error_or_content_never_a_panic() {
    for c in NOT_YAML_SPACE {
        for text in texts(c) {
            let Err(report) = load_str("t.yaml", text.as_str()) else {
                continue; // read as content: nothing to locate
            };
            for d in report.errors() {
                assert!(
                    text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
                    "{text:?}: span {:?} of `{}` cuts a character",
                    d.span,
                    d.message
                );
                assert!(d.span.end <= text.len(), "{text:?}: {:?}", d.span);
            }
            assert!(report.errors().next().is_some(), "{text:?}: no error");
            assert!(report.render(false).contains("t.yaml:"), "{text:?}");
        }
    }
}

#[test]
fn tokens_and_keys_cover_whole_characters() {
    for c in NOT_YAML_SPACE {
        for text in texts(c) {
            let file = SourceFile::new("t.yaml", text.as_str());
            for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                for (what, r) in [
                    ("token", file.token_at(offset)),
                    ("key", file.key_at(offset)),
                ] {
                    assert!(
                        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
                        "{what} of {text:?} at {offset}: {r:?} cuts a character"
                    );
                    // At least one character where there is one (the doc
                    // of `token_at` and `key_at`).
                    assert!(
                        offset == text.len() || !r.is_empty(),
                        "{what} of {text:?} at {offset} is empty"
                    );
                }
            }
        }
    }
}

#[test]
fn the_fuzz_finding_is_one_error_on_its_line() {
    let text = "scopes:\n  \u{85}";
    let report = load_str("t.yaml", text).expect_err("not a spec");
    let d = report.errors().next().expect("one error");
    // The NEXT LINE character is on line 2, column 3 (YAML 1.2 does not
    // break lines on it).
    assert_eq!(report.file.line_col(d.span.start), (2, 3));
    assert_eq!(&text[d.span.clone()], "\u{85}");
}

#[test]
fn a_unicode_space_is_content_in_the_words_of_an_error() {
    // YAML 1.2 §5.4/§5.5: only space and tab are white space, so U+0085 is
    // a one-character plain scalar where a mapping is expected.
    let report = load_str("t.yaml", "scopes:\n  \u{85}").expect_err("not a spec");
    let d = report.errors().next().expect("one error");
    assert!(
        d.message.contains("found `\u{85}`"),
        "the value is named: {}",
        d.message
    );
    // A file of one U+00A0 holds a plain scalar, not nothing.
    let report = load_str("t.yaml", "\u{a0}\n").expect_err("not a spec");
    let d = report.errors().next().expect("one error");
    assert!(!d.message.contains("empty"), "{}", d.message);
}

#[test]
fn an_escaped_path_is_located_on_its_whole_scalar() {
    // A double-quoted path with escapes is longer or shorter in the file
    // than its value: the error covers the scalar as written.
    for (text, scalar) in [
        ("name: t\nroutes: [\"\\t\u{e9}\"]\n", "\"\\t\u{e9}\""),
        (
            "name: t\nroutes: [\"/\\L\\L\\L\\L\\L\\L\\L\\L\\L\\L\\L\\L\"]\n",
            "\"/\\L\\L\\L\\L\\L\\L\\L\\L\\L\\L\\L\\L\"",
        ),
        (
            "name: t\nroutes:\n  - {path: \"\\x41/a\", methods: [GET], public: true}\n",
            "\"\\x41/a\"",
        ),
    ] {
        let report = load_str("t.yaml", text).expect_err(text);
        let at = text.find(scalar).expect("the scalar");
        for d in report.errors() {
            assert!(
                d.span.start >= at && d.span.end <= at + scalar.len(),
                "{text:?}: `{}` at {:?}, outside the scalar {:?}",
                d.message,
                d.span,
                at..at + scalar.len()
            );
        }
    }
}
