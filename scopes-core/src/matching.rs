//! What every path matcher of this workspace shares: the table walk in
//! [`crate::table`] and the matchers `include_spec!` generates.
//!
//! A matcher walks the path's bytes from the root, one segment at a time,
//! taking only *plain* segments ([`crate::path::segment_end`]): a literal
//! of the spec is plain by construction, so comparing it is the canonical
//! check too. Anything else (a query string, `%`, a byte to reject) makes
//! the walk answer [`Walk::Slow`]; [`match_path_with`] then checks the path
//! the slow way and walks it again with `checked = true`. A miss is checked
//! too, so a non-canonical path is always [`PathMatch::Invalid`], whichever
//! matcher ran.

use crate::grant::{GrantError, GrantStats};
use crate::path::{self, PathRules};
use crate::table::{Decision, PathMatch, Tables};

/// A matcher `include_spec!` generated for one spec: the same answers as
/// that spec's [`Tables`], from code specialized to it.
#[derive(Debug, Clone, Copy)]
pub struct Matcher {
    /// Match a request path ([`Tables::match_path`]).
    pub match_path: fn(&str) -> PathMatch,
    /// The index of a method ([`Tables::method_index`]).
    pub method_index: fn(&str) -> Option<u16>,
    /// The requirement of a (route, method index), if served
    /// ([`Tables::requirement_for_index`]).
    pub requirement: fn(u32, u16) -> Option<u32>,
    /// Parse a granted `scope` string ([`Tables::grant`]).
    pub grant: fn(&str, &mut [u64]) -> Result<GrantStats, GrantError>,
}

impl Matcher {
    /// Decide a request ([`Tables::authorize`]); `tables` are the spec's own.
    /// Always inlined: called on a constant `Matcher` (`ScopeSet::authorize`
    /// on `S::MATCHER`), its three function pointers become direct calls
    /// the method and requirement lookups inline into.
    #[inline(always)]
    #[must_use]
    pub fn authorize(
        &self,
        tables: &Tables<'_>,
        method: &str,
        path: &str,
        granted: &[u64],
    ) -> Decision {
        match (self.match_path)(path) {
            PathMatch::Route(route) => {
                let requirement =
                    (self.method_index)(method).and_then(|m| (self.requirement)(route, m));
                tables.decide_route(route, requirement, granted)
            }
            PathMatch::NoRoute => Decision::NoRoute,
            PathMatch::Invalid(e) => Decision::InvalidPath(e),
        }
    }
}

/// The answer of one walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Walk {
    /// This route index matches.
    Found(u32),
    /// No template matches (the path may still be non-canonical).
    Miss,
    /// A segment needs the slow path.
    Slow,
}

/// Match `path` with `walk`, which is given the path bytes (`/` as the empty
/// slice) and whether they were already found canonical.
#[inline]
pub fn match_path_with(
    path: &str,
    rules: PathRules,
    walk: impl Fn(&[u8], bool) -> Walk,
) -> PathMatch {
    let b = path.as_bytes();
    if b.len() > 1 && b.len() <= path::MAX_LEN && b[0] == b'/' {
        match walk(b, false) {
            Walk::Found(r) => return PathMatch::Route(r),
            // A miss on a plain path is final. Otherwise (a query string,
            // where a literal compare stops at `?`, or a byte to look at)
            // the path is checked the slow way and walked again.
            Walk::Miss if path::is_plain_path(b) => return PathMatch::NoRoute,
            Walk::Miss | Walk::Slow => {}
        }
    }
    match path::canonical_len(path, rules) {
        Err(e) => PathMatch::Invalid(e),
        Ok(end) => checked_walk(b, end, walk),
    }
}

/// [`match_path_with`] for a walk whose [`Walk::Miss`] on an unchecked
/// path is final: the walk itself found the rest of the path plain (what
/// it matched before was), so the path is not read again.
#[inline]
pub fn match_path_final(
    path: &str,
    rules: PathRules,
    walk: impl Fn(&[u8], bool) -> Walk,
) -> PathMatch {
    let b = path.as_bytes();
    if b.len() > 1 && b.len() <= path::MAX_LEN && b[0] == b'/' {
        match walk(b, false) {
            Walk::Found(r) => return PathMatch::Route(r),
            Walk::Miss => return PathMatch::NoRoute,
            Walk::Slow => {}
        }
    }
    match path::canonical_len(path, rules) {
        Err(e) => PathMatch::Invalid(e),
        Ok(end) => checked_walk(b, end, walk),
    }
}

/// Walk the canonical path `b[..end]` (`/` as the empty slice).
fn checked_walk(b: &[u8], end: usize, walk: impl Fn(&[u8], bool) -> Walk) -> PathMatch {
    let p = if end == 1 { &b[..0] } else { &b[..end] };
    match walk(p, true) {
        Walk::Found(r) => PathMatch::Route(r),
        Walk::Miss | Walk::Slow => PathMatch::NoRoute,
    }
}

