//! The lookup tables of a spec: the model described plainly for
//! [`scopes_core::build`], which owns the layout (the generator prints the
//! result as statics, the runtime uses it as it is). What is decided here is
//! the spec's meaning only: the scopes' closures, the method order, each
//! route's segments and requirements, and the priority among patterns
//! ([`template::pattern_order`]).

use std::collections::BTreeMap;

use scopes_core::OwnedTables;
use scopes_core::build::{Description, RouteEntry, ScopeEntry, SegmentEntry};
use scopes_core::hash::hash_key;

use crate::model::{Method, Spec};
use crate::template::{self, Segment};

/// Build the tables of a validated spec.
#[must_use]
pub fn build(spec: &Spec) -> OwnedTables {
    scopes_core::build::build(&describe(spec))
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

/// The spec as the table builder takes it.
#[must_use]
pub fn describe(spec: &Spec) -> Description<'_> {
    let scopes = spec
        .scopes
        .iter()
        .zip(spec.closures())
        .map(|(s, closure)| ScopeEntry {
            name: &s.name,
            grants: (0..closure.len()).filter(|&i| closure[i]).collect(),
        })
        .collect();
    let mut methods: Vec<&Method> = spec.routes.iter().flat_map(|r| r.methods.keys()).collect();
    methods.sort();
    methods.dedup();
    let ids: BTreeMap<&Method, u16> = methods
        .iter()
        .enumerate()
        .map(|(i, &m)| (m, u16::try_from(i).unwrap_or(u16::MAX)))
        .collect();
    let priority = pattern_priorities(spec);
    let routes = spec
        .routes
        .iter()
        .map(|r| RouteEntry {
            template: &r.template.text,
            segments: r
                .template
                .segments
                .iter()
                .map(|s| segment(s, &priority))
                .collect(),
            methods: r
                .methods
                .iter()
                .map(|(m, req)| (ids[m], req.as_slice()))
                .collect(),
        })
        .collect();
    Description {
        spec_id: spec_id(spec),
        scopes,
        delimiters: &spec.delimiters,
        methods: methods.into_iter().map(Method::as_str).collect(),
        routes,
    }
}

/// Every pattern text of the spec, ranked by [`template::pattern_order`].
fn pattern_priorities(spec: &Spec) -> BTreeMap<String, u32> {
    let mut patterns: Vec<&Segment> = spec
        .routes
        .iter()
        .flat_map(|r| &r.template.segments)
        .filter(|s| matches!(s, Segment::Pattern { .. }))
        .collect();
    patterns.sort_by(|a, b| template::pattern_order(a, b));
    let mut ranks = BTreeMap::new();
    for p in patterns {
        let next = u32::try_from(ranks.len()).unwrap_or(u32::MAX);
        ranks.entry(template::pattern_text(p)).or_insert(next);
    }
    ranks
}

fn segment<'s>(s: &'s Segment, priority: &BTreeMap<String, u32>) -> SegmentEntry<'s> {
    match s {
        Segment::Static(lit) => SegmentEntry::Literal(lit),
        Segment::Param(_) => SegmentEntry::Param,
        Segment::Pattern {
            prefix,
            suffix,
            more,
            ..
        } => SegmentEntry::Pattern {
            prefix,
            middles: more.iter().map(|(lit, _)| lit.as_str()).collect(),
            suffix,
            priority: priority
                .get(&template::pattern_text(s))
                .copied()
                .unwrap_or(u32::MAX),
        },
    }
}
