//! The table engine's fast paths (issue 10) against answers from outside
//! the code under test:
//!
//! - a miss is answered without the slow path only when the path is
//!   canonical: a path that matches nothing, at its first segment or
//!   later, is `Invalid` with the error `path::canonical_len` (checked
//!   against RFC 3986 by `path_reference.rs`) gives whenever it is not
//!   canonical, whatever the part the walk read, and `NoRoute` otherwise;
//! - methods are resolved by exact, case-sensitive name (RFC 9110 §9.1:
//!   "The method token is case-sensitive"): `get`, `GETX`, `GE`, the empty
//!   method and names longer than eight bytes are found only when the spec
//!   declares exactly that name.
#![cfg(feature = "build")]

use scopes_core::build::{Description, RouteEntry, SegmentEntry, build};
use scopes_core::path::canonical_len;
use scopes_core::{Decision, OwnedTables, PathMatch, PathRules};

/// Routes behind a wide root (more than eight literals: the edge hash), a
/// narrow node and parameters, declared with `methods`.
fn tables(methods: Vec<&'static str>) -> OwnedTables {
    let wide = [
        "/alpha", "/bravo", "/charlie", "/delta", "/echo", "/foxtrot", "/golf", "/hotel", "/india",
        "/juliet",
    ];
    let mut routes: Vec<RouteEntry<'static>> = wide
        .iter()
        .map(|t| RouteEntry {
            template: t,
            segments: vec![SegmentEntry::Literal(&t[1..])],
            methods: vec![(0, &[][..])],
        })
        .collect();
    routes.push(RouteEntry {
        template: "/alpha/{id}/items",
        segments: vec![
            SegmentEntry::Literal("alpha"),
            SegmentEntry::Param,
            SegmentEntry::Literal("items"),
        ],
        methods: (0..methods.len())
            .map(|m| (u16::try_from(m).unwrap(), &[][..]))
            .collect(),
    });
    build(&Description {
        methods,
        routes,
        ..Description::default()
    })
}

/// What the engine must answer for a path that no template matches: the
/// canonical check's error, or no route.
fn miss_answer(path: &str) -> PathMatch {
    match canonical_len(path, PathRules::STRICT) {
        Err(e) => PathMatch::Invalid(e),
        Ok(_) => PathMatch::NoRoute,
    }
}

#[test]
fn misses_on_non_canonical_paths_stay_invalid() {
    let owned = tables(vec!["GET"]);
    let t = owned.view();
    // Misses at the first segment (wide root, no parameter there), after
    // a literal, and after a parameter; each with a tail a fast check must
    // not call canonical.
    let heads = ["/xalpha", "/alphaz", "/zulu", "/alpha/7/itemz", "/bravo/x"];
    let tails = [
        "",
        "/a%2Fb",
        "/a%2fb",
        "/%41",
        "/a%00",
        "/a%zz",
        "/a%4",
        "/.",
        "/..",
        "/./b",
        "/../b",
        "//b",
        "/",
        "/b/",
        "/a;b",
        "/a b",
        "/a\u{e9}",
        "/a%20",
        "/a%3F",
        "/a#b",
        "/a\"b",
        "/a<b",
        "/a[b]",
        "/a\\b",
        "/a^b",
        "/a`b",
        "/a{b}",
        "/a|b",
        "/a\tb",
        "/a\x7fb",
        // Canonical tails: the answer is no route.
        "/.well-known",
        "/..x",
        "/a.b",
        "/a/b/c",
        "/x%C3%A9",
        "/~a-b_c",
        "/a:b@c",
        "/a=b",
        "/a!$&'()*+,",
    ];
    let mut invalid = 0;
    for head in heads {
        for tail in tails {
            let path = format!("{head}{tail}");
            let want = miss_answer(&path);
            invalid += usize::from(matches!(want, PathMatch::Invalid(_)));
            assert_eq!(t.match_path(&path), want, "{path:?}");
            let decided = t.authorize("GET", &path, &[0]);
            assert!(!decided.is_allowed(), "{path:?}: {decided:?}");
            let want = match want {
                PathMatch::Invalid(e) => Decision::InvalidPath(e),
                _ => Decision::NoRoute,
            };
            assert_eq!(decided, want, "{path:?}");
        }
    }
    assert!(
        invalid > heads.len() * 20,
        "the cases exercise invalid tails"
    );
}

#[test]
fn misses_count_every_segment_toward_the_limit() {
    let owned = tables(vec!["GET"]);
    let t = owned.view();
    // 32 segments are canonical, 33 are too long, wherever the miss is.
    for head in ["/zulu", "/alpha/7/itemz", "/alpha/7/items"] {
        let taken = head.matches('/').count();
        for extra in [32 - taken, 33 - taken] {
            let path = format!("{head}{}", "/s".repeat(extra));
            assert_eq!(t.match_path(&path), miss_answer(&path), "{path:?}");
        }
    }
}

#[test]
fn hits_need_canonical_parameters() {
    let owned = tables(vec!["GET"]);
    let t = owned.view();
    let route = t.route_by_template("/alpha/{id}/items").unwrap();
    assert_eq!(t.match_path("/alpha/7/items"), PathMatch::Route(route));
    assert_eq!(
        t.match_path("/alpha/x%C3%A9/items"),
        PathMatch::Route(route)
    );
    assert_eq!(t.match_path("/alpha/7/items?q=1"), PathMatch::Route(route));
    for id in ["%2F", ".", "..", "a;b", "%41", "a%20"] {
        let path = format!("/alpha/{id}/items");
        assert_eq!(t.match_path(&path), miss_answer(&path), "{path:?}");
    }
}

#[test]
fn methods_are_found_by_exact_name() {
    let declared = vec![
        "GET",
        "POST",
        "PROPFIND",
        "MKCALENDAR",
        "X-LONG-METHOD-NAME",
    ];
    let owned = tables(declared.clone());
    let t = owned.view();
    let route = t.route_by_template("/alpha/{id}/items").unwrap();
    for (i, m) in declared.iter().enumerate() {
        assert_eq!(t.method_index(m), Some(u16::try_from(i).unwrap()), "{m}");
        assert!(t.requirement_for(route, m).is_some(), "{m}");
        let d = t.authorize(m, "/alpha/7/items", &[0]);
        assert_eq!(d.route(), Some(route), "{m}: {d:?}");
        assert!(d.is_allowed(), "{m}: {d:?}");
    }
    let unknown = [
        "",
        "get",
        "Get",
        "gET",
        "GE",
        "G",
        "GETX",
        "GET ",
        " GET",
        "POS",
        "POSTS",
        "PROPFINE",
        "propfind",
        "MKCALENDA",
        "MKCALENDARX",
        "X-LONG-METHOD-NAMF",
        "X-LONG-METHOD-NAME2",
        "DELETE",
        "OPTIONS",
        "GET\0",
        "\0\0\0",
    ];
    for m in unknown {
        assert_eq!(t.method_index(m), None, "{m:?}");
        assert_eq!(t.requirement_for(route, m), None, "{m:?}");
        assert_eq!(
            t.authorize(m, "/alpha/7/items", &[0]),
            Decision::MethodNotAllowed { route },
            "{m:?}"
        );
    }
}
