//! Tables in owned vectors, for specs loaded at runtime and for the code
//! generator (which prints them as `static` data). [`OwnedTables::view`]
//! gives the same [`Tables`] the generated statics are.

use crate::hash::PerfectHash;
use crate::table::{Edge, Node, Pattern, Requirement, Route, RouteMethod, Str, Tables};

/// The parts of a [`PerfectHash`], owned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OwnedHash {
    /// Seed.
    pub seed: u64,
    /// Pilots.
    pub pilots: Vec<u8>,
    /// Remap.
    pub remap: Vec<u32>,
    /// Slot to entry.
    pub map: Vec<u32>,
}

impl OwnedHash {
    /// Borrow as a [`PerfectHash`].
    #[must_use]
    pub fn view(&self) -> PerfectHash<'_> {
        PerfectHash {
            seed: self.seed,
            pilots: &self.pilots,
            remap: &self.remap,
            map: &self.map,
        }
    }
}

/// Every table of a spec, owned. Field meanings are those of [`Tables`].
#[derive(Debug, Clone, Default)]
#[allow(missing_docs)]
pub struct OwnedTables {
    pub words: usize,
    pub spec_id: u64,
    pub strings: String,
    pub scope_names: Vec<Str>,
    pub scope_hash: OwnedHash,
    pub closure: Vec<u64>,
    pub delimiters: Vec<u8>,
    pub methods: Vec<Str>,
    pub routes: Vec<Route>,
    pub route_methods: Vec<RouteMethod>,
    pub template_hash: OwnedHash,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub edge_seed: u64,
    pub edge_slots: Vec<u32>,
    pub patterns: Vec<Pattern>,
    pub pattern_middles: Vec<Str>,
    pub requirements: Vec<Requirement>,
    pub groups: Vec<u64>,
}

impl OwnedTables {
    /// Borrow as [`Tables`].
    #[must_use]
    pub fn view(&self) -> Tables<'_> {
        Tables {
            words: self.words,
            spec_id: self.spec_id,
            strings: &self.strings,
            scope_names: &self.scope_names,
            scope_hash: self.scope_hash.view(),
            closure: &self.closure,
            delimiters: &self.delimiters,
            methods: &self.methods,
            routes: &self.routes,
            route_methods: &self.route_methods,
            template_hash: self.template_hash.view(),
            nodes: &self.nodes,
            edges: &self.edges,
            edge_seed: self.edge_seed,
            edge_slots: &self.edge_slots,
            patterns: &self.patterns,
            pattern_middles: &self.pattern_middles,
            requirements: &self.requirements,
            groups: &self.groups,
            generated: None,
        }
    }

    /// Append `s` to the string blob.
    pub fn push_str(&mut self, s: &str) -> Str {
        let start = self.strings.len();
        self.strings.push_str(s);
        Str {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            len: u32::try_from(s.len()).unwrap_or(u32::MAX),
        }
    }

    /// The total size in bytes of the tables' data (what the generated
    /// statics occupy, excluding padding).
    #[must_use]
    pub fn size_bytes(&self) -> usize {
        use core::mem::size_of;
        let hash = |h: &OwnedHash| h.pilots.len() + 4 * (h.remap.len() + h.map.len()) + 8;
        self.strings.len()
            + size_of::<Str>() * (self.scope_names.len() + self.methods.len())
            + hash(&self.scope_hash)
            + hash(&self.template_hash)
            + 8
            + 4 * self.edge_slots.len()
            + 8 * (self.closure.len() + self.groups.len())
            + self.delimiters.len()
            + size_of::<Route>() * self.routes.len()
            + size_of::<RouteMethod>() * self.route_methods.len()
            + size_of::<Node>() * self.nodes.len()
            + size_of::<Edge>() * self.edges.len()
            + size_of::<Pattern>() * self.patterns.len()
            + size_of::<Str>() * self.pattern_middles.len()
            + size_of::<Requirement>() * self.requirements.len()
    }
}
