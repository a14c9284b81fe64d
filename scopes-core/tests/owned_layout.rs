//! `OwnedTables`: the view borrows exactly the owned vectors, `push_str`
//! appends and points at what it appended, and `size_bytes` is the size
//! of the data the generated statics hold, computed here independently as
//! the sum of `size_of_val` over every slice plus each perfect hash's
//! seed (8 bytes), pilots (1 byte each) and `remap`/`map` (4 bytes each),
//! and the edge table's seed (8 bytes).
//! Added for mutation testing (issue 14).

use std::mem::size_of_val;

use scopes_core::hash::PerfectHash;
use scopes_core::{
    Edge, Node, OwnedHash, OwnedTables, Pattern, Requirement, Route, RouteMethod, Str,
};

const S: Str = Str { start: 0, len: 0 };

fn hash(n: usize) -> OwnedHash {
    OwnedHash {
        seed: n as u64 * 31 + 7,
        pilots: (0..n as u8 + 1).collect(),
        remap: (0..n as u32 + 2).collect(),
        map: (0..n as u32 + 3).rev().collect(),
    }
}

/// Every vector a different length, so a term counted twice, left out or
/// weighted by the wrong size shows.
fn tables() -> OwnedTables {
    let mut t = OwnedTables {
        words: 2,
        spec_id: 0xABCD,
        scope_names: vec![S; 3],
        scope_hash: hash(1),
        closure: vec![1; 5],
        delimiters: b",;".to_vec(),
        methods: vec![S; 7],
        routes: vec![
            Route {
                template: S,
                methods_start: 0,
                methods_len: 0
            };
            11
        ],
        route_methods: vec![
            RouteMethod {
                method: 0,
                requirement: 0
            };
            13
        ],
        template_hash: hash(4),
        nodes: vec![
            Node {
                route: 0,
                param: 0,
                edges_start: 0,
                edges: 0,
                patterns_start: 0,
                patterns_len: 0
            };
            17
        ],
        edges: vec![
            Edge {
                parent: 0,
                segment: S,
                child: 0
            };
            19
        ],
        edge_seed: 9,
        edge_slots: (0..23).collect(),
        patterns: vec![
            Pattern {
                prefix: S,
                suffix: S,
                middles_start: 0,
                middles_len: 0,
                child: 0
            };
            23
        ],
        pattern_middles: vec![S; 29],
        requirements: vec![Requirement { start: 0, len: 0 }; 31],
        groups: vec![0; 37],
        ..OwnedTables::default()
    };
    t.strings = "x".repeat(41);
    t
}

fn hash_bytes(h: &PerfectHash<'_>) -> usize {
    size_of_val(&h.seed) + size_of_val(h.pilots) + size_of_val(h.remap) + size_of_val(h.map)
}

#[test]
fn size_is_the_sum_of_every_slice() {
    let owned = tables();
    let t = owned.view();
    let want = t.strings.len()
        + size_of_val(t.scope_names)
        + hash_bytes(&t.scope_hash)
        + size_of_val(t.closure)
        + size_of_val(t.delimiters)
        + size_of_val(t.methods)
        + size_of_val(t.routes)
        + size_of_val(t.route_methods)
        + hash_bytes(&t.template_hash)
        + size_of_val(t.nodes)
        + size_of_val(t.edges)
        + size_of_val(&t.edge_seed)
        + size_of_val(t.edge_slots)
        + size_of_val(t.patterns)
        + size_of_val(t.pattern_middles)
        + size_of_val(t.requirements)
        + size_of_val(t.groups);
    assert_eq!(owned.size_bytes(), want);
    assert_eq!(OwnedTables::default().size_bytes(), 3 * 8);
}

#[test]
fn the_view_borrows_the_owned_vectors() {
    let owned = tables();
    let t = owned.view();
    assert_eq!((t.words, t.spec_id), (2, 0xABCD));
    assert_eq!(t.strings, owned.strings);
    assert!(std::ptr::eq(t.scope_names, &owned.scope_names[..]));
    assert!(std::ptr::eq(t.closure, &owned.closure[..]));
    assert!(std::ptr::eq(t.delimiters, &owned.delimiters[..]));
    assert!(std::ptr::eq(t.methods, &owned.methods[..]));
    assert!(std::ptr::eq(t.routes, &owned.routes[..]));
    assert!(std::ptr::eq(t.route_methods, &owned.route_methods[..]));
    assert!(std::ptr::eq(t.nodes, &owned.nodes[..]));
    assert!(std::ptr::eq(t.edges, &owned.edges[..]));
    assert!(std::ptr::eq(t.edge_slots, &owned.edge_slots[..]));
    assert_eq!(t.edge_seed, owned.edge_seed);
    assert!(std::ptr::eq(t.patterns, &owned.patterns[..]));
    assert!(std::ptr::eq(t.pattern_middles, &owned.pattern_middles[..]));
    assert!(std::ptr::eq(t.requirements, &owned.requirements[..]));
    assert!(std::ptr::eq(t.groups, &owned.groups[..]));
    assert!(t.generated.is_none());
    for (view, own) in [
        (t.scope_hash, &owned.scope_hash),
        (t.template_hash, &owned.template_hash),
    ] {
        assert_eq!(view.seed, own.seed);
        assert_eq!(view.pilots, &own.pilots[..]);
        assert_eq!(view.remap, &own.remap[..]);
        assert_eq!(view.map, &own.map[..]);
    }
}

#[test]
fn push_str_appends_and_points_at_the_text() {
    let mut t = OwnedTables::default();
    let a = t.push_str("carts");
    let b = t.push_str("");
    let c = t.push_str("read");
    assert_eq!(t.strings, "cartsread");
    assert_eq!(a, Str { start: 0, len: 5 });
    assert_eq!(b, Str { start: 5, len: 0 });
    assert_eq!(c, Str { start: 5, len: 4 });
    let text = |s: Str| &t.strings[s.start as usize..(s.start + s.len) as usize];
    assert_eq!((text(a), text(c)), ("carts", "read"));
}
