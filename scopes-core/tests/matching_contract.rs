//! The matching helpers against what `scopes_core::matching` documents:
//! `match_path_with` calls the fast walk only on absolute paths within
//! `MAX_LEN`, treats a miss on a plain path as final and checks anything
//! else the slow way (`canonical_len`) before walking it again; and
//! `literal_at`, `pattern_matches`, `bytes_eq` against brute-force
//! references written here. Added for mutation testing (issue 14).

use std::cell::RefCell;

use scopes_core::PathMatch;
use scopes_core::matching::{Walk, bytes_eq, literal_at, match_path_with, pattern_matches};
use scopes_core::path::{MAX_LEN, PathError, PathRules};

/// What a walk answers, unchecked and checked, and the calls it saw.
struct Walker {
    fast: Walk,
    checked: Walk,
    calls: RefCell<Vec<(String, bool)>>,
}

impl Walker {
    fn new(fast: Walk, checked: Walk) -> Self {
        Walker {
            fast,
            checked,
            calls: RefCell::new(Vec::new()),
        }
    }

    fn run(&self, path: &str, rules: PathRules) -> PathMatch {
        match_path_with(path, rules, |b, checked| {
            self.calls
                .borrow_mut()
                .push((String::from_utf8(b.to_vec()).expect("utf-8"), checked));
            if checked { self.checked } else { self.fast }
        })
    }

    fn calls(&self) -> Vec<(String, bool)> {
        self.calls.borrow().clone()
    }
}

fn call(p: &str, checked: bool) -> (String, bool) {
    (p.to_owned(), checked)
}

#[test]
fn a_fast_hit_is_the_answer() {
    let w = Walker::new(Walk::Found(3), Walk::Found(9));
    assert_eq!(w.run("/a/b", PathRules::STRICT), PathMatch::Route(3));
    assert_eq!(w.calls(), [call("/a/b", false)]);
}

#[test]
fn a_miss_on_a_plain_path_is_final() {
    let w = Walker::new(Walk::Miss, Walk::Found(9));
    assert_eq!(w.run("/a/b", PathRules::STRICT), PathMatch::NoRoute);
    assert_eq!(w.calls(), [call("/a/b", false)]);
}

#[test]
fn other_misses_are_checked_then_walked_again() {
    // A query string: the second walk sees the path without it.
    let w = Walker::new(Walk::Miss, Walk::Found(9));
    assert_eq!(w.run("/a/b?x=1", PathRules::STRICT), PathMatch::Route(9));
    assert_eq!(w.calls(), [call("/a/b?x=1", false), call("/a/b", true)]);
    // An escape: canonical, so walked again whole.
    let w = Walker::new(Walk::Slow, Walk::Found(4));
    assert_eq!(
        w.run("/a/caf%C3%A9", PathRules::STRICT),
        PathMatch::Route(4)
    );
    assert_eq!(
        w.calls(),
        [call("/a/caf%C3%A9", false), call("/a/caf%C3%A9", true)]
    );
    // A checked walk that does not find it: no route.
    for second in [Walk::Miss, Walk::Slow] {
        let w = Walker::new(Walk::Slow, second);
        assert_eq!(w.run("/a/caf%C3%A9", PathRules::STRICT), PathMatch::NoRoute);
    }
}

#[test]
fn non_canonical_paths_are_invalid_whatever_the_walk() {
    for (path, err) in [
        ("/a//b", PathError::EmptySegment),
        ("/a/./b", PathError::DotSegment),
        ("/a;b", PathError::PathParameter),
    ] {
        let w = Walker::new(Walk::Slow, Walk::Found(1));
        assert_eq!(
            w.run(path, PathRules::STRICT),
            PathMatch::Invalid(err),
            "{path}"
        );
        assert_eq!(w.calls(), [call(path, false)], "{path}");
    }
    // The rules reach the slow check.
    let relaxed = PathRules {
        allow_semicolon: true,
        ..PathRules::STRICT
    };
    let w = Walker::new(Walk::Slow, Walk::Found(2));
    assert_eq!(w.run("/a;b", relaxed), PathMatch::Route(2));
}

#[test]
fn the_fast_walk_sees_only_absolute_paths_within_the_limit() {
    let long = format!("/{}", "a".repeat(MAX_LEN));
    for (path, err) in [
        ("a/b", PathError::NotAbsolute),
        ("ab", PathError::NotAbsolute),
        ("", PathError::NotAbsolute),
        (long.as_str(), PathError::TooLong),
    ] {
        let w = Walker::new(Walk::Found(7), Walk::Found(7));
        assert_eq!(w.run(path, PathRules::STRICT), PathMatch::Invalid(err));
        assert!(w.calls().is_empty(), "walked {path:?}");
    }
    // `/` itself skips the fast walk and is walked checked, as the empty
    // slice.
    let w = Walker::new(Walk::Found(7), Walk::Found(5));
    assert_eq!(w.run("/", PathRules::STRICT), PathMatch::Route(5));
    assert_eq!(w.calls(), [call("", true)]);
    let w = Walker::new(Walk::Found(7), Walk::Found(5));
    assert_eq!(w.run("/?q", PathRules::STRICT), PathMatch::Route(7));
    // Exactly MAX_LEN bytes is within the limit.
    let at_limit = format!("/{}", "a".repeat(MAX_LEN - 1));
    let w = Walker::new(Walk::Found(7), Walk::Found(5));
    assert_eq!(w.run(&at_limit, PathRules::STRICT), PathMatch::Route(7));
}

