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

/// A name of 3 to 6 bytes as one word: its first 3 bytes, its last 3
/// (which together cover every byte) and its length. Equal keys, equal
/// names.
fn key(m: &[u8]) -> u64 {
    let n = m.len();
    let three = |i: usize| u64::from(m[i]) | u64::from(m[i + 1]) << 8 | u64::from(m[i + 2]) << 16;
    three(0) | three(n - 3) << 24 | (n as u64) << 48
}

/// The slot of a key: what the generated `method_index` computes.
fn slot(k: u64, mul: u64, bits: u32) -> usize {
    usize::try_from(k.wrapping_mul(mul) >> (64 - bits)).unwrap_or(0)
}

/// A multiplier and table size under which the keys of `names` fall in
/// distinct slots.
fn solve(names: &[&[u8]]) -> Option<(u64, u32)> {
    let keys: Vec<u64> = names.iter().map(|m| key(m)).collect();
    let mut mul = 0x9E37_79B9_7F4A_7C15_u64;
    for bits in 3..=10u32 {
        if (1usize << bits) < keys.len() {
            continue;
        }
        for _ in 0..64 {
            let mut seen = vec![false; 1 << bits];
            if keys
                .iter()
                .all(|&k| !std::mem::replace(&mut seen[slot(k, mul, bits)], true))
            {
                return Some((mul, bits));
            }
            mul = mul
                .wrapping_mul(0x5851_F42D_4C95_7F2D)
                .wrapping_add(0x1405_7B7E_F767_814F)
                | 1;
        }
    }
    None
}

/// `method_index`: for names of 3 to 6 bytes (every standard method but
/// `OPTIONS` and `CONNECT`), a one-word key, a multiplicative hash and one
/// compare, with no branch on which method it is; other lengths by length,
/// then bytes.
fn method_index(t: &OwnedTables) -> TokenStream {
    let names: Vec<(usize, &str)> = t.methods.iter().map(|&m| text(t, m)).enumerate().collect();
    let short = |m: &str| (3..=6).contains(&m.len());
    let fast: Vec<(usize, &str)> = names.iter().copied().filter(|(_, m)| short(m)).collect();
    let mut by_len: BTreeMap<usize, Vec<(usize, &str)>> = BTreeMap::new();
    for &(i, m) in names.iter().filter(|(_, m)| !short(m)) {
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
    let by_length = quote! {
        match m.len() {
            #(#arms)*
            _ => ::core::option::Option::None,
        }
    };
    let bytes: Vec<&[u8]> = fast.iter().map(|(_, m)| m.as_bytes()).collect();
    let Some((mul, bits)) = solve(&bytes).filter(|_| !fast.is_empty()) else {
        return quote! {
            /// The index of an HTTP method of the spec: by length, then bytes.
            #[inline]
            fn method_index(m: &str) -> ::core::option::Option<u16> {
                #by_length
            }
        };
    };
    // An empty slot's key is 0, which no name of 3 bytes or more has.
    let mut slots = vec![quote!([0, 0]); 1 << bits];
    for (&(i, _), &m) in fast.iter().zip(&bytes) {
        let k = key(m);
        let word = Literal::u64_unsuffixed(k);
        let i = Literal::u64_unsuffixed(i as u64);
        slots[slot(k, mul, bits)] = quote!([#word, #i]);
    }
    let size = Literal::usize_unsuffixed(1 << bits);
    let mul = Literal::u64_unsuffixed(mul);
    let shift = Literal::u32_unsuffixed(64 - bits);
    quote! {
        /// `[key, method index]` by hash slot (key 0: empty).
        static METHOD_SLOTS: [[u64; 2]; #size] = [#(#slots),*];

        /// The index of an HTTP method of the spec. 3 to 6 bytes (all
        /// but `OPTIONS` and `CONNECT` of the standard ones): the first 3
        /// bytes, the last 3 and the length make one word, equal only for
        /// equal names; one hash slot, one compare, no branch on which
        /// method it is. Other lengths by length, then bytes.
        #[inline]
        fn method_index(m: &str) -> ::core::option::Option<u16> {
            let b = m.as_bytes();
            let n = b.len();
            if n < 3 || n > 6 {
                return #by_length;
            }
            let three = |i: usize| b[i] as u64 | (b[i + 1] as u64) << 8 | (b[i + 2] as u64) << 16;
            let k = three(0) | three(n - 3) << 24 | (n as u64) << 48;
            let s = &METHOD_SLOTS[(k.wrapping_mul(#mul) >> #shift) as usize];
            if s[0] == k { ::core::option::Option::Some(s[1] as u16) } else { ::core::option::Option::None }
        }
    }
}

/// `method_index` and `requirement`.
pub(super) fn items(t: &OwnedTables) -> TokenStream {
    let method_index = method_index(t);
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
        #method_index

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

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn the_key_covers_every_byte_of_names_of_3_to_6_bytes() {
        // Changing any one byte of a name changes its key, and so does its
        // length: equal keys are equal names.
        for n in 3..=6 {
            let base = &b"DELETE"[..n];
            for i in 0..n {
                let mut other = base.to_vec();
                other[i] ^= 0x20;
                assert_ne!(key(base), key(&other), "length {n}, byte {i}");
            }
        }
        assert_ne!(key(b"ABC"), key(b"ABCABC"), "the length tells them apart");
        assert_ne!(key(b"GET"), 0, "no key is an empty slot's");
    }
}
