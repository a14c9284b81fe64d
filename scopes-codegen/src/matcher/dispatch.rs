//! A decision tree over byte strings: branch on the byte position that
//! splits them into the most groups, again inside each group, and one full
//! compare at each leaf.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// How the tree chooses among the values of one byte.
#[derive(Clone, Copy)]
pub(super) enum Select {
    /// A `match` on the byte: LLVM lowers four or more arms to a jump table.
    Match,
    /// A balanced search of `<` compares down to at most three `==` tests:
    /// conditional branches only. A jump table's indirect branch
    /// mispredicts far more on unpredictable traffic on the machines
    /// measured (scopes-bench/NOTES.md: the path walk ran 1.5× faster
    /// on table 1's realistic mix without them).
    Compare,
}

/// Statements that run `leaf(key, id)` for the key of `items` the input
/// holds, if any, and fall through otherwise. `byte_at(d)` is an
/// expression of type `Option<&u8>`: the input's byte at offset `d`. Every
/// leaf must still check its whole key: the tree only narrows the
/// candidates.
pub(super) fn dispatch(
    items: &[(&[u8], usize)],
    select: Select,
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
    let arms: Vec<(u8, TokenStream)> = by
        .into_iter()
        .map(|(byte, group)| (byte, dispatch(&group, select, byte_at, leaf)))
        .collect();
    let at = byte_at(d);
    match select {
        Select::Match => {
            let arms = arms.iter().map(|(byte, inner)| {
                let byte = Literal::byte_character(*byte);
                quote!(::core::option::Option::Some(#byte) => { #inner })
            });
            quote! {
                match #at {
                    #(#arms)*
                    _ => {}
                }
            }
        }
        Select::Compare => {
            let tree = search(&arms);
            quote! {
                if let ::core::option::Option::Some(&c) = #at {
                    #tree
                }
            }
        }
    }
}

/// A balanced search over `arms` (ascending bytes) on the byte `c`.
fn search(arms: &[(u8, TokenStream)]) -> TokenStream {
    if arms.len() <= 3 {
        let tests = arms.iter().map(|(byte, inner)| {
            let byte = Literal::byte_character(*byte);
            quote!(if c == #byte { #inner })
        });
        return quote!(#(#tests)else*);
    }
    let (low, high) = arms.split_at(arms.len() / 2);
    let pivot = Literal::byte_character(high[0].0);
    let (low, high) = (search(low), search(high));
    quote! {
        if c < #pivot { #low } else { #high }
    }
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;
    use quote::quote;

    use super::{Select, dispatch};

    /// How many times `dispatch` emits each key's leaf, by key.
    fn leaves(keys: &[&[u8]], select: Select) -> Vec<usize> {
        let items: Vec<(&[u8], usize)> = keys.iter().copied().zip(0..).collect();
        let byte_at = |d: usize| quote!(input.get(#d));
        let leaf = |_: &[u8], v: usize| quote!(leaf(#v););
        let out: TokenStream = dispatch(&items, select, &byte_at, &leaf);
        let text = out.to_string();
        (0..keys.len())
            .map(|v| text.matches(&format!("leaf ({v}usize)")).count())
            .collect()
    }

    #[test]
    fn every_key_gets_one_leaf_even_when_no_byte_splits_them() {
        // Each key a prefix of the next: no offset shorter than the
        // shortest key tells them apart, so the tree cannot branch.
        for select in [Select::Match, Select::Compare] {
            let chain: [&[u8]; 4] = [b"a", b"ab", b"abc", b"abcd"];
            assert_eq!(leaves(&chain, select), [1; 4]);
            let mixed: [&[u8]; 5] = [b"read", b"read_all", b"write", b"wr", b"x"];
            assert_eq!(leaves(&mixed, select), [1; 5]);
        }
    }
}
