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

/// A fingerprint of the spec's meaning: a hash of what the tables are
/// built from (scope names in order and what each grants, delimiters,
/// each route's template, methods and requirements, routes in template
/// order). Two files with the same scopes and routes get the same id, so
/// tables generated at compile time and loaded at runtime from the same
/// spec agree; scope descriptions and route order in the file do not
/// count. Linear in the size of the description (it used to hash the
/// export JSON, whose effective requirements cost routes x scopes).
#[must_use]
pub fn spec_id(spec: &Spec) -> u64 {
    fingerprint(&description(spec))
}

/// [`spec_id`] of a description: every string through `Debug` (quoted and
/// escaped), so no two descriptions print the same.
fn fingerprint(d: &Description<'_>) -> u64 {
    use std::fmt::Write as _;
    let mut text = String::new();
    for s in &d.scopes {
        let _ = write!(text, "{:?}{:?};", s.name, s.grants);
    }
    let _ = write!(text, "|{:?}|", d.delimiters);
    let mut routes: Vec<&RouteEntry<'_>> = d.routes.iter().collect();
    routes.sort_by_key(|r| r.template);
    for r in routes {
        let _ = write!(text, "{:?}", r.template);
        for (m, groups) in &r.methods {
            let _ = write!(text, "{:?}{groups:?}", d.methods[usize::from(*m)]);
        }
        text.push(';');
    }
    hash_key(0x5C0_9E5, 0, text.as_bytes())
}

/// The spec as the table builder takes it.
#[must_use]
pub fn describe(spec: &Spec) -> Description<'_> {
    let mut d = description(spec);
    d.spec_id = fingerprint(&d);
    d
}

/// [`describe`] without the fingerprint (`spec_id` 0).
fn description(spec: &Spec) -> Description<'_> {
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
        spec_id: 0,
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
