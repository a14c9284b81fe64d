//! One function per trie node. `nK(b, pos, checked)` is called with `pos`
//! at the `/` before the node's segment (or at the end of the path) and
//! answers a `Walk`: literal child, then each pattern in table order, then
//! the parameter child, backing off on a miss, exactly as the table walk
//! does.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;
use scopes_core::{NONE, Node, OwnedTables, Pattern, Str};

use super::dispatch::dispatch;

fn text(t: &OwnedTables, s: Str) -> &str {
    t.strings
        .get(s.start as usize..(s.start + s.len) as usize)
        .unwrap_or_default()
}

fn node_ident(i: u32) -> Ident {
    Ident::new(&format!("n{i}"), Span::call_site())
}

/// What each node matches, as a template prefix with `{}` for parameters.
fn prefixes(t: &OwnedTables) -> Vec<String> {
    let mut out = vec![String::new(); t.nodes.len()];
    let mut stack = vec![0u32];
    while let Some(i) = stack.pop() {
        let n = t.nodes[i as usize];
        let here = out[i as usize].clone();
        let mut visit = |child: u32, seg: String| {
            if let Some(slot) = out.get_mut(child as usize) {
                *slot = format!("{here}/{seg}");
                stack.push(child);
            }
        };
        for e in &t.edges[n.edges_start as usize..][..n.edges as usize] {
            visit(e.child, text(t, e.segment).to_owned());
        }
        for p in &t.patterns[n.patterns_start as usize..][..n.patterns_len as usize] {
            visit(p.child, pattern_text(t, p));
        }
        if n.param != NONE {
            visit(n.param, "{}".to_owned());
        }
    }
    if let Some(root) = out.first_mut() {
        root.push('/');
    }
    out
}

fn middles<'t>(t: &'t OwnedTables, p: &Pattern) -> Vec<&'t str> {
    t.pattern_middles[p.middles_start as usize..][..p.middles_len as usize]
        .iter()
        .map(|&m| text(t, m))
        .collect()
}

fn pattern_text(t: &OwnedTables, p: &Pattern) -> String {
    let mut s = format!("{}{{}}", text(t, p.prefix));
    for m in middles(t, p) {
        s.push_str(m);
        s.push_str("{}");
    }
    s.push_str(text(t, p.suffix));
    s
}

/// Try `child` at `end`; return unless it missed.
fn try_child(child: u32, end: &TokenStream) -> TokenStream {
    let f = node_ident(child);
    quote! {
        match #f(b, #end, checked) {
            W::Miss => {}
            w => return w,
        }
    }
}

fn literals(t: &OwnedTables, n: &Node) -> TokenStream {
    let edges = &t.edges[n.edges_start as usize..][..n.edges as usize];
    let items: Vec<(&[u8], usize)> = edges
        .iter()
        .map(|e| (text(t, e.segment).as_bytes(), e.child as usize))
        .collect();
    dispatch(
        &items,
        &|d| {
            let d = Literal::usize_unsuffixed(d);
            quote!(b.get(s + #d))
        },
        &|lit, child| {
            let len = Literal::usize_unsuffixed(lit.len());
            let lit = Literal::byte_string(lit);
            let go = try_child(u32::try_from(child).unwrap_or(u32::MAX), &quote!(s + #len));
            quote! {
                if literal_at(b, s, #lit) {
                    #go
                }
            }
        },
    )
}

fn pattern_test(t: &OwnedTables, p: &Pattern) -> TokenStream {
    let prefix = Literal::byte_string(text(t, p.prefix).as_bytes());
    let suffix = Literal::byte_string(text(t, p.suffix).as_bytes());
    if p.middles_len == 0 {
        let min = Literal::usize_unsuffixed(p.prefix.len as usize + p.suffix.len as usize);
        return quote!(seg.len() > #min && seg.starts_with(#prefix) && seg.ends_with(#suffix));
    }
    let middles = middles(t, p)
        .into_iter()
        .map(|m| Literal::byte_string(m.as_bytes()));
    quote!(::scopes_runtime::__private::matching::pattern_matches(
        seg, #prefix, &[#(#middles),*], #suffix
    ))
}

fn node_fn(t: &OwnedTables, i: u32, n: &Node, prefix: &str) -> TokenStream {
    let name = node_ident(i);
    let doc = format!(" Matches `{prefix}`.");
    let at_end = if n.route == NONE {
        quote!(W::Miss)
    } else {
        let r = Literal::u32_unsuffixed(n.route);
        let doc_route = format!(" Route `{}`.", text(t, t.routes[n.route as usize].template));
        return node_with_route(t, n, &name, &doc, &doc_route, &quote!(W::Found(#r)));
    };
    body(t, n, &name, &doc, &[], &at_end)
}

fn node_with_route(
    t: &OwnedTables,
    n: &Node,
    name: &Ident,
    doc: &str,
    doc_route: &str,
    at_end: &TokenStream,
) -> TokenStream {
    body(t, n, name, doc, &[doc_route.to_owned()], at_end)
}

fn body(
    t: &OwnedTables,
    n: &Node,
    name: &Ident,
    doc: &str,
    extra_docs: &[String],
    at_end: &TokenStream,
) -> TokenStream {
    let has_children = n.edges != 0 || n.patterns_len != 0 || n.param != NONE;
    if !has_children {
        return quote! {
            #[doc = #doc]
            #(#[doc = #extra_docs])*
            fn #name(b: &[u8], pos: usize, checked: bool) -> W {
                if pos == b.len() { #at_end } else { W::Miss }
            }
        };
    }
    let lits = literals(t, n);
    let rest = if n.patterns_len == 0 && n.param == NONE {
        quote!(W::Miss)
    } else {
        let patterns = t.patterns[n.patterns_start as usize..][..n.patterns_len as usize]
            .iter()
            .map(|p| {
                let test = pattern_test(t, p);
                let go = try_child(p.child, &quote!(e));
                quote!(if #test { #go })
            });
        let last = if n.param == NONE {
            quote!(W::Miss)
        } else {
            let f = node_ident(n.param);
            quote!(#f(b, e, checked))
        };
        quote! {
            let ::core::option::Option::Some(e) = segment_end(b, s, checked) else {
                return W::Slow;
            };
            let seg = &b[s..e];
            #(#patterns)*
            #last
        }
    };
    quote! {
        #[doc = #doc]
        #(#[doc = #extra_docs])*
        fn #name(b: &[u8], pos: usize, checked: bool) -> W {
            if pos == b.len() {
                return #at_end;
            }
            let s = pos + 1;
            #lits
            #rest
        }
    }
}

/// Every node function; `n0` is the root.
pub(super) fn node_fns(t: &OwnedTables) -> Vec<TokenStream> {
    let prefixes = prefixes(t);
    t.nodes
        .iter()
        .enumerate()
        .map(|(i, n)| node_fn(t, u32::try_from(i).unwrap_or(u32::MAX), n, &prefixes[i]))
        .collect()
}