/// Whether the segment starting at `start` is exactly `lit` (a literal of
/// the spec, plain by construction, so this is the canonical check too).
#[inline(always)]
#[must_use]
pub fn literal_at(path: &[u8], start: usize, lit: &[u8]) -> bool {
    let end = start + lit.len();
    match path.get(start..end) {
        Some(seg) => bytes_eq(seg, lit) && (end == path.len() || path[end] == b'/'),
        None => false,
    }
}

/// Whether `seg` matches `prefix{a}middle{b}…suffix`: every parameter
/// non-empty, the middle literals in order. The earliest place for each
/// middle literal leaves the most room for the rest, so one left-to-right
/// search decides.
#[inline]
#[must_use]
pub fn pattern_matches(seg: &[u8], prefix: &[u8], middles: &[&[u8]], suffix: &[u8]) -> bool {
    let fixed = prefix.len() + suffix.len() + middles.iter().map(|m| m.len()).sum::<usize>();
    if seg.len() < fixed + 1 + middles.len() || !seg.starts_with(prefix) || !seg.ends_with(suffix) {
        return false;
    }
    let end = seg.len() - suffix.len();
    let mut at = prefix.len();
    for m in middles {
        // The parameter before `m` takes at least one byte.
        let from = at + 1;
        let Some(found) = seg
            .get(from..end)
            .and_then(|hay| hay.windows(m.len()).position(|w| w == *m))
        else {
            return false;
        };
        at = from + found + m.len();
    }
    end > at
}

/// Equality of short byte strings without a call to `memcmp`: one or two
/// overlapping loads per side.
#[inline(always)]
#[must_use]
pub fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=8 => load4(a, 0) == load4(b, 0) && load4(a, n - 4) == load4(b, n - 4),
        9..=16 => load8(a, 0) == load8(b, 0) && load8(a, n - 8) == load8(b, n - 8),
        _ => {
            // Eight bytes at a time, the last eight overlapping: no `bcmp`.
            let mut i = 0;
            while i + 8 < n {
                if load8(a, i) != load8(b, i) {
                    return false;
                }
                i += 8;
            }
            load8(a, n - 8) == load8(b, n - 8)
        }
    }
}

/// The bytes of `b` (at most 8) as a little-endian `u64`, zero above
/// them: what copying them into a zeroed `[u8; 8]` gives, without a call
/// to `memcpy` for the variable length.
#[inline(always)]
#[must_use]
pub fn load_le_partial(b: &[u8]) -> u64 {
    let n = b.len();
    match n {
        0 => 0,
        1..=3 => {
            u64::from(b[0])
                | u64::from(b[n / 2]) << (n / 2 * 8)
                | u64::from(b[n - 1]) << ((n - 1) * 8)
        }
        _ => u64::from(load4(b, 0)) | u64::from(load4(b, n - 4)) << ((n - 4) * 8),
    }
}

#[inline]
fn load4(b: &[u8], at: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(w)
}

#[inline]
fn load8(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

#[cfg(test)]
mod tests {
    use super::{bytes_eq, load_le_partial, pattern_matches};

    #[test]
    fn partial_loads_agree_with_a_zeroed_copy() {
        let bytes: Vec<u8> = (1..=8).map(|i| i * 17).collect();
        for n in 0..=8 {
            let mut w = [0u8; 8];
            w[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(load_le_partial(&bytes[..n]), u64::from_le_bytes(w), "{n}");
        }
    }

    #[test]
    fn short_equality_agrees_with_slices() {
        let words: Vec<Vec<u8>> = (0..40)
            .map(|n| (0..n).map(|i| b'a' + (i % 26) as u8).collect())
            .collect();
        for a in &words {
            for b in &words {
                assert_eq!(bytes_eq(a, b), a == b);
                for i in 0..a.len() {
                    let mut c = a.clone();
                    c[i] ^= 1;
                    assert!(!bytes_eq(a, &c), "{i} of {}", a.len());
                }
            }
        }
    }

    #[test]
    fn patterns_need_every_parameter_non_empty() {
        // (segment, prefix, middles, suffix, matches), by hand.
        let cases: &[(&str, &str, &[&str], &str, bool)] = &[
            ("cart_templates", "", &[], "_templates", true),
            ("_templates", "", &[], "_templates", false),
            ("summary(a=1,b=2)", "summary(a=", &[",b="], ")", true),
            ("summary(a=,b=2)", "summary(a=", &[",b="], ")", false),
            ("summary(a=1,b=)", "summary(a=", &[",b="], ")", false),
            ("summary(a=1,b=2,b=3)", "summary(a=", &[",b="], ")", true),
            ("x.y.z", "", &["."], "", true),
            ("x..", "", &["."], "", true),
            ("x.", "", &["."], "", false),
            (".x", "", &["."], "", false),
            ("a-b-c", "", &["-", "-"], "", true),
            ("a--c", "", &["-", "-"], "", false),
            ("ab", "a", &[], "b", false),
        ];
        for &(seg, prefix, middles, suffix, want) in cases {
            let middles: Vec<&[u8]> = middles.iter().map(|m| m.as_bytes()).collect();
            assert_eq!(
                pattern_matches(
                    seg.as_bytes(),
                    prefix.as_bytes(),
                    &middles,
                    suffix.as_bytes()
                ),
                want,
                "{seg}"
            );
        }
    }
}
