//! Print [`OwnedTables`] as a `Tables<'static>` expression, every struct
//! with its field names. The layout and its invariants belong to
//! `scopes-core` (`scopes_core::build` lays it out, `Tables` reads it);
//! this only prints what it is given. The caller brings `::scopes_runtime::__private::*` into scope
//! (inside a hidden module), so the literal stays short.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use scopes_core::{OwnedHash, OwnedTables, Str};

fn u32l(x: u32) -> Literal {
    Literal::u32_unsuffixed(x)
}

fn s(x: Str) -> TokenStream {
    let (start, len) = (u32l(x.start), u32l(x.len));
    quote!(Str { start: #start, len: #len })
}

fn strs(v: &[Str]) -> TokenStream {
    let v = v.iter().map(|&x| s(x));
    quote!(&[#(#v),*])
}

fn u32s(v: &[u32]) -> TokenStream {
    let v = v.iter().map(|&x| u32l(x));
    quote!(&[#(#v),*])
}

fn u64s(v: &[u64]) -> TokenStream {
    let v = v.iter().map(|&x| Literal::u64_unsuffixed(x));
    quote!(&[#(#v),*])
}

fn hash(h: &OwnedHash) -> TokenStream {
    let seed = Literal::u64_unsuffixed(h.seed);
    let pilots = Literal::byte_string(&h.pilots);
    let remap = u32s(&h.remap);
    let map = u32s(&h.map);
    quote!(PerfectHash { seed: #seed, pilots: #pilots, remap: #remap, map: #map })
}

/// The `Tables { .. }` expression; `generated`: the path of the matcher
/// generated for these tables, if any.
#[must_use]
pub fn tables_expr(t: &OwnedTables, generated: Option<&TokenStream>) -> TokenStream {
    let generated = match generated {
        Some(path) => quote!(::core::option::Option::Some(&#path)),
        None => quote!(::core::option::Option::None),
    };
    let words = Literal::usize_unsuffixed(t.words);
    let spec_id = Literal::u64_unsuffixed(t.spec_id);
    let strings = Literal::string(&t.strings);
    let scope_names = strs(&t.scope_names);
    let scope_hash = hash(&t.scope_hash);
    let closure = u64s(&t.closure);
    let delimiters = Literal::byte_string(&t.delimiters);
    let methods = strs(&t.methods);
    let routes = t.routes.iter().map(|r| {
        let (template, start, len) = (s(r.template), u32l(r.methods_start), u32l(r.methods_len));
        quote!(Route { template: #template, methods_start: #start, methods_len: #len })
    });
    let route_methods = t.route_methods.iter().map(|m| {
        let (method, req) = (Literal::u16_unsuffixed(m.method), u32l(m.requirement));
        quote!(RouteMethod { method: #method, requirement: #req })
    });
    let template_hash = hash(&t.template_hash);
    let nodes = t.nodes.iter().map(|n| {
        let [
            route,
            param,
            edges_start,
            edges,
            patterns_start,
            patterns_len,
        ] = [
            n.route,
            n.param,
            n.edges_start,
            n.edges,
            n.patterns_start,
            n.patterns_len,
        ]
        .map(u32l);
        quote!(Node {
            route: #route, param: #param, edges_start: #edges_start, edges: #edges,
            patterns_start: #patterns_start, patterns_len: #patterns_len
        })
    });
    let edges = t.edges.iter().map(|e| {
        let (parent, segment, child) = (u32l(e.parent), s(e.segment), u32l(e.child));
        quote!(Edge { parent: #parent, segment: #segment, child: #child })
    });
    let edge_seed = Literal::u64_unsuffixed(t.edge_seed);
    let edge_slots = u32s(&t.edge_slots);
    let patterns = t.patterns.iter().map(|p| {
        let (prefix, suffix) = (s(p.prefix), s(p.suffix));
        let (start, len, child) = (u32l(p.middles_start), u32l(p.middles_len), u32l(p.child));
        quote!(Pattern {
            prefix: #prefix, suffix: #suffix, middles_start: #start, middles_len: #len, child: #child
        })
    });
    let pattern_middles = strs(&t.pattern_middles);
    let requirements = t.requirements.iter().map(|r| {
        let (start, len) = (u32l(r.start), u32l(r.len));
        quote!(Requirement { start: #start, len: #len })
    });
    let groups = u64s(&t.groups);
    quote! {
        Tables {
            words: #words,
            spec_id: #spec_id,
            strings: #strings,
            scope_names: #scope_names,
            scope_hash: #scope_hash,
            closure: #closure,
            delimiters: #delimiters,
            methods: #methods,
            routes: &[#(#routes),*],
            route_methods: &[#(#route_methods),*],
            template_hash: #template_hash,
            nodes: &[#(#nodes),*],
            edges: &[#(#edges),*],
            edge_seed: #edge_seed,
            edge_slots: #edge_slots,
            patterns: &[#(#patterns),*],
            pattern_middles: #pattern_middles,
            requirements: &[#(#requirements),*],
            groups: #groups,
            generated: #generated,
        }
    }
}
