//! A reference matcher, written from the README's rules and the spec
//! model, sharing no code with the table engine (`scopes-core`) or the
//! generated matcher (`scopes-codegen`). Slow on purpose: it filters the
//! whole route list at every segment. Tests compare the two engines with
//! it.
//!
//! - **Canonical paths** (RFC 3986 §3.3, §6.2.2, and issue 13's near
//!   misses): the part before `?`; starts with `/`; at most 32 segments and
//!   65,535 bytes; no empty, `.` or `..` segment; raw bytes are RFC 3986
//!   `pchar` (unreserved, sub-delims but `;`, `:`, `@`) or `%` with two hex
//!   digits; an escape never decodes to an unreserved character, `/`, NUL,
//!   a control character, space, `#`, `?` or `;`; the decoded segment is
//!   UTF-8 without non-ASCII whitespace or control characters.
//! - **Templates**, per segment: a literal beats a pattern, which beats a
//!   whole parameter; among patterns, more literal bytes first, then by
//!   text; depth first, backing off when the rest does not match. Among
//!   templates of the very same shape, the first in spec order.
//! - **Grants** (RFC 6749 §3.3): tokens split on space and the spec's
//!   delimiters; a byte outside `%x21 / %x23-5B / %x5D-7E` anywhere makes
//!   the whole string malformed; unknown names grant nothing.

use scopes_spec::Spec;
use scopes_spec::template::Segment;

/// Which route a path matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matched {
    /// This route index.
    Route(usize),
    /// Canonical, but no template matches.
    NoRoute,
    /// Not a canonical path.
    Invalid,
}

/// What the reference decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Allowed, on this route index.
    Allow(usize),
    /// The route serves the method; the grant falls short.
    Deny(usize),
    /// The route does not serve the method.
    MethodNotAllowed(usize),
    /// No template matches.
    NoRoute,
    /// Not a canonical path.
    Invalid,
}

/// The reference matcher of one spec.
pub struct Reference<'s> {
    spec: &'s Spec,
    closures: Vec<Vec<bool>>,
    /// Route indices by number of segments (only those can match).
    by_len: std::collections::HashMap<usize, Vec<usize>>,
    /// Scope index by wire name.
    by_name: std::collections::HashMap<&'s str, usize>,
}

impl<'s> Reference<'s> {
    /// For `spec`.
    #[must_use]
    pub fn new(spec: &'s Spec) -> Self {
        let mut by_len: std::collections::HashMap<usize, Vec<usize>> = Default::default();
        for (i, r) in spec.routes.iter().enumerate() {
            by_len.entry(r.template.segments.len()).or_default().push(i);
        }
        let by_name = spec
            .scopes
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.as_str(), i))
            .collect();
        Reference {
            spec,
            closures: spec.closures(),
            by_len,
            by_name,
        }
    }

    /// The segments of a canonical path, or `None`.
    #[must_use]
    pub fn canonical(path: &str) -> Option<Vec<&str>> {
        let path = path.split('?').next().unwrap_or_default();
        if !path.starts_with('/') || path.len() > 65_535 {
            return None;
        }
        if path == "/" {
            return Some(Vec::new());
        }
        let segments: Vec<&str> = path[1..].split('/').collect();
        if segments.len() > 32 {
            return None;
        }
        segments
            .iter()
            .all(|s| segment_is_canonical(s))
            .then_some(segments)
    }

    /// The route index a path matches.
    #[must_use]
    pub fn match_path(&self, path: &str) -> Matched {
        let Some(segments) = Self::canonical(path) else {
            return Matched::Invalid;
        };
        let same_len = self
            .by_len
            .get(&segments.len())
            .map_or(&[][..], Vec::as_slice);
        match self.search(same_len, &segments, 0) {
            Some(r) => Matched::Route(r),
            None => Matched::NoRoute,
        }
    }

    fn shape(&self, r: usize) -> &[Segment] {
        &self.spec.routes[r].template.segments
    }

    fn search(&self, candidates: &[usize], segments: &[&str], depth: usize) -> Option<usize> {
        if candidates.is_empty() {
            return None;
        }
        if depth == segments.len() {
            return candidates
                .iter()
                .copied()
                .filter(|&r| self.shape(r).len() == depth)
                .min();
        }
        let seg = segments[depth];
        let at = |r: usize| self.shape(r).get(depth);
        // 1. The literal equal to the segment.
        let literal: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&r| matches!(at(r), Some(Segment::Static(s)) if s == seg))
            .collect();
        if let Some(found) = self.search(&literal, segments, depth + 1) {
            return Some(found);
        }
        // 2. Patterns that take the segment, most literal bytes first.
        let mut patterns: Vec<(usize, String)> = candidates
            .iter()
            .filter_map(|&r| match at(r) {
                Some(p @ Segment::Pattern { .. }) if pattern_takes(p, seg) => {
                    let (lits, text) = pattern_parts(p);
                    Some((lits.iter().map(String::len).sum::<usize>(), text))
                }
                _ => None,
            })
            .collect();
        patterns.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        patterns.dedup();
        for (_, text) in patterns {
            let same: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&r| {
                    matches!(at(r), Some(p @ Segment::Pattern { .. }) if pattern_parts(p).1 == text)
                })
                .collect();
            if let Some(found) = self.search(&same, segments, depth + 1) {
                return Some(found);
            }
        }
        // 3. A whole-segment parameter.
        let params: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&r| matches!(at(r), Some(Segment::Param(_))))
            .collect();
        self.search(&params, segments, depth + 1)
    }

    /// The closed set a granted `scope` string gives, or `None` when it is
    /// malformed.
    #[must_use]
    pub fn grant(&self, scope: &str) -> Option<Vec<bool>> {
        let token_byte =
            |b: u8| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b);
        if !scope.bytes().all(|b| b == b' ' || token_byte(b)) {
            return None;
        }
        let mut granted = vec![false; self.spec.scopes.len()];
        let delimiters = &self.spec.delimiters;
        for token in
            scope.split(|c: char| c == ' ' || (c.is_ascii() && delimiters.contains(&(c as u8))))
        {
            if let Some(&i) = self.by_name.get(token) {
                for (g, c) in granted.iter_mut().zip(&self.closures[i]) {
                    *g |= c;
                }
            }
        }
        Some(granted)
    }

    /// Decide a request.
    #[must_use]
    pub fn decide(&self, method: &str, path: &str, granted: &[bool]) -> Verdict {
        let route = match self.match_path(path) {
            Matched::Invalid => return Verdict::Invalid,
            Matched::NoRoute => return Verdict::NoRoute,
            Matched::Route(r) => r,
        };
        let Some((_, requirement)) = self.spec.routes[route]
            .methods
            .iter()
            .find(|(m, _)| m.as_str() == method)
        else {
            return Verdict::MethodNotAllowed(route);
        };
        if requirement
            .iter()
            .all(|group| group.iter().any(|&s| granted[s]))
        {
            Verdict::Allow(route)
        } else {
            Verdict::Deny(route)
        }
    }
}

