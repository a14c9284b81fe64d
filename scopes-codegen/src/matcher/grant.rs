//! Granted-scope parsing: each token by its length, then a separating
//! byte, then one compare, to the closure mask of its scope.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use scopes_core::OwnedTables;

use super::dispatch::dispatch;

/// `CLOSURES`, `scope_closure` and `grant`.
pub(super) fn items(t: &OwnedTables) -> TokenStream {
    let words = Literal::usize_unsuffixed(t.words);
    let names: Vec<&[u8]> = t
        .scope_names
        .iter()
        .map(|s| {
            t.strings
                .as_bytes()
                .get(s.start as usize..(s.start + s.len) as usize)
                .unwrap_or_default()
        })
        .collect();
    let mut by_len: BTreeMap<usize, Vec<(&[u8], usize)>> = BTreeMap::new();
    for (i, n) in names.iter().enumerate() {
        by_len.entry(n.len()).or_default().push((n, i));
    }
    let arms = by_len.iter().map(|(len, items)| {
        let len = Literal::usize_unsuffixed(*len);
        let tree = dispatch(
            items,
            &|d| {
                let d = Literal::usize_unsuffixed(d);
                quote!(token.get(#d))
            },
            &|name, i| {
                let name = Literal::byte_string(name);
                let i = Literal::usize_unsuffixed(i);
                quote! {
                    if token == #name {
                        return CLOSURES.get(#i);
                    }
                }
            },
        );
        quote!(#len => { #tree })
    });
    let closures = t.closure.chunks(t.words.max(1)).map(|c| {
        let c = c.iter().map(|&w| Literal::u64_unsuffixed(w));
        quote!([#(#c),*])
    });
    let count = Literal::usize_unsuffixed(names.len());
    let delimiters = Literal::byte_string(&t.delimiters);
    quote! {
        /// What a grant of each scope gives: itself, what it implies, and
        /// everything for a superuser.
        static CLOSURES: [[u64; #words]; #count] = [#(#closures),*];

        /// The closure of the scope named `token`.
        fn scope_closure(token: &[u8]) -> ::core::option::Option<&'static [u64; #words]> {
            match token.len() {
                #(#arms)*
                _ => {}
            }
            ::core::option::Option::None
        }

        /// Parse a granted `scope` string (RFC 6749 §3.3).
        fn grant(
            scope: &str,
            out: &mut [u64],
        ) -> ::core::result::Result<
            ::scopes_runtime::__private::GrantStats,
            ::scopes_runtime::__private::GrantError,
        > {
            ::scopes_runtime::__private::grant::parse_with(scope, #delimiters, out, |token| {
                scope_closure(token).map(|c| c.as_slice())
            })
        }
    }
}
