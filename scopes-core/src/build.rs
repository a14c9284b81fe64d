//! Build [`OwnedTables`] from a plain description of a spec (feature
//! `build`). The layout's invariants live here and in [`crate::table`],
//! which reads it, and nowhere else: which nodes get their edges in the
//! edge table and how it is probed, what a hash slot holds, how strings are interned, the trie's
//! shape. `scopes-spec` describes its model with [`Description`]; the code
//! generator prints the result without knowing any of this.
//!
//! The perfect hashes (scope names, templates) are solved with
//! `phf_generator`'s PtrHash over [`hash_key`], the hash
//! [`crate::hash::PerfectHash`] probes with; the edges of wide nodes go in
//! an open-addressed table ([`edge_slot`]), one load less per lookup.

use std::collections::{BTreeMap, HashMap};

use crate::hash::{edge_slot, hash_key};
use crate::owned::{OwnedHash, OwnedTables};
use crate::table::{
    Edge, HASHED_FANOUT, NONE, Node, Pattern, Requirement, Route, RouteMethod, Str,
};

/// A spec as the table builder needs it: names, implications resolved,
/// routes as segments. Indices are positions in these vectors.
#[derive(Debug, Clone, Default)]
pub struct Description<'s> {
    /// The spec's fingerprint ([`crate::Tables::spec_id`]).
    pub spec_id: u64,
    /// Scopes, by index.
    pub scopes: Vec<ScopeEntry<'s>>,
    /// Bytes that separate granted scopes besides the space.
    pub delimiters: &'s [u8],
    /// HTTP method names; a method's id is its position.
    pub methods: Vec<&'s str>,
    /// Routes, by index; where two routes have the same segments, the
    /// first is the one a path matches.
    pub routes: Vec<RouteEntry<'s>>,
}

/// One scope.
#[derive(Debug, Clone, Default)]
pub struct ScopeEntry<'s> {
    /// Its wire name.
    pub name: &'s str,
    /// Every scope index a grant of it gives (itself, what it implies,
    /// everything for a superuser).
    pub grants: Vec<usize>,
}

/// One route.
#[derive(Debug, Clone, Default)]
pub struct RouteEntry<'s> {
    /// The template as the spec writes it.
    pub template: &'s str,
    /// Its segments, in order.
    pub segments: Vec<SegmentEntry<'s>>,
    /// Each method served (an index into [`Description::methods`]) and its
    /// requirement: an AND of OR-groups of scope indices (none: public).
    pub methods: Vec<(u16, &'s [Vec<usize>])>,
}

/// One segment of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SegmentEntry<'s> {
    /// A literal segment.
    Literal(&'s str),
    /// A whole-segment parameter.
    Param,
    /// Parameters between literals: `prefix{a}middle{b}…suffix`.
    Pattern {
        /// Literal before the first parameter.
        prefix: &'s str,
        /// Literals between parameters, in order.
        middles: Vec<&'s str>,
        /// Literal after the last parameter.
        suffix: &'s str,
        /// Among the patterns of one node, lower is tried first. Equal
        /// literals are one pattern whatever the priorities.
        priority: u32,
    },
}

/// Build the tables of `d`.
#[must_use]
pub fn build(d: &Description<'_>) -> OwnedTables {
    let mut b = Builder {
        t: OwnedTables {
            words: d.scopes.len().div_ceil(64).max(1),
            spec_id: d.spec_id,
            delimiters: d.delimiters.to_vec(),
            ..OwnedTables::default()
        },
        interned: HashMap::new(),
    };
    b.scopes(d);
    for m in &d.methods {
        let s = b.str(m);
        b.t.methods.push(s);
    }
    b.routes(d);
    b.trie(d);
    b.t
}

fn as_u32(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(NONE)
}

/// A scope set of `words` words with `bits` set.
fn bitset(words: usize, bits: &[usize]) -> Vec<u64> {
    let mut set = vec![0u64; words];
    for &i in bits {
        set[i / 64] |= 1 << (i % 64);
    }
    set
}

fn perfect_hash(keys: &[(u32, &[u8])]) -> OwnedHash {
    if keys.is_empty() {
        return OwnedHash::default();
    }
    let state = phf_generator::ptrhash::generate_hash_with_hash_fn(keys, |(ns, bytes), seed| {
        hash_key(*seed, *ns, bytes)
    });
    OwnedHash {
        seed: state.seed,
        pilots: state.pilots,
        remap: state.remap,
        map: state.map.iter().map(|&i| as_u32(i)).collect(),
    }
}

struct Builder {
    t: OwnedTables,
    interned: HashMap<String, Str>,
}

