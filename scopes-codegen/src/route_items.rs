//! The `routes` module `include_spec!` emits: one constant per spec route
//! (template, methods, each method's requirement), `ALL`, and `SERVED`
//! (every (method, template) pair, for `handlers![exhaustive ...]`).
//!
//! A route's constant is named by [`scopes_spec::Route::rust_name`]: the
//! spec's `name:` key, or else derived from the template. The spec refuses
//! two routes with the same name, so adding a route never moves a name.

use std::collections::HashSet;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;
use scopes_core::requirement::{Style, describe};
use scopes_spec::{Route, Spec};

/// `pub mod routes { ... }` for `spec`; `idents` are the scope variants.
#[must_use]
pub fn routes_module(spec: &Spec, idents: &[Ident]) -> TokenStream {
    // A name taken twice is a spec error already reported: the partial
    // spec of an invalid file keeps the first, so nothing else fails.
    let mut taken = HashSet::new();
    let items: Vec<(Ident, TokenStream)> = spec
        .routes
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let name = r.rust_name();
            let reserved = scopes_spec::route_name::RESERVED.contains(&name.as_str());
            let c = crate::emittable::ident(&name).filter(|_| !reserved)?;
            taken
                .insert(name)
                .then(|| route_item(spec, idents, i, r, c))
        })
        .collect();
    let names = items.iter().map(|(c, _)| c);
    let defs = items.iter().map(|(_, t)| t);
    let served = spec.routes.iter().flat_map(|r| {
        let template = &r.template.text;
        r.methods.keys().map(move |m| {
            let m = m.as_str();
            quote!((#m, #template))
        })
    });
    quote! {
        /// Every route of the spec, with what each method requires.
        pub mod routes {
            #(#defs)*

            /// Every route, in template order.
            pub const ALL: &[::scopes_runtime::RouteInfo<super::Scope>] = &[#(#names),*];

            /// Every (method, template) the spec serves, for
            /// `scopes_runtime::handlers![exhaustive ...]`.
            pub const SERVED: &[(&str, &str)] = &[#(#served),*];
        }
    }
}

fn route_item(
    spec: &Spec,
    idents: &[Ident],
    i: usize,
    r: &Route,
    c: Ident,
) -> (Ident, TokenStream) {
    let template = &r.template.text;
    let index = Literal::u32_unsuffixed(u32::try_from(i).unwrap_or(u32::MAX));
    let mut doc = format!(" `{template}`");
    if r.reconstructed {
        doc.push_str(" (reconstructed, not confirmed by the API's documentation)");
    }
    let mut lines = vec![doc, String::new()];
    let methods: Vec<TokenStream> = r
        .methods
        .iter()
        .map(|(m, req)| {
            let what = describe(
                req.iter()
                    .map(|g| g.iter().map(|&s| spec.scopes[s].name.as_str())),
                Style::Code,
            );
            lines.push(format!(" - {}: {what}", m.as_str()));
            let m = m.as_str();
            let groups = req.iter().map(|g| {
                let ids = g.iter().map(|&s| &idents[s]);
                quote!(&[#(super::Scope::#ids),*])
            });
            quote!(::scopes_runtime::MethodRequirement { method: #m, all_of: &[#(#groups),*] })
        })
        .collect();
    let docs = lines.iter().map(|l| quote!(#[doc = #l]));
    let item = quote! {
        #(#docs)*
        pub const #c: ::scopes_runtime::RouteInfo<super::Scope> = ::scopes_runtime::RouteInfo {
            template: #template,
            index: #index,
            methods: &[#(#methods),*],
        };
    };
    (c, item)
}
