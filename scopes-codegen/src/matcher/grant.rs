//! Granted-scope parsing: each token by its length, then a separating
//! byte, then one compare, to the closure mask of its scope.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use scopes_core::OwnedTables;

use super::dispatch::{Select, dispatch};

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
            Select::Match,
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
    let tokenize = tokenize(&t.delimiters);
    let class = class_table(&t.delimiters).map(Literal::u8_unsuffixed);
    quote! {
        /// Grant bytes: 1 in a scope name, 2 a separator, 0 not allowed.
        static GRANT_CLASS: [u8; 256] = [#(#class),*];

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

        /// Parse a granted `scope` string (RFC 6749 §3.3), with the answers
        /// of `scopes_core::grant::parse_with`: tokens separated by spaces
        /// (and the spec's delimiters), each byte in the scope-token
        /// grammar, unknown names counted, nothing granted on error. The
        /// closures are ORed into a local set, so a call costs no `memset`.
        fn grant(
            scope: &str,
            out: &mut [u64],
        ) -> ::core::result::Result<
            ::scopes_runtime::__private::GrantStats,
            ::scopes_runtime::__private::GrantError,
        > {
            let b = scope.as_bytes();
            let n = b.len();
            let mut set = [0u64; #words];
            let mut known = 0u32;
            let mut unknown = 0u32;
            let mut i = 0;
            while i < n {
                let start = i;
                #tokenize
                if i > start {
                    match scope_closure(&b[start..i]) {
                        ::core::option::Option::Some(c) => {
                            known += 1;
                            for (s, c) in set.iter_mut().zip(c) {
                                *s |= c;
                            }
                        }
                        ::core::option::Option::None => unknown += 1,
                    }
                }
                if i < n {
                    if GRANT_CLASS[b[i] as usize] != 2 {
                        out.fill(0);
                        return ::core::result::Result::Err(
                            ::scopes_runtime::__private::GrantError { offset: i, byte: b[i] },
                        );
                    }
                    i += 1;
                }
            }
            if out.len() == #words {
                out.copy_from_slice(&set);
            } else {
                out.fill(0);
                for (o, s) in out.iter_mut().zip(set) {
                    *o = s;
                }
            }
            ::core::result::Result::Ok(::scopes_runtime::__private::GrantStats { known, unknown })
        }
    }
}

/// 1 for a byte of a scope name (RFC 6749's scope-token grammar, the
/// spec's delimiters excepted), 2 for a separator (space, a delimiter), 0
/// for a byte a grant may not hold.
fn class_table(delimiters: &[u8]) -> [u8; 256] {
    let mut t = [0u8; 256];
    for (b, c) in (0u8..=255).zip(t.iter_mut()) {
        if scopes_core::grant::is_token_byte(b) {
            *c = 1;
        }
        if b == b' ' || (*c == 1 && delimiters.contains(&b)) {
            *c = 2;
        }
    }
    t
}

/// Statements advancing `i` over the token at `start`: with no extra
/// delimiters, 8 bytes at a time while all are token bytes (SWAR: none
/// below `!`, above `~`, `"` or `\\`), then byte by byte.
fn tokenize(delimiters: &[u8]) -> TokenStream {
    let words = if delimiters.is_empty() {
        quote! {
            const L: u64 = 0x0101_0101_0101_0101;
            const H: u64 = 0x8080_8080_8080_8080;
            while i + 8 <= n {
                let mut w = [0u8; 8];
                w.copy_from_slice(&b[i..i + 8]);
                let x = u64::from_le_bytes(w);
                let below = x.wrapping_sub(L * 0x21) & !x & H;
                let above = (x.wrapping_add(L) | x) & H;
                let q = x ^ (L * 0x22);
                let quote = q.wrapping_sub(L) & !q & H;
                let s = x ^ (L * 0x5C);
                let backslash = s.wrapping_sub(L) & !s & H;
                if below | above | quote | backslash != 0 {
                    break;
                }
                i += 8;
            }
        }
    } else {
        TokenStream::new()
    };
    quote! {
        #words
        while i < n && GRANT_CLASS[b[i] as usize] == 1 {
            i += 1;
        }
    }
}