/// A trie node while building.
#[derive(Default)]
struct Draft<'s> {
    route: Option<usize>,
    literals: BTreeMap<&'s str, usize>,
    /// (prefix, middles, suffix), priority, child.
    patterns: Vec<(PatternKey<'s>, u32, usize)>,
    param: Option<usize>,
}

type PatternKey<'s> = (&'s str, Vec<&'s str>, &'s str);

impl Builder {
    fn str(&mut self, s: &str) -> Str {
        if let Some(&v) = self.interned.get(s) {
            return v;
        }
        let v = self.t.push_str(s);
        self.interned.insert(s.to_owned(), v);
        v
    }

    fn scopes(&mut self, d: &Description<'_>) {
        for s in &d.scopes {
            let name = self.str(s.name);
            self.t.scope_names.push(name);
            let closure = bitset(self.t.words, &s.grants);
            self.t.closure.extend(closure);
        }
        let keys: Vec<(u32, &[u8])> = d.scopes.iter().map(|s| (0, s.name.as_bytes())).collect();
        self.t.scope_hash = perfect_hash(&keys);
    }

    fn requirement(
        &mut self,
        req: &[Vec<usize>],
        cache: &mut HashMap<Vec<Vec<usize>>, u32>,
    ) -> u32 {
        if let Some(&i) = cache.get(req) {
            return i;
        }
        let start = as_u32(self.t.groups.len() / self.t.words);
        for group in req {
            let bits = bitset(self.t.words, group);
            self.t.groups.extend(bits);
        }
        let i = as_u32(self.t.requirements.len());
        self.t.requirements.push(Requirement {
            start,
            len: as_u32(req.len()),
        });
        cache.insert(req.to_vec(), i);
        i
    }

    fn routes(&mut self, d: &Description<'_>) {
        let mut cache = HashMap::new();
        for r in &d.routes {
            let template = self.str(r.template);
            let start = as_u32(self.t.route_methods.len());
            let mut methods = r.methods.clone();
            methods.sort_by_key(|&(m, _)| m);
            for (method, req) in methods {
                let requirement = self.requirement(req, &mut cache);
                self.t.route_methods.push(RouteMethod {
                    method,
                    requirement,
                });
            }
            self.t.routes.push(Route {
                template,
                methods_start: start,
                methods_len: as_u32(r.methods.len()),
            });
        }
        let keys: Vec<(u32, &[u8])> = d
            .routes
            .iter()
            .map(|r| (0, r.template.as_bytes()))
            .collect();
        self.t.template_hash = perfect_hash(&keys);
    }

    fn trie(&mut self, d: &Description<'_>) {
        let drafts = drafts(d);
        // (edge index, parent, segment) of the edges of hashed nodes.
        let mut edge_keys: Vec<(u32, u32, &str)> = Vec::new();
        for (i, n) in drafts.iter().enumerate() {
            let patterns_start = as_u32(self.t.patterns.len());
            for ((prefix, middles, suffix), _, child) in &n.patterns {
                let (prefix, suffix) = (self.str(prefix), self.str(suffix));
                let middles_start = as_u32(self.t.pattern_middles.len());
                for m in middles {
                    let m = self.str(m);
                    self.t.pattern_middles.push(m);
                }
                self.t.patterns.push(Pattern {
                    prefix,
                    suffix,
                    middles_start,
                    middles_len: as_u32(middles.len()),
                    child: as_u32(*child),
                });
            }
            let edges_start = as_u32(self.t.edges.len());
            let hashed = as_u32(n.literals.len()) > HASHED_FANOUT;
            for (&seg, &child) in &n.literals {
                if hashed {
                    edge_keys.push((as_u32(self.t.edges.len()), as_u32(i), seg));
                }
                let segment = self.str(seg);
                self.t.edges.push(Edge {
                    parent: as_u32(i),
                    segment,
                    child: as_u32(child),
                });
            }
            self.t.nodes.push(Node {
                route: n.route.map_or(NONE, as_u32),
                param: n.param.map_or(NONE, as_u32),
                edges_start,
                edges: as_u32(n.literals.len()),
                patterns_start,
                patterns_len: as_u32(n.patterns.len()),
            });
        }
        let (seed, slots) = edge_table(&edge_keys);
        self.t.edge_seed = seed;
        self.t.edge_slots = slots;
    }
}

