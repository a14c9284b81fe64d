//! Canonical paths against a reference model written here from RFC 3986
//! (§3.3 `pchar`, §2.1 percent-encoding, §6.2.2 normalisation) and the rules
//! `scopes_core::path` documents, on every raw byte, every escape, the
//! segment and length limits, each `PathRules` relaxation, and a few
//! thousand generated paths. Added for mutation testing (issue 14): the
//! crate's own tests left most of `path.rs` unpinned.

use scopes_core::path::{
    MAX_LEN, MAX_SEGMENTS, PathError, PathRules, canonical_len, is_plain_path, segment_end,
    split_canonical,
};
use scopes_core::{check_canonical, scan};

/// RFC 3986 §2.3 unreserved.
fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~".contains(&b)
}

/// RFC 3986 §3.3 `pchar` minus `pct-encoded`: unreserved, sub-delims, `:`
/// and `@` (`;`, a sub-delim, is refused apart as a path parameter).
fn raw_pchar(b: u8) -> bool {
    unreserved(b) || b"!$&'()*+,;=:@".contains(&b)
}

fn hex(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// One segment under `rules`. Several defects: the first raw byte in
/// error wins, then the first escape in error, then the decoded text.
fn reference_segment(seg: &[u8], rules: PathRules) -> Result<(), PathError> {
    if seg.is_empty() {
        return Err(PathError::EmptySegment);
    }
    if seg == b"." || seg == b".." {
        return Err(PathError::DotSegment);
    }
    for &b in seg {
        if b == 0 {
            return Err(PathError::Nul);
        }
        if b == b';' && !rules.allow_semicolon {
            return Err(PathError::PathParameter);
        }
        if b != b'%' && !raw_pchar(b) {
            return Err(PathError::BadCharacter);
        }
    }
    let mut decoded = Vec::new();
    let mut i = 0;
    while i < seg.len() {
        if seg[i] != b'%' {
            decoded.push(seg[i]);
            i += 1;
            continue;
        }
        let (Some(h), Some(l)) = (
            seg.get(i + 1).copied().and_then(hex),
            seg.get(i + 2).copied().and_then(hex),
        ) else {
            return Err(PathError::BadEscape);
        };
        let v = h * 16 + l;
        if v == b'/' {
            return Err(PathError::EncodedSlash);
        }
        if v == 0 {
            return Err(PathError::Nul);
        }
        if unreserved(v) {
            // §6.2.2.2: decoding it gives a second spelling.
            return Err(PathError::BadEscape);
        }
        if (v <= 0x20 || v == 0x7f) && !rules.allow_encoded_controls {
            return Err(PathError::EncodedControl);
        }
        if b"#?;".contains(&v) && !rules.allow_encoded_delimiters {
            return Err(PathError::EncodedDelimiter);
        }
        decoded.push(v);
        i += 3;
    }
    let text = std::str::from_utf8(&decoded).map_err(|_| PathError::BadEscape)?;
    if !rules.allow_encoded_controls
        && text
            .chars()
            .any(|c| !c.is_ascii() && (c.is_whitespace() || c.is_control()))
    {
        return Err(PathError::EncodedControl);
    }
    Ok(())
}

/// The segments of `path` (query ignored), or why it is not canonical.
fn reference(path: &str, rules: PathRules) -> Result<Vec<&str>, PathError> {
    let path = path.split('?').next().unwrap_or("");
    let Some(rest) = path.strip_prefix('/') else {
        return Err(PathError::NotAbsolute);
    };
    if path.len() > MAX_LEN {
        return Err(PathError::TooLong);
    }
    if rest.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for seg in rest.split('/') {
        if out.len() == MAX_SEGMENTS {
            return Err(PathError::TooLong);
        }
        reference_segment(seg.as_bytes(), rules)?;
        out.push(seg);
    }
    Ok(out)
}

const ALL_RULES: [PathRules; 8] = {
    let mut r = [PathRules::STRICT; 8];
    let mut i = 0;
    while i < 8 {
        r[i] = PathRules {
            allow_semicolon: i & 1 != 0,
            allow_encoded_controls: i & 2 != 0,
            allow_encoded_delimiters: i & 4 != 0,
        };
        i += 1;
    }
    r
};

/// Whether a segment needs no closer look, as `is_plain_path` documents
/// it: non-empty, not `.`/`..`, only pchar bytes other than `%` and `;`.
fn plain_segment(seg: &str) -> bool {
    !seg.is_empty() && seg != "." && seg != ".." && seg.bytes().all(|b| raw_pchar(b) && b != b';')
}

fn check(path: &str) {
    for rules in ALL_RULES {
        let want = reference(path, rules);
        let got = canonical_len(path, rules);
        assert_eq!(
            got,
            want.as_ref()
                .map(|_| path.split('?').next().unwrap_or("").len())
                .map_err(|e| *e),
            "{path:?} under {rules:?}"
        );
    }
    let strict = reference(path, PathRules::STRICT);
    assert_eq!(split_canonical(path), strict, "{path:?}");
    assert_eq!(
        check_canonical(path),
        strict.as_ref().map(|_| ()).map_err(|e| *e)
    );
    if let Ok(segments) = &strict {
        let s = scan(path).expect("canonical");
        assert_eq!(s.len(), segments.len());
        assert_eq!(s.is_empty(), segments.is_empty());
        for (i, seg) in segments.iter().enumerate() {
            assert_eq!(s.segment(i), *seg);
            assert_eq!(s.segment_bytes(i), seg.as_bytes());
        }
        assert_eq!(s.segment(segments.len()), "", "past the end");
    }
    let bare = path.split('?').next().unwrap_or("");
    if bare.len() > 1 && bare.starts_with('/') {
        let segs: Vec<&str> = bare[1..].split('/').collect();
        let plain = segs.len() <= MAX_SEGMENTS && segs.iter().all(|s| plain_segment(s));
        assert_eq!(is_plain_path(bare.as_bytes()), plain, "{bare:?}");
        // segment_end from the first segment: its end if it is plain.
        let first = segs[0];
        let want = plain_segment(first).then_some(1 + first.len());
        assert_eq!(segment_end(bare.as_bytes(), 1, false), want, "{bare:?}");
        assert_eq!(segment_end(bare.as_bytes(), 1, true), Some(1 + first.len()));
    }
}

#[test]
fn every_raw_character_in_a_segment() {
    for c in (0u32..0x80).chain([0xe9, 0xa0, 0x2028, 0x1f600]) {
        let c = char::from_u32(c).expect("scalar");
        for shape in ["{c}", "a{c}", "{c}b", "a{c}b"] {
            let seg = shape.replace("{c}", &c.to_string());
            check(&format!("/x/{seg}"));
            check(&format!("/{seg}/y"));
        }
    }
}

#[test]
fn every_escape_in_both_cases() {
    for v in 0u8..=255 {
        for esc in [format!("%{v:02X}"), format!("%{v:02x}")] {
            check(&format!("/a/{esc}"));
            check(&format!("/a/b{esc}c"));
        }
    }
    for esc in [
        "%",
        "%4",
        "%zz",
        "%g0",
        "%0g",
        "%C3%A9",
        "%C2%A0",
        "%C2%85",
        "%E2%80%A8",
        "%E2%80",
        "%C3",
        "%F0%9F%98%80",
        "%EF%BB%BF",
        "%C0%AF",
        "%ED%A0%80",
    ] {
        check(&format!("/a/{esc}"));
        check(&format!("/a/x{esc}y"));
    }
}

#[test]
fn structure_limits_and_queries() {
    for p in [
        "",
        "/",
        "//",
        "/a",
        "/a/",
        "a/b",
        "?",
        "/?",
        "/a?b/../c",
        "/a?",
        "?/a",
        "/.",
        "/..",
        "/...",
        "/.a",
        "/a.",
        "/a/./b",
        "/a/../b",
        "/%2e",
        "/%2E%2E",
        "/a//b",
        "/a;b",
        "/a%3Bb",
        "/a%23b",
        "/a%3fb",
        "/a%20b",
        "/a%09",
        "/;",
        "/%",
    ] {
        check(p);
    }
    for n in [MAX_SEGMENTS - 1, MAX_SEGMENTS, MAX_SEGMENTS + 1] {
        check(&"/a".repeat(n));
        check(&format!("{}?q", "/a".repeat(n)));
        // A defect after the limit: the count decides first.
        check(&format!("{}/%zz", "/a".repeat(n)));
    }
    for len in [MAX_LEN - 1, MAX_LEN, MAX_LEN + 1] {
        let mut p = "/a".repeat(MAX_SEGMENTS - 1);
        p.push('/');
        p.push_str(&"b".repeat(len - p.len()));
        assert_eq!(p.len(), len);
        check(&p);
        check(&format!("{p}?query"));
        let long_escaped = format!("/x/{}", "%C3%A9".repeat(100));
        check(&long_escaped);
    }
}

/// A small xorshift generator: the cases are the same on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % n as u64).expect("small")
    }
}