/// The literals of a pattern in order, and its text without names.
fn pattern_parts(p: &Segment) -> (Vec<String>, String) {
    let Segment::Pattern {
        prefix,
        suffix,
        more,
        ..
    } = p
    else {
        return (Vec::new(), String::new());
    };
    let mut lits = vec![prefix.clone()];
    lits.extend(more.iter().map(|(l, _)| l.clone()));
    lits.push(suffix.clone());
    let text = lits.join("{}");
    (lits, text)
}

/// Whether a pattern takes a segment: try every split, each parameter
/// taking at least one byte.
fn pattern_takes(p: &Segment, seg: &str) -> bool {
    fn rest(lits: &[String], s: &str) -> bool {
        // `s` must be: param (>= 1 byte) lits[0] param lits[1] ... ; the
        // last literal ends it.
        match lits {
            [] => !s.is_empty(),
            [last] => s.len() > last.len() && s.ends_with(last.as_str()),
            [lit, more @ ..] => (1..s.len()).any(|k| {
                s.is_char_boundary(k)
                    && s[k..].starts_with(lit.as_str())
                    && rest(more, &s[k + lit.len()..])
            }),
        }
    }
    let (lits, _) = pattern_parts(p);
    seg.strip_prefix(lits[0].as_str())
        .is_some_and(|s| rest(&lits[1..], s))
}

fn segment_is_canonical(seg: &str) -> bool {
    if seg.is_empty() || seg == "." || seg == ".." {
        return false;
    }
    let raw_ok = |b: u8| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,=:@".contains(&b);
    let bytes = seg.as_bytes();
    let mut decoded = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let Some(v) = seg
                .get(i + 1..i + 3)
                .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            else {
                return false;
            };
            let forbidden =
                v.is_ascii_alphanumeric() || b"-._~/#?;".contains(&v) || v <= 0x20 || v == 0x7f;
            if forbidden {
                return false;
            }
            decoded.push(v);
            i += 3;
        } else if raw_ok(b) {
            decoded.push(b);
            i += 1;
        } else {
            return false;
        }
    }
    match String::from_utf8(decoded) {
        Ok(text) => !text.chars().any(|c| c.is_whitespace() || c.is_control()),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::Reference;

    #[test]
    fn canonical_rules_by_hand() {
        for ok in ["/", "/a", "/a/b?x=/..", "/caf%C3%A9", "/a:b@c", "/%2B"] {
            assert!(Reference::canonical(ok).is_some(), "{ok}");
        }
        for bad in [
            "", "a", "//", "/a/", "/./a", "/a/..", "/%2e", "/%41", "/a%2F", "/%00", "/%zz", "/%FF",
            "/a b", "/a;b", "/a%3B", "/a%23", "/a%3F", "/a%09", "/a%20", "/a%C2%A0", "/[x]", "/é",
        ] {
            assert!(Reference::canonical(bad).is_none(), "{bad}");
        }
    }
}
