//! Print [`OwnedTables`] as a `Tables<'static>` expression. The caller
//! brings `::scopes_runtime::__private::*` into scope (inside a hidden
//! module), so the literal stays short.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use scopes_core::{OwnedHash, OwnedTables, Str};

fn s(x: Str) -> TokenStream {
    let (a, b) = (
        Literal::u32_unsuffixed(x.start),
        Literal::u32_unsuffixed(x.len),
    );
    quote!(Str::new(#a, #b))
}

fn u32s(v: &[u32]) -> TokenStream {
    let v = v.iter().map(|&x| Literal::u32_unsuffixed(x));
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

/// The `Tables { .. }` expression.
#[must_use]
pub fn tables_expr(t: &OwnedTables) -> TokenStream {
    let words = Literal::usize_unsuffixed(t.words);
    let spec_id = Literal::u64_unsuffixed(t.spec_id);
    let strings = Literal::string(&t.strings);
    let scope_names = t.scope_names.iter().map(|&x| s(x));
    let scope_hash = hash(&t.scope_hash);
    let closure = u64s(&t.closure);
    let delimiters = Literal::byte_string(&t.delimiters);
    let methods = t.methods.iter().map(|&x| s(x));
    let routes = t.routes.iter().map(|r| {
        let (a, b) = (
            Literal::u32_unsuffixed(r.methods_start),
            Literal::u32_unsuffixed(r.methods_len),
        );
        let tpl = s(r.template);
        quote!(Route::new(#tpl, #a, #b))
    });
    let route_methods = t.route_methods.iter().map(|m| {
        let (a, b) = (
            Literal::u16_unsuffixed(m.method),
            Literal::u32_unsuffixed(m.requirement),
        );
        quote!(RouteMethod::new(#a, #b))
    });
    let template_hash = hash(&t.template_hash);
    let nodes = t.nodes.iter().map(|n| {
        let f = [
            n.route,
            n.param,
            n.edges_start,
            n.edges,
            n.patterns_start,
            n.patterns_len,
        ]
        .map(Literal::u32_unsuffixed);
        let [a, b, c, d, e, g] = f;
        quote!(Node::new(#a, #b, #c, #d, #e, #g))
    });
    let edges = t.edges.iter().map(|e| {
        let (p, c) = (
            Literal::u32_unsuffixed(e.parent),
            Literal::u32_unsuffixed(e.child),
        );
        let seg = s(e.segment);
        quote!(Edge::new(#p, #seg, #c))
    });
    let edge_hash = hash(&t.edge_hash);
    let patterns = t.patterns.iter().map(|p| {
        let (a, b) = (s(p.prefix), s(p.suffix));
        let c = Literal::u32_unsuffixed(p.child);
        quote!(Pattern::new(#a, #b, #c))
    });
    let requirements = t.requirements.iter().map(|r| {
        let (a, b) = (
            Literal::u32_unsuffixed(r.start),
            Literal::u32_unsuffixed(r.len),
        );
        quote!(Requirement::new(#a, #b))
    });
    let groups = u64s(&t.groups);
    quote! {
        Tables {
            words: #words,
            spec_id: #spec_id,
            strings: #strings,
            scope_names: &[#(#scope_names),*],
            scope_hash: #scope_hash,
            closure: #closure,
            delimiters: #delimiters,
            methods: &[#(#methods),*],
            routes: &[#(#routes),*],
            route_methods: &[#(#route_methods),*],
            template_hash: #template_hash,
            nodes: &[#(#nodes),*],
            edges: &[#(#edges),*],
            edge_hash: #edge_hash,
            patterns: &[#(#patterns),*],
            requirements: &[#(#requirements),*],
            groups: #groups,
        }
    }
}
