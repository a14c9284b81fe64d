//! The differential oracle shared by `tests/differential.rs` and the
//! `path_match` fuzz target: the reference matcher, the table engine and
//! the generated matcher on one grant or request, any disagreement a panic.

use scopes_runtime::{Decision, PathMatch, ScopeEnum, ScopeSet, Tables};

use crate::reference::{Matched, Reference, Verdict};

/// A grant as the reference and the engines read it.
pub struct Grant<S: ScopeEnum, const W: usize> {
    /// The reference's reading: one flag per scope.
    pub bits: Vec<bool>,
    /// The generated parser's set.
    pub set: ScopeSet<S, W>,
}

/// The three grant parsers on one scope string; panics on a disagreement
/// or a partial grant of a malformed string.
#[must_use]
pub fn check_grant<S: ScopeEnum, const W: usize>(
    r: &Reference<'_>,
    tables: &Tables<'_>,
    scope: &str,
) -> Grant<S, W> {
    let reference = r.grant(scope);
    let mut words = [0u64; W];
    let by_tables = tables.grant(scope, &mut words);
    let by_generated = ScopeSet::<S, W>::parse_with_stats(scope);
    match (&reference, &by_tables, &by_generated) {
        (None, Err(a), Err(b)) => {
            assert_eq!(a, b, "{scope:?}");
            assert_eq!(words, [0; W], "partial grant for {scope:?}");
        }
        (Some(bits), Ok(a), Ok((set, b))) => {
            assert_eq!(a, b, "{scope:?}");
            assert_eq!(set.words(), &words, "{scope:?}");
            for (i, &want) in bits.iter().enumerate() {
                assert_eq!(
                    words[i / 64] & (1 << (i % 64)) != 0,
                    want,
                    "scope {i} of {scope:?}"
                );
            }
        }
        _ => panic!(
            "{scope:?}: reference {reference:?}, tables {by_tables:?}, generated {by_generated:?}"
        ),
    }
    Grant {
        bits: reference.unwrap_or_else(|| vec![false; S::ALL.len()]),
        set: by_generated.map_or_else(|_| ScopeSet::new(), |(set, _)| set),
    }
}

/// The three matchers and deciders on one request; panics with the
/// request on a disagreement.
pub fn check<S: ScopeEnum, const W: usize>(
    r: &Reference<'_>,
    tables: &Tables<'_>,
    method: &str,
    path: &str,
    granted: &Grant<S, W>,
) {
    let generated = S::MATCHER.expect("include_spec! generates a matcher");
    let want = r.match_path(path);
    let t = tables.match_path(path);
    let g = (generated.match_path)(path);
    assert_eq!(t, g, "{path:?}: tables vs generated");
    match (want, t) {
        (Matched::Invalid, PathMatch::Invalid(_)) | (Matched::NoRoute, PathMatch::NoRoute) => {}
        (Matched::Route(a), PathMatch::Route(b)) if a == b as usize => {}
        _ => panic!("{path:?}: reference {want:?}, engines {t:?}"),
    }
    let t = tables.authorize(method, path, granted.set.words());
    let g = granted.set.authorize(method, path);
    assert_eq!(t, g, "{method} {path:?}: tables vs generated");
    let verdict = r.decide(method, path, &granted.bits);
    let same = match (verdict, t) {
        (Verdict::Allow(a), Decision::Allow { route, .. })
        | (Verdict::Deny(a), Decision::Deny { route, .. })
        | (Verdict::MethodNotAllowed(a), Decision::MethodNotAllowed { route }) => {
            a == route as usize
        }
        (Verdict::NoRoute, Decision::NoRoute) | (Verdict::Invalid, Decision::InvalidPath(_)) => {
            true
        }
        _ => false,
    };
    assert!(
        same,
        "{method} {path:?}: reference {verdict:?}, engines {t:?}"
    );
}
