//! The decision functions of `Tables` (`admits`, `authorize_token`,
//! `unmet_groups`, `effective_group`, `group_scopes`, `Decision::route`,
//! `Decision::reason`) against a reference written here from the README's
//! rules: a requirement is an AND of OR-groups; no group is public (any
//! request); one group naming no scope is the authenticated level (any
//! token); otherwise a token meets a group when its closed scope set holds
//! one of the group's scopes; without a token only public routes admit,
//! and a route that needs a token answers "unauthenticated" (401), not
//! "insufficient scope" (403). Tables are built from a description with
//! `build::build` (feature `build`), over 130 scopes so every group spans
//! three words. Added for mutation testing (issue 14: `table.rs`).
#![cfg(feature = "build")]

use scopes_core::build::{Description, RouteEntry, ScopeEntry, SegmentEntry, build};
use scopes_core::{Decision, PathError};

const SCOPES: usize = 130;

/// Scope `i` grants itself; a multiple of 10 also grants `i + 1` and
/// `129 - i`.
fn grants_of(i: usize) -> Vec<usize> {
    let mut g = vec![i];
    if i.is_multiple_of(10) {
        g.push(i + 1);
        g.push(SCOPES - 1 - i);
    }
    g
}

fn closure(grant: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = grant.iter().flat_map(|&i| grants_of(i)).collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn words(set: &[usize]) -> Vec<u64> {
    let mut w = vec![0u64; SCOPES.div_ceil(64)];
    for &i in set {
        w[i / 64] |= 1 << (i % 64);
    }
    w
}

/// Requirements, by position: public, authenticated, one scope, two
/// groups across words, two groups of which one is a pair.
fn requirements() -> Vec<Vec<Vec<usize>>> {
    vec![
        vec![],
        vec![vec![]],
        vec![vec![3]],
        vec![vec![70, 128], vec![65]],
        vec![vec![1, 2], vec![127]],
    ]
}

/// (template, segments, [(method, requirement position)]).
type Route = (&'static str, Vec<SegmentEntry<'static>>, Vec<(u16, usize)>);

fn routes() -> Vec<Route> {
    use SegmentEntry::{Literal, Param};
    vec![
        ("/p", vec![Literal("p")], vec![(0, 0)]),
        ("/auth", vec![Literal("auth")], vec![(0, 1), (1, 2)]),
        ("/a/{id}", vec![Literal("a"), Param], vec![(0, 2), (1, 3)]),
        ("/b", vec![Literal("b")], vec![(0, 4), (1, 3)]),
    ]
}

/// A concrete path of each route, in `routes()` order.
const PATHS: [&str; 4] = ["/p", "/auth", "/a/7", "/b"];
const METHODS: [&str; 2] = ["GET", "POST"];

/// The reference: does a request with `token` (closed scope set, `None`:
/// no token) meet `req`?
fn admits(req: &[Vec<usize>], token: Option<&[usize]>) -> bool {
    match token {
        None => req.is_empty(),
        Some(set) => req
            .iter()
            .all(|g| g.is_empty() || g.iter().any(|s| set.contains(s))),
    }
}

/// Grants to try: none, single scopes, scopes that imply others (0, 60,
/// 70), and sets meeting one group but not the other.
fn grants() -> Vec<Vec<usize>> {
    let mut out = vec![vec![]];
    for s in [0, 1, 2, 3, 10, 59, 60, 64, 65, 70, 127, 128, 129] {
        out.push(vec![s]);
    }
    out.extend([
        vec![70, 65],
        vec![128, 65],
        vec![2, 127],
        vec![1, 0],
        vec![60, 2],
    ]);
    out
}

fn with_tables(f: impl FnOnce(scopes_core::Tables<'_>)) {
    let names: Vec<String> = (0..SCOPES).map(|i| format!("s{i}")).collect();
    let reqs = requirements();
    let routes = routes();
    let d = Description {
        spec_id: 7,
        scopes: names
            .iter()
            .enumerate()
            .map(|(i, n)| ScopeEntry {
                name: n,
                grants: grants_of(i),
            })
            .collect(),
        delimiters: b"",
        methods: METHODS.to_vec(),
        routes: routes
            .iter()
            .map(|(template, segments, methods)| RouteEntry {
                template,
                segments: segments.clone(),
                methods: methods.iter().map(|&(m, r)| (m, &reqs[r][..])).collect(),
            })
            .collect(),
    };
    let owned = build(&d);
    f(owned.view());
}

/// Every (method, path) with and without every grant: the decision and
/// its route, as the reference says.
#[test]
fn authorize_token_decides_as_the_rules_say() {
    with_tables(|t| {
        let reqs = requirements();
        for (r, (template, _, served)) in routes().iter().enumerate() {
            let route = t.route_by_template(template).expect("template");
            for (m, method) in METHODS.iter().enumerate() {
                let served = served.iter().find(|(sm, _)| usize::from(*sm) == m);
                let mut tokens: Vec<Option<Vec<usize>>> = vec![None];
                tokens.extend(grants().into_iter().map(Some));
                for token in tokens {
                    let closed = token.as_deref().map(closure);
                    let w = closed.as_deref().map(words);
                    let d = t.authorize_token(method, PATHS[r], w.as_deref());
                    let at = format!("{method} {} token {token:?}", PATHS[r]);
                    assert_eq!(d.route(), Some(route), "{at}");
                    let Some(&(_, req)) = served else {
                        assert_eq!(d, Decision::MethodNotAllowed { route }, "{at}");
                        assert_eq!(d.reason(), "method_not_allowed");
                        continue;
                    };
                    let expected = if admits(&reqs[req], closed.as_deref()) {
                        "ok"
                    } else if token.is_none() {
                        "unauthenticated"
                    } else {
                        "insufficient_scope"
                    };
                    assert_eq!(d.reason(), expected, "{at}");
                    let requirement = match d {
                        Decision::Allow { requirement, .. }
                        | Decision::Deny { requirement, .. }
                        | Decision::Unauthenticated { requirement, .. } => requirement,
                        other => panic!("{at}: {other:?}"),
                    };
                    assert_eq!(
                        t.admits(requirement, w.as_deref()),
                        expected == "ok",
                        "admits, {at}"
                    );
                }
            }
        }
        let none = t.authorize_token("GET", "/nowhere", None);
        assert_eq!(
            (none, none.route(), none.reason()),
            (Decision::NoRoute, None, "no_route")
        );
        let bad = t.authorize_token("GET", "/a/%zz", Some(&words(&[3])));
        assert!(matches!(bad, Decision::InvalidPath(_)), "{bad:?}");
        assert_eq!((bad.route(), bad.reason()), (None, "invalid_path"));
        assert!(!t.admits(u32::MAX, Some(&words(&[3]))));
    });
}

/// The group indices of the requirement of (`method`, `path`), with
/// their scopes (`group_scopes`), and which of them a grant leaves unmet.
#[test]
fn unmet_and_effective_groups_follow_the_reference() {
    with_tables(|t| {
        let reqs = requirements();
        let nothing = words(&[]);
        for (r, (template, _, served)) in routes().iter().enumerate() {
            let route = t.route_by_template(template).expect("template");
            for &(m, req) in served {
                let method = METHODS[usize::from(m)];
                let index = t.requirement_for(route, method).expect("served");
                // Nothing granted: every group is unmet, in order.
                let groups: Vec<u32> = t.unmet_groups(index, &nothing).collect();
                let named: Vec<Vec<usize>> = groups
                    .iter()
                    .map(|&g| t.group_scopes(g).collect())
                    .collect();
                let mut want = reqs[req].clone();
                for g in &mut want {
                    g.sort_unstable();
                }
                assert_eq!(named, want, "groups of {method} {}", PATHS[r]);
                for (&g, written) in groups.iter().zip(&reqs[req]) {
                    // Effective group: each scope whose own closure meets it.
                    let effective: Vec<usize> = t.effective_group(g).collect();
                    let reference: Vec<usize> = (0..SCOPES)
                        .filter(|&s| written.iter().any(|w| closure(&[s]).contains(w)))
                        .collect();
                    assert_eq!(effective, reference, "effective group {written:?}");
                }
                for grant in grants() {
                    let closed = closure(&grant);
                    let unmet: Vec<Vec<usize>> = t
                        .unmet_groups(index, &words(&closed))
                        .map(|g| t.group_scopes(g).collect())
                        .collect();
                    let reference: Vec<Vec<usize>> = want
                        .iter()
                        .filter(|g| !g.iter().any(|s| closed.contains(s)))
                        .cloned()
                        .collect();
                    assert_eq!(unmet, reference, "unmet, {method} {} {grant:?}", PATHS[r]);
                }
            }
        }
    });
}

/// `Decision::route` and `Decision::reason` for every variant, as their
/// documentation lists them.
#[test]
fn every_decision_names_its_route_and_reason() {
    let cases = [
        (
            Decision::Allow {
                route: 4,
                requirement: 9,
            },
            Some(4),
            "ok",
        ),
        (
            Decision::Deny {
                route: 5,
                requirement: 9,
            },
            Some(5),
            "insufficient_scope",
        ),
        (
            Decision::Unauthenticated {
                route: 6,
                requirement: 9,
            },
            Some(6),
            "unauthenticated",
        ),
        (Decision::NoRoute, None, "no_route"),
        (
            Decision::MethodNotAllowed { route: 7 },
            Some(7),
            "method_not_allowed",
        ),
        (
            Decision::InvalidPath(PathError::EmptySegment),
            None,
            "invalid_path",
        ),
    ];
    for (d, route, reason) in cases {
        assert_eq!((d.route(), d.reason()), (route, reason), "{d:?}");
    }
}
