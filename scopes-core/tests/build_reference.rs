//! The table builder (`build::build`, feature `build`) against the
//! description it was given, read back through the public reader: every
//! scope's closure is the set its `grants` list names (checked bit by bit
//! over three words), delimiters are kept, each route serves exactly its
//! methods with the requirement written in the description (an AND of
//! OR-groups, decided here by a reference over scope indices), templates
//! and paths find their routes, the first of two routes with equal
//! segments wins, and patterns are tried by priority. Added for mutation
//! testing (issue 14).
#![cfg(feature = "build")]

use scopes_core::PathMatch;
use scopes_core::build::{Description, RouteEntry, ScopeEntry, SegmentEntry, build};

/// 130 scopes (three words): `s0` … `s129`; scope `i` grants itself and,
/// for `i` a multiple of 10, also `i + 1` and `129 - i`.
fn grants_of(i: usize) -> Vec<usize> {
    let mut g = vec![i];
    if i.is_multiple_of(10) {
        g.push(i + 1);
        g.push(129 - i);
    }
    g
}

/// Requirements as scope indices: AND of OR-groups.
fn requirements() -> Vec<Vec<Vec<usize>>> {
    vec![
        vec![vec![3]],
        vec![vec![70, 128], vec![65]],
        vec![],
        vec![vec![1, 2], vec![127]],
    ]
}

/// The reference: whether the closed set `granted` (scope indices) meets
/// `req`.
fn meets(req: &[Vec<usize>], granted: &[usize]) -> bool {
    req.iter()
        .all(|group| group.iter().any(|s| granted.contains(s)))
}