/// The open-addressed edge table over `(edge index, parent, segment)`:
/// a power of two slots, at least twice the edges, each probe sequence
/// from [`edge_slot`] onwards. Of a few seeds, the one whose longest probe
/// sequence is shortest (the first on a tie), so no lookup walks far.
fn edge_table(keys: &[(u32, u32, &str)]) -> (u64, Vec<u32>) {
    if keys.is_empty() {
        return (0, Vec::new());
    }
    let len = (2 * keys.len()).next_power_of_two();
    let mask = len - 1;
    let mut best: Option<(usize, u64, Vec<u32>)> = None;
    for seed in (0..16u64).map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5C0_9E5) {
        let mut slots = vec![NONE; len];
        let mut longest = 0;
        for &(edge, parent, seg) in keys {
            let mut i = edge_slot(seed, parent, seg.as_bytes(), mask);
            let mut probes = 1;
            while slots[i] != NONE {
                i = (i + 1) & mask;
                probes += 1;
            }
            slots[i] = edge;
            longest = longest.max(probes);
        }
        if best.as_ref().is_none_or(|(l, _, _)| longest < *l) {
            best = Some((longest, seed, slots));
        }
    }
    best.map(|(_, seed, slots)| (seed, slots))
        .unwrap_or_default()
}

/// The trie: one node per distinct prefix of segments, node 0 the root;
/// each node's patterns in priority order.
fn drafts<'s>(d: &Description<'s>) -> Vec<Draft<'s>> {
    let mut nodes = vec![Draft::default()];
    for (ri, r) in d.routes.iter().enumerate() {
        let mut at = 0;
        for seg in &r.segments {
            let next = nodes.len();
            let child = match seg {
                SegmentEntry::Literal(s) => *nodes[at].literals.entry(s).or_insert(next),
                SegmentEntry::Param => *nodes[at].param.get_or_insert(next),
                SegmentEntry::Pattern {
                    prefix,
                    middles,
                    suffix,
                    priority,
                } => {
                    let key = (*prefix, middles.clone(), *suffix);
                    let patterns = &mut nodes[at].patterns;
                    if let Some(&(_, _, c)) = patterns.iter().find(|(k, _, _)| *k == key) {
                        c
                    } else {
                        patterns.push((key, *priority, next));
                        next
                    }
                }
            };
            if child == next {
                nodes.push(Draft::default());
            }
            at = child;
        }
        nodes[at].route.get_or_insert(ri);
    }
    for n in &mut nodes {
        n.patterns.sort_by_key(|&(_, priority, _)| priority);
    }
    nodes
}

#[cfg(test)]
mod tests {
    use super::{Description, RouteEntry, ScopeEntry, SegmentEntry, build};
    use crate::table::{Decision, PathMatch};

    /// A spec with one wide node (hashed edges), a pattern and a parameter,
    /// checked through the reader: every built table is found again.
    #[test]
    fn built_tables_are_read_back() {
        let names: Vec<String> = (0..12).map(|i| format!("lit{i}")).collect();
        let read = [vec![0]];
        let mut routes: Vec<RouteEntry<'_>> = names
            .iter()
            .map(|n| RouteEntry {
                template: n,
                segments: vec![SegmentEntry::Literal(n)],
                methods: vec![(0, &read[..])],
            })
            .collect();
        routes.push(RouteEntry {
            template: "/lit0/{a}.{b}",
            segments: vec![
                SegmentEntry::Literal("lit0"),
                SegmentEntry::Pattern {
                    prefix: "",
                    middles: vec!["."],
                    suffix: "",
                    priority: 0,
                },
            ],
            methods: vec![(1, &[][..])],
        });
        routes.push(RouteEntry {
            template: "/lit0/{id}",
            segments: vec![SegmentEntry::Literal("lit0"), SegmentEntry::Param],
            methods: vec![(0, &read[..])],
        });
        let d = Description {
            spec_id: 7,
            scopes: vec![ScopeEntry {
                name: "read",
                grants: vec![0],
            }],
            delimiters: b"",
            methods: vec!["GET", "POST"],
            routes,
        };
        let owned = build(&d);
        let t = owned.view();
        assert_eq!(t.spec_id, 7);
        assert_eq!(t.scope_index("read"), Some(0));
        for (i, n) in names.iter().enumerate() {
            assert_eq!(
                t.match_path(&format!("/{n}")),
                PathMatch::Route(i as u32),
                "{n}"
            );
            assert_eq!(t.route_by_template(n), Some(i as u32));
        }
        assert_eq!(t.match_path("/lit12"), PathMatch::NoRoute);
        assert_eq!(t.match_path("/lit0/x.y"), PathMatch::Route(12));
        assert_eq!(t.match_path("/lit0/xy"), PathMatch::Route(13));
        assert_eq!(
            t.authorize("POST", "/lit0/x.y", &[0]),
            Decision::Allow {
                route: 12,
                requirement: 1
            }
        );
        assert!(!t.authorize("GET", "/lit3", &[0]).is_allowed());
        assert!(t.authorize("GET", "/lit3", &[1]).is_allowed());
    }
}
