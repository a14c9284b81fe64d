//! A decision tree over byte strings: `match` on the byte position that
//! splits them into the most groups, again inside each group, and one full
//! compare at each leaf.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Statements that run `leaf(key, id)` for the key of `items` the input
/// holds, if any, and fall through otherwise. `byte_at(d)` is an
/// expression of type `Option<&u8>`: the input's byte at offset `d`. Every
/// leaf must still check its whole key: the tree only narrows the
/// candidates.
pub(super) fn dispatch(
    items: &[(&[u8], usize)],
    byte_at: &dyn Fn(usize) -> TokenStream,
    leaf: &dyn Fn(&[u8], usize) -> TokenStream,
) -> TokenStream {
    let sequential = || {
        let leaves = items.iter().map(|&(k, v)| leaf(k, v));
        quote!(#(#leaves)*)
    };
    if items.len() <= 2 {
        return sequential();
    }
    let min = items.iter().map(|(k, _)| k.len()).min().unwrap_or(0);
    let best = (0..min)
        .map(|d| {
            let mut seen: Vec<u8> = items.iter().map(|(k, _)| k[d]).collect();
            seen.sort_unstable();
            seen.dedup();
            (seen.len(), std::cmp::Reverse(d))
        })
        .max();
    let Some((groups, std::cmp::Reverse(d))) = best else {
        return sequential();
    };
    if groups <= 1 {
        return sequential();
    }
    let mut by: BTreeMap<u8, Vec<(&[u8], usize)>> = BTreeMap::new();
    for &(k, v) in items {
        by.entry(k[d]).or_default().push((k, v));
    }
    let arms = by.into_iter().map(|(byte, group)| {
        let byte = Literal::byte_character(byte);
        let inner = dispatch(&group, byte_at, leaf);
        quote!(::core::option::Option::Some(#byte) => { #inner })
    });
    let at = byte_at(d);
    quote! {
        match #at {
            #(#arms)*
            _ => {}
        }
    }
}
