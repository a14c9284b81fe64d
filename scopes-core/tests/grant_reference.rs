//! Granted-scope parsing (`scopes_core::grant::parse_with`) against a
//! reference written here from RFC 6749 §3.3 (`scope = scope-token *( SP
//! scope-token )`, `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )`), with the
//! spec's extra delimiters, a toy scope set with closures, and generated
//! strings: the same grant and counts, the first bad byte named, and never
//! a partial grant. Added for mutation testing (issue 14): the crate's own
//! tests did not reach the parser.

use scopes_core::grant::{GrantError, GrantStats, parse_with};

/// Toy scopes: name, and its closure as bits of one word. `write` implies
/// `read`; `admin` implies everything.
const SCOPES: &[(&str, u64)] = &[
    ("read", 0b0001),
    ("write", 0b0011),
    ("delete", 0b0100),
    ("admin", 0b1111),
    ("a:b", 0b1_0000),
];

fn lookup(token: &[u8]) -> Option<&'static [u64]> {
    SCOPES
        .iter()
        .find(|(name, _)| name.as_bytes() == token)
        .map(|(_, bits)| std::slice::from_ref(bits))
}

fn token_byte(b: u8) -> bool {
    b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b)
}

/// The reference: split on SP and the delimiters, OR the closures, count
/// known and unknown tokens; a byte outside the grammar refuses it all.
fn reference(scope: &str, delimiters: &[u8]) -> Result<(u64, GrantStats), GrantError> {
    if let Some((offset, &byte)) = scope
        .as_bytes()
        .iter()
        .enumerate()
        .find(|&(_, &b)| b != b' ' && !token_byte(b))
    {
        return Err(GrantError { offset, byte });
    }
    let mut bits = 0;
    let mut stats = GrantStats::default();
    for token in
        scope.split(|c: char| c == ' ' || (c.is_ascii() && delimiters.contains(&(c as u8))))
    {
        if token.is_empty() {
            continue;
        }
        match SCOPES.iter().find(|(n, _)| *n == token) {
            Some((_, b)) => {
                bits |= b;
                stats.known += 1;
            }
            None => stats.unknown += 1,
        }
    }
    Ok((bits, stats))
}

fn check(scope: &str, delimiters: &[u8]) {
    // Start dirty: the parser must clear what it does not grant.
    let mut out = [u64::MAX];
    let got = parse_with(scope, delimiters, &mut out, lookup);
    match reference(scope, delimiters) {
        Ok((bits, stats)) => {
            assert_eq!(got, Ok(stats), "{scope:?} {delimiters:?}");
            assert_eq!(out[0], bits, "{scope:?} {delimiters:?}");
        }
        Err(e) => {
            assert_eq!(got, Err(e), "{scope:?}");
            assert_eq!(out[0], 0, "partial grant for {scope:?}");
        }
    }
}

#[test]
fn rfc_examples_and_edges() {
    for delimiters in [&b""[..], b",", b",+"] {
        for s in [
            "",
            " ",
            "read",
            "read write",
            "  read   delete ",
            "write,delete",
            "read+delete",
            "admin",
            "unknown",
            "read unknown other",
            "a:b",
            "read\"x",
            "read\\x",
            "read\tdelete",
            "caf\u{e9}",
            "read \u{7f}",
            ",,read,,",
            "+",
        ] {
            check(s, delimiters);
        }
    }
}

#[test]
fn error_names_byte_and_offset() {
    let mut out = [0u64];
    let e = parse_with("read wr\"te", b"", &mut out, lookup).expect_err("quote");
    assert_eq!(
        e,
        GrantError {
            offset: 7,
            byte: b'"'
        }
    );
    let text = e.to_string();
    assert!(text.contains("0x22") && text.contains("offset 7"), "{text}");
    assert!(text.contains("RFC 6749"), "{text}");
}

#[test]
fn many_words_are_or_ed_word_by_word() {
    static WIDE: [u64; 3] = [1, 1 << 63, 5];
    let mut out = [7u64, 7, 7];
    let stats = parse_with("x x y", b"", &mut out, |t| (t == b"x").then_some(&WIDE[..]));
    assert_eq!(
        stats,
        Ok(GrantStats {
            known: 2,
            unknown: 1
        })
    );
    assert_eq!(out, WIDE);
}

#[test]
fn generated_strings() {
    const PIECES: &[&str] = &[
        "read", "write", "delete", "admin", "a:b", "rea", "writex", " ", "  ", ",", "+", "\"",
        "\\", "\t", "é", "\u{7f}", "!", "#", "[", "]", "~",
    ];
    let mut x: u64 = 0x5C0_9E5;
    let mut next = |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        usize::try_from(x % n as u64).expect("small")
    };
    for _ in 0..20_000 {
        let s: String = (0..next(7)).map(|_| PIECES[next(PIECES.len())]).collect();
        let delimiters: &[u8] = [&b""[..], b",", b",+"][next(3)];
        check(&s, delimiters);
    }
}
