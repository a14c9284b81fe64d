//! Build the lookup tables of a spec, in the layout of
//! [`scopes_core::Tables`]: the generator prints them as statics, the
//! runtime uses them as they are.
//!
//! - scope names, templates and trie edges each get a perfect hash
//!   (`phf_generator`'s PtrHash over [`scopes_core::hash::hash_key`]);
//! - the path trie has one node per distinct prefix, with static edges, a
//!   shared child for whole-segment parameters, and prefix/suffix patterns;
//! - requirements are deduplicated and stored as OR-groups of scope bits.

use std::collections::{BTreeMap, HashMap};

use scopes_core::hash::hash_key;
use scopes_core::table::HASHED_FANOUT;
use scopes_core::{
    Edge, NONE, Node, OwnedHash, OwnedTables, Pattern, Requirement, Route, RouteMethod, Str,
};

use crate::model::{Method, Requirement as Req, Spec};
use crate::template::{self, Segment};

/// Build the tables of a validated spec.
#[must_use]
pub fn build(spec: &Spec) -> OwnedTables {
    let mut b = Builder {
        t: OwnedTables {
            words: spec.words(),
            spec_id: spec_id(spec),
            ..OwnedTables::default()
        },
        interned: HashMap::new(),
    };
    b.scopes(spec);
    b.t.delimiters.clone_from(&spec.delimiters);
    let methods = b.methods(spec);
    b.routes(spec, &methods);
    b.trie(spec);
    b.t
}

/// A fingerprint of the spec's meaning: the hash of its export JSON. Two
/// files with the same scopes and routes get the same id, so tables
/// generated at compile time and loaded at runtime from the same spec
/// agree.
#[must_use]
pub fn spec_id(spec: &Spec) -> u64 {
    let json = crate::export::to_json(spec);
    let order: Vec<&str> = spec.scopes.iter().map(|s| s.name.as_str()).collect();
    hash_key(0x5C0_9E5, 0, format!("{json}{order:?}").as_bytes())
}

struct Builder {
    t: OwnedTables,
    interned: HashMap<String, Str>,
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
        map: state
            .map
            .iter()
            .map(|&i| u32::try_from(i).unwrap_or(u32::MAX))
            .collect(),
    }
}

impl Builder {
    fn str(&mut self, s: &str) -> Str {
        if let Some(&v) = self.interned.get(s) {
            return v;
        }
        let v = self.t.push_str(s);
        self.interned.insert(s.to_owned(), v);
        v
    }

    fn scopes(&mut self, spec: &Spec) {
        for s in &spec.scopes {
            let name = self.str(&s.name);
            self.t.scope_names.push(name);
        }
        let keys: Vec<(u32, &[u8])> = spec.scopes.iter().map(|s| (0, s.name.as_bytes())).collect();
        self.t.scope_hash = perfect_hash(&keys);
        let words = self.t.words;
        for closure in spec.closures() {
            let mut bits = vec![0u64; words];
            for (i, _) in closure.iter().enumerate().filter(|(_, c)| **c) {
                bits[i / 64] |= 1 << (i % 64);
            }
            self.t.closure.extend(bits);
        }
    }

    fn methods(&mut self, spec: &Spec) -> BTreeMap<Method, u16> {
        let mut all: Vec<&Method> = spec.routes.iter().flat_map(|r| r.methods.keys()).collect();
        all.sort();
        all.dedup();
        let mut out = BTreeMap::new();
        for (i, m) in all.into_iter().enumerate() {
            let s = self.str(m.as_str());
            self.t.methods.push(s);
            out.insert(m.clone(), u16::try_from(i).unwrap_or(u16::MAX));
        }
        out
    }

    fn requirement(&mut self, req: &Req, cache: &mut HashMap<Req, u32>) -> u32 {
        if let Some(&i) = cache.get(req) {
            return i;
        }
        let words = self.t.words;
        let start = u32::try_from(self.t.groups.len() / words).unwrap_or(u32::MAX);
        for group in req {
            let mut bits = vec![0u64; words];
            for &s in group {
                bits[s / 64] |= 1 << (s % 64);
            }
            self.t.groups.extend(bits);
        }
        let i = u32::try_from(self.t.requirements.len()).unwrap_or(u32::MAX);
        self.t.requirements.push(Requirement {
            start,
            len: u32::try_from(req.len()).unwrap_or(u32::MAX),
        });
        cache.insert(req.clone(), i);
        i
    }