fn closure(grant: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = grant.iter().flat_map(|&i| grants_of(i)).collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn bits(words: &[u64]) -> Vec<usize> {
    (0..words.len() * 64)
        .filter(|&i| words[i / 64] >> (i % 64) & 1 == 1)
        .collect()
}

#[test]
fn built_tables_hold_what_the_description_says() {
    let names: Vec<String> = (0..130).map(|i| format!("s{i}")).collect();
    let reqs = requirements();
    let wide: Vec<String> = (0..12).map(|i| format!("w{i}")).collect();
    let mut routes = vec![
        RouteEntry {
            template: "/a/{id}",
            segments: vec![SegmentEntry::Literal("a"), SegmentEntry::Param],
            // Method ids out of order: the builder sorts them.
            methods: vec![(2, &reqs[1][..]), (0, &reqs[0][..]), (1, &reqs[2][..])],
        },
        RouteEntry {
            template: "/b",
            segments: vec![SegmentEntry::Literal("b")],
            methods: vec![(0, &reqs[3][..])],
        },
        // Same segments as /a/{id}: the first route keeps the path.
        RouteEntry {
            template: "/a/{other}",
            segments: vec![SegmentEntry::Literal("a"), SegmentEntry::Param],
            methods: vec![(0, &reqs[3][..])],
        },
        RouteEntry {
            template: "/f/{x}.{y}",
            segments: vec![
                SegmentEntry::Literal("f"),
                SegmentEntry::Pattern {
                    prefix: "",
                    middles: vec!["."],
                    suffix: "",
                    priority: 5,
                },
            ],
            methods: vec![(0, &reqs[0][..])],
        },
        RouteEntry {
            template: "/f/{x}.json",
            segments: vec![
                SegmentEntry::Literal("f"),
                SegmentEntry::Pattern {
                    prefix: "",
                    middles: vec![],
                    suffix: ".json",
                    priority: 1,
                },
            ],
            methods: vec![(0, &reqs[0][..])],
        },
    ];
    for w in &wide {
        routes.push(RouteEntry {
            template: w,
            segments: vec![SegmentEntry::Literal("wide"), SegmentEntry::Literal(w)],
            methods: vec![(1, &reqs[2][..])],
        });
    }
    let d = Description {
        spec_id: 42,
        scopes: names
            .iter()
            .enumerate()
            .map(|(i, n)| ScopeEntry {
                name: n,
                grants: grants_of(i),
            })
            .collect(),
        delimiters: b",;",
        methods: vec!["GET", "POST", "DELETE"],
        routes,
    };
    let owned = build(&d);
    let t = owned.view();

    assert_eq!((t.words, t.spec_id, t.delimiters), (3, 42, &b",;"[..]));
    assert_eq!(t.scope_count(), 130);
    for (i, n) in names.iter().enumerate() {
        assert_eq!(t.scope_index(n), Some(i), "{n}");
        assert_eq!(t.scope_name(i), n);
        assert_eq!(bits(t.closure_of(i)), closure(&[i]), "closure of {n}");
    }
    assert_eq!(t.scope_index("s130"), None);
    // Delimiters separate granted scopes like the space.
    let mut out = vec![0u64; 3];
    t.grant("s0,s64;s129", &mut out).unwrap();
    assert_eq!(bits(&out), closure(&[0, 64, 129]));

    // Methods: names, sorted per route, each with its requirement.
    for (m, name) in ["GET", "POST", "DELETE"].iter().enumerate() {
        assert_eq!(t.method_name(m as u16), *name);
    }
    let served: Vec<u16> = t.methods_of(0).iter().map(|rm| rm.method).collect();
    assert_eq!(served, [0, 1, 2]);
    assert_eq!(t.methods_of(1).len(), 1);
    let grants: Vec<Vec<usize>> = vec![
        vec![],
        vec![3],
        vec![70, 65],
        vec![60],
        vec![128, 65],
        vec![2, 127],
        vec![0, 2],
        vec![120],
        vec![10, 127],
    ];
    let cases = [
        (0, "GET", 0),
        (0, "POST", 2),
        (0, "DELETE", 1),
        (1, "GET", 3),
    ];
    for (route, method, req) in cases {
        let r = t.requirement_for(route, method).unwrap();
        assert_eq!(t.is_public(r), reqs[req].is_empty());
        for g in &grants {
            let closed = closure(g);
            let mut words = vec![0u64; 3];
            for &s in &closed {
                words[s / 64] |= 1 << (s % 64);
            }
            assert_eq!(
                t.satisfies(r, &words),
                meets(&reqs[req], &closed),
                "{method} route {route} with {g:?}"
            );
        }
    }
    assert_eq!(t.requirement_for(1, "POST"), None);

    // Templates and paths.
    for (i, r) in d.routes.iter().enumerate() {
        assert_eq!(t.template(i as u32), r.template);
        assert_eq!(t.route_by_template(r.template), Some(i as u32));
    }
    assert_eq!(t.match_path("/a/7"), PathMatch::Route(0));
    assert_eq!(t.match_path("/b"), PathMatch::Route(1));
    assert_eq!(t.match_path("/f/data.json"), PathMatch::Route(4));
    assert_eq!(t.match_path("/f/data.xml"), PathMatch::Route(3));
    for (i, w) in wide.iter().enumerate() {
        assert_eq!(
            t.match_path(&format!("/wide/{w}")),
            PathMatch::Route(5 + i as u32)
        );
    }
    assert_eq!(t.match_path("/wide/w12"), PathMatch::NoRoute);
    assert_eq!(t.match_path("/c"), PathMatch::NoRoute);
}

/// `table.rs`: only nodes with more than `HASHED_FANOUT` (8) literal edges
/// are in the edge table; narrower nodes are scanned. A node of exactly 8
/// edges adds no key, one of 9 adds its 9.
#[test]
fn only_nodes_wider_than_eight_edges_are_hashed() {
    let names: Vec<String> = (0..9).map(|i| format!("e{i}")).collect();
    let tables = |n: usize| {
        let routes = names[..n]
            .iter()
            .map(|s| RouteEntry {
                template: s,
                segments: vec![SegmentEntry::Literal(s)],
                methods: vec![(0, &[][..])],
            })
            .collect();
        build(&Description {
            methods: vec!["GET"],
            routes,
            ..Description::default()
        })
    };
    let eight = tables(8);
    assert!(eight.edge_slots.is_empty(), "{:?}", eight.edge_slots);
    let nine = tables(9);
    // At most half full, a power of two.
    assert_eq!(nine.edge_slots.len(), 32, "{:?}", nine.edge_slots);
    let hashed: Vec<u32> = nine
        .edge_slots
        .iter()
        .copied()
        .filter(|&e| e != scopes_core::NONE)
        .collect();
    assert_eq!(hashed.len(), 9, "{:?}", nine.edge_slots);
    for t in [eight.view(), nine.view()] {
        for (i, s) in names.iter().enumerate().take(t.routes.len()) {
            assert_eq!(t.match_path(&format!("/{s}")), PathMatch::Route(i as u32));
        }
    }
}