#[test]
fn generated_paths() {
    const PIECES: &[&str] = &[
        "a", "Z", "0", "-", ".", "..", "_", "~", "!", "$", "&", "'", "(", "*", "+", ",", "=", ":",
        "@", ";", "%", "%2", "%41", "%2F", "%2e", "%00", "%20", "%7f", "%23", "%3F", "%3b",
        "%C3%A9", "%C2%A0", "%C3", "%FF", " ", "#", "[", "é", "\t", "/", "//", "?", "?x/..",
    ];
    let mut rng = Rng(0x5C0_9E5_u64);
    for _ in 0..20_000 {
        let mut p = String::new();
        if rng.below(20) != 0 {
            p.push('/');
        }
        for _ in 0..rng.below(8) {
            p.push_str(PIECES[rng.below(PIECES.len())]);
            if rng.below(3) == 0 {
                p.push('/');
            }
        }
        check(&p);
    }
}

#[test]
fn every_error_says_which_rule() {
    // Keywords from each variant's documentation: the message a client or
    // log reader sees must name the rule, and no two rules read the same.
    let cases = [
        (PathError::NotAbsolute, "/"),
        (PathError::EmptySegment, "empty"),
        (PathError::DotSegment, ".."),
        (PathError::EncodedSlash, "encoded `/`"),
        (PathError::Nul, "NUL"),
        (PathError::BadEscape, "escape"),
        (PathError::BadCharacter, "character"),
        (PathError::PathParameter, ";"),
        (PathError::EncodedControl, "control"),
        (PathError::EncodedDelimiter, "#"),
        (PathError::TooLong, "too many"),
    ];
    let mut seen = std::collections::HashSet::new();
    for (e, keyword) in cases {
        let text = e.to_string();
        assert!(text.contains(keyword), "{e:?}: {text:?}");
        assert!(seen.insert(text), "{e:?} reads like another error");
    }
}