    fn routes(&mut self, spec: &Spec, methods: &BTreeMap<Method, u16>) {
        let mut cache = HashMap::new();
        for r in &spec.routes {
            let template = self.str(&r.template.text);
            let start = u32::try_from(self.t.route_methods.len()).unwrap_or(u32::MAX);
            for (m, req) in &r.methods {
                let requirement = self.requirement(req, &mut cache);
                self.t.route_methods.push(RouteMethod {
                    method: methods[m],
                    requirement,
                });
            }
            self.t.routes.push(Route {
                template,
                methods_start: start,
                methods_len: u32::try_from(r.methods.len()).unwrap_or(u32::MAX),
            });
        }
        let keys: Vec<(u32, &[u8])> = spec
            .routes
            .iter()
            .map(|r| (0, r.template.text.as_bytes()))
            .collect();
        self.t.template_hash = perfect_hash(&keys);
    }

    fn trie(&mut self, spec: &Spec) {
        #[derive(Default)]
        struct N {
            route: Option<usize>,
            statics: BTreeMap<String, usize>,
            patterns: Vec<(Segment, usize)>,
            param: Option<usize>,
        }
        let mut nodes = vec![N::default()];
        for (ri, r) in spec.routes.iter().enumerate() {
            let mut at = 0;
            for seg in &r.template.segments {
                let next = nodes.len();
                let child = match seg {
                    Segment::Static(s) => *nodes[at].statics.entry(s.clone()).or_insert(next),
                    Segment::Param(_) => *nodes[at].param.get_or_insert(next),
                    Segment::Pattern { .. } => {
                        let key = template::pattern_text(seg);
                        match nodes[at]
                            .patterns
                            .iter()
                            .find(|(k, _)| template::pattern_text(k) == key)
                        {
                            Some(&(_, c)) => c,
                            None => {
                                nodes[at].patterns.push((seg.clone(), next));
                                next
                            }
                        }
                    }
                };
                if child == next {
                    nodes.push(N::default());
                }
                at = child;
            }
            nodes[at].route.get_or_insert(ri);
        }
        let as_u32 = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        let mut edge_keys: Vec<(u32, u32, String)> = Vec::new();
        for (i, n) in nodes.iter_mut().enumerate() {
            n.patterns
                .sort_by(|(a, _), (b, _)| template::pattern_order(a, b));
            let patterns_start = as_u32(self.t.patterns.len());
            for (seg, child) in &n.patterns {
                let Segment::Pattern {
                    prefix,
                    suffix,
                    more,
                    ..
                } = seg
                else {
                    continue;
                };
                let (prefix, suffix) = (self.str(prefix), self.str(suffix));
                let middles_start = as_u32(self.t.pattern_middles.len());
                for (lit, _) in more {
                    let m = self.str(lit);
                    self.t.pattern_middles.push(m);
                }
                self.t.patterns.push(Pattern {
                    prefix,
                    suffix,
                    middles_start,
                    middles_len: as_u32(more.len()),
                    child: as_u32(*child),
                });
            }
            let edges_start = as_u32(self.t.edges.len());
            let wide = as_u32(n.statics.len()) > HASHED_FANOUT;
            for (seg, child) in &n.statics {
                let segment = self.str(seg);
                if wide {
                    edge_keys.push((as_u32(self.t.edges.len()), as_u32(i), seg.clone()));
                }
                self.t.edges.push(Edge {
                    parent: as_u32(i),
                    segment,
                    child: as_u32(*child),
                });
            }
            self.t.nodes.push(Node {
                route: n.route.map_or(NONE, as_u32),
                param: n.param.map_or(NONE, as_u32),
                edges_start,
                edges: as_u32(n.statics.len()),
                patterns_start,
                patterns_len: as_u32(n.patterns.len()),
            });
        }
        // Only wide nodes are hashed; slots point at global edge indices.
        let keys: Vec<(u32, &[u8])> = edge_keys
            .iter()
            .map(|(_, p, s)| (*p, s.as_bytes()))
            .collect();
        let mut hash = perfect_hash(&keys);
        for slot in &mut hash.map {
            *slot = edge_keys
                .get(*slot as usize)
                .map_or(u32::MAX, |(e, _, _)| *e);
        }
        self.t.edge_hash = hash;
    }
}