/// The segment of `path` starting at `start`, as a reader splitting on `/`
/// sees it.
fn segment_at(path: &[u8], start: usize) -> Option<&[u8]> {
    let rest = path.get(start..)?;
    rest.split(|&b| b == b'/').next()
}

#[test]
fn literal_at_is_the_whole_segment() {
    let paths: &[&[u8]] = &[
        b"/carts/7/items",
        b"/cart/cartsx/carts",
        b"/",
        b"/items",
        b"/ca",
    ];
    let lits: &[&[u8]] = &[b"carts", b"cart", b"items", b"7", b"ca", b"x"];
    for &path in paths {
        for start in 0..=path.len() + 1 {
            for &lit in lits {
                let want = segment_at(path, start) == Some(lit);
                assert_eq!(
                    literal_at(path, start, lit),
                    want,
                    "{:?} at {start} for {:?}",
                    String::from_utf8_lossy(path),
                    String::from_utf8_lossy(lit)
                );
            }
        }
    }
}

/// A pattern: prefix, middle literals, suffix.
type Shape = (&'static [u8], &'static [&'static [u8]], &'static [u8]);

/// `prefix {p} m1 {p} m2 ... {p} suffix`, each `{p}` at least one byte,
/// by trying every split.
fn reference_pattern(seg: &[u8], prefix: &[u8], middles: &[&[u8]], suffix: &[u8]) -> bool {
    fn rest(s: &[u8], lits: &[&[u8]]) -> bool {
        match lits {
            [] => unreachable!("the suffix ends the list"),
            [last] => s.len() > last.len() && s.ends_with(last),
            [lit, more @ ..] => {
                (1..s.len()).any(|k| s[k..].starts_with(lit) && rest(&s[k + lit.len()..], more))
            }
        }
    }
    let Some(after) = seg.strip_prefix(prefix) else {
        return false;
    };
    let mut lits: Vec<&[u8]> = middles.to_vec();
    lits.push(suffix);
    rest(after, &lits)
}

#[test]
fn patterns_match_as_every_split_would() {
    let segs: &[&[u8]] = &[
        b"abcXdef",
        b"aXdddYccc",
        b"abXddYc",
        b"abddc",
        b"v1.2",
        b"v1.",
        b"v.2",
        b"a-b-c",
        b"a--c",
        b"-a-",
        b"x.tar.gz",
        b"x.gz",
        b".tar.gz",
        b"abab",
        b"ab",
        b"aab",
        b"",
        b"v",
        b"v12.3.4",
        b"1.2.3",
    ];
    let shapes: &[Shape] = &[
        (b"v", &[], b""),
        (b"v", &[b"."], b""),
        (b"", &[b"."], b""),
        (b"", &[b"-"], b"-c"),
        (b"", &[b"-", b"-"], b""),
        (b"", &[], b".tar.gz"),
        (b"", &[b"."], b".gz"),
        (b"a", &[b"b"], b""),
        (b"", &[b"ab"], b""),
        (b"v", &[b".", b"."], b""),
        (b"", &[], b""),
        // Long prefix and suffix: the length bound is a sum.
        (b"abc", &[], b"def"),
        (b"ab", &[b"dd"], b"c"),
        (b"a", &[b"ddd"], b"ccc"),
    ];
    for &seg in segs {
        for &(prefix, middles, suffix) in shapes {
            assert_eq!(
                pattern_matches(seg, prefix, middles, suffix),
                reference_pattern(seg, prefix, middles, suffix),
                "{:?} against {:?} {:?} {:?}",
                String::from_utf8_lossy(seg),
                String::from_utf8_lossy(prefix),
                middles,
                String::from_utf8_lossy(suffix)
            );
        }
    }
}

#[test]
fn bytes_eq_is_equality() {
    let base: Vec<u8> = (0u8..40).map(|i| b'a' + i % 26).collect();
    for n in 0..=base.len() {
        let a = &base[..n];
        assert!(bytes_eq(a, a), "len {n}");
        assert!(!bytes_eq(a, &base[..n.saturating_sub(1)]) || n == 0);
        for i in 0..n {
            let mut b = a.to_vec();
            b[i] ^= 0x20;
            assert!(!bytes_eq(a, &b), "len {n}, byte {i} differs");
        }
    }
}
