//! The method index by length, then bytes; the requirement of each
//! (route, method) in one table.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use scopes_core::{NONE, OwnedTables};

fn text(t: &OwnedTables, s: scopes_core::Str) -> &str {
    t.strings
        .get(s.start as usize..(s.start + s.len) as usize)
        .unwrap_or_default()
}

/// `method_index` and `requirement`.
pub(super) fn items(t: &OwnedTables) -> TokenStream {
    let mut by_len: BTreeMap<usize, Vec<(usize, &str)>> = BTreeMap::new();
    for (i, &m) in t.methods.iter().enumerate() {
        let m = text(t, m);
        by_len.entry(m.len()).or_default().push((i, m));
    }
    let arms = by_len.iter().map(|(len, ms)| {
        let len = Literal::usize_unsuffixed(*len);
        let inner = ms.iter().map(|(i, m)| {
            let lit = Literal::byte_string(m.as_bytes());
            let i = Literal::u16_unsuffixed(u16::try_from(*i).unwrap_or(u16::MAX));
            quote!(#lit => ::core::option::Option::Some(#i),)
        });
        quote!(#len => match m.as_bytes() { #(#inner)* _ => ::core::option::Option::None },)
    });
    let width = t.methods.len().max(1);
    let rows = t.routes.iter().map(|r| {
        let mut row = vec![NONE; width];
        for rm in &t.route_methods[r.methods_start as usize..][..r.methods_len as usize] {
            row[rm.method as usize] = rm.requirement;
        }
        let row = row.into_iter().map(Literal::u32_unsuffixed);
        quote!([#(#row),*])
    });
    let routes = Literal::usize_unsuffixed(t.routes.len());
    let width = Literal::usize_unsuffixed(width);
    quote! {
        /// The index of an HTTP method of the spec: by length, then bytes.
        fn method_index(m: &str) -> ::core::option::Option<u16> {
            match m.len() {
                #(#arms)*
                _ => ::core::option::Option::None,
            }
        }

        /// `REQUIREMENTS[route][method]`: the requirement index, or
        /// `u32::MAX` where the route does not serve the method.
        static REQUIREMENTS: [[u32; #width]; #routes] = [#(#rows),*];

        /// The requirement of a method on a route, if served.
        fn requirement(route: u32, method: u16) -> ::core::option::Option<u32> {
            match REQUIREMENTS.get(route as usize).and_then(|row| row.get(method as usize)) {
                ::core::option::Option::Some(&r) if r != u32::MAX => ::core::option::Option::Some(r),
                _ => ::core::option::Option::None,
            }
        }
    }
}
