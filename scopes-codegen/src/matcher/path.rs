//! The path walk as code: one function per branching trie node.
//!
//! `nK(p)` is called with `p` the rest of the path from the `/` before the
//! node's next segment (empty at the end of the path) and answers a route
//! index, `MISS` or `SLOW` (one `u32` in one register, tested with one
//! compare): literal children, then each pattern in table order, then the
//! parameter child, backing off on a miss, exactly as the table walk does.
//! The rest of the path is a slice, not an index into it, so a literal
//! child going on is one compare of its literal and the `/` after it
//! (`bytes_eq`, a few word loads), with no bounds arithmetic beside it. To
//! keep the number of calls (and of unpredictable branches) low:
//!
//! - a run of literal segments through nodes with no route and one literal
//!   child (`/user/repos`) is compared at once;
//! - a child that is its parent's last alternative (its only child, or the
//!   parameter child) is inlined as the tail of the parent's function;
//! - a child with no children (a route's end) is inlined as one test.
//!
//! Every function's doc lists the template prefixes it matches.
//!
//! A `MISS` from the walk is final: where a node finds nothing, `miss`
//! checks that the rest of the path is plain (what the walk matched before
//! it was), so the caller never scans the whole path again. The walk only
//! takes plain segments; anything else (`%`, a query string, an empty or
//! dot segment, a byte to reject) is `SLOW`, and the spec's own tables
//! decide that path (`match_path` in `mod.rs`), so the node functions need
//! no second, "already checked" mode.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;
use scopes_core::{NONE, Node, OwnedTables, Pattern, Str};

use super::dispatch::{Select, dispatch};

fn text(t: &OwnedTables, s: Str) -> &str {
    t.strings
        .get(s.start as usize..(s.start + s.len) as usize)
        .unwrap_or_default()
}

fn node_ident(i: u32) -> Ident {
    Ident::new(&format!("n{i}"), Span::call_site())
}

fn lit_usize(n: usize) -> Literal {
    Literal::usize_unsuffixed(n)
}

/// A child of a node, in walk order.
#[derive(Clone, Copy)]
enum Child<'t> {
    Literal(&'t str, u32),
    Pattern(&'t Pattern),
    Param(u32),
}

/// The trie with what the printer needs per node.
struct Trie<'t> {
    t: &'t OwnedTables,
    /// Template prefix matched at each node, `{}` for parameters.
    prefix: Vec<String>,
    /// Segments from the root to each node.
    depth: Vec<usize>,
    /// Nodes in the subtree of each node, itself included: a bound on the
    /// code a node's function holds once its callees are inlined.
    size: Vec<usize>,
}

impl<'t> Trie<'t> {
    fn new(t: &'t OwnedTables) -> Self {
        let mut prefix = vec![String::new(); t.nodes.len()];
        let mut depth = vec![0; t.nodes.len()];
        let mut parent = vec![None; t.nodes.len()];
        let mut order = Vec::with_capacity(t.nodes.len());
        let mut stack = vec![0u32];
        let mut this = Trie {
            t,
            prefix: Vec::new(),
            depth: Vec::new(),
            size: Vec::new(),
        };
        while let Some(i) = stack.pop() {
            order.push(i);
            let here = prefix[i as usize].clone();
            let d = depth[i as usize];
            for c in this.children(i) {
                let (child, seg) = match c {
                    Child::Literal(s, child) => (child, s.to_owned()),
                    Child::Pattern(p) => (p.child, pattern_text(t, p)),
                    Child::Param(child) => (child, "{}".to_owned()),
                };
                if let Some(slot) = prefix.get_mut(child as usize) {
                    *slot = format!("{here}/{seg}");
                    depth[child as usize] = d + 1;
                    parent[child as usize] = Some(i);
                    stack.push(child);
                }
            }
        }
        if let Some(root) = prefix.first_mut() {
            root.push('/');
        }
        // Children are visited after their parent: sum in reverse.
        let mut size = vec![1; t.nodes.len()];
        for &i in order.iter().rev() {
            if let Some(up) = parent[i as usize] {
                size[up as usize] += size[i as usize];
            }
        }
        this.prefix = prefix;
        this.depth = depth;
        this.size = size;
        this
    }

    fn node(&self, i: u32) -> &'t Node {
        &self.t.nodes[i as usize]
    }

    fn children(&self, i: u32) -> Vec<Child<'t>> {
        let t = self.t;
        let n = self.node(i);
        let mut out: Vec<Child<'t>> = t.edges[n.edges_start as usize..][..n.edges as usize]
            .iter()
            .map(|e| Child::Literal(text(t, e.segment), e.child))
            .collect();
        out.extend(
            t.patterns[n.patterns_start as usize..][..n.patterns_len as usize]
                .iter()
                .map(Child::Pattern),
        );
        if n.param != NONE {
            out.push(Child::Param(n.param));
        }
        out
    }

    fn is_leaf(&self, i: u32) -> bool {
        let n = self.node(i);
        n.edges == 0 && n.patterns_len == 0 && n.param == NONE
    }

    /// Follow a literal edge through nodes with no route and one literal
    /// child: the whole run as one literal, and the node it reaches.
    fn literal_run(&self, seg: &str, child: u32) -> (String, u32) {
        let mut lit = seg.to_owned();
        let mut at = child;
        loop {
            let n = self.node(at);
            match self.children(at).as_slice() {
                [Child::Literal(next, c)] if n.route == NONE => {
                    lit.push('/');
                    lit.push_str(next);
                    at = *c;
                }
                _ => return (lit, at),
            }
        }
    }

    fn route_doc(&self, i: u32) -> String {
        let n = self.node(i);
        if n.route == NONE {
            format!("`{}`", self.prefix[i as usize])
        } else {
            let r = text(self.t, self.t.routes[n.route as usize].template);
            format!("`{}` (route `{r}`)", self.prefix[i as usize])
        }
    }

    /// The answer for a path that ends at node `i`: its route index,
    /// `MISS` or `SLOW`.
    fn at_end(&self, i: u32) -> TokenStream {
        let n = self.node(i);
        if n.route != NONE {
            let r = Literal::u32_unsuffixed(n.route);
            quote!(#r)
        } else if self.depth[i as usize] > scopes_core::path::MAX_SEGMENTS {
            quote!(SLOW)
        } else {
            quote!(MISS)
        }
    }
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

fn pattern_test(t: &OwnedTables, p: &Pattern) -> TokenStream {
    let prefix = Literal::byte_string(text(t, p.prefix).as_bytes());
    let suffix = Literal::byte_string(text(t, p.suffix).as_bytes());
    if p.middles_len == 0 {
        let min = lit_usize(p.prefix.len as usize + p.suffix.len as usize);
        return quote!(seg.len() > #min && seg.starts_with(#prefix) && seg.ends_with(#suffix));
    }
    let middles = middles(t, p)
        .into_iter()
        .map(|m| Literal::byte_string(m.as_bytes()));
    quote!(::scopes_runtime::__private::matching::pattern_matches(
        seg, #prefix, &[#(#middles),*], #suffix
    ))
}

/// What the printer emits: functions, and the docs of what each covers.
struct Printer<'t> {
    trie: Trie<'t>,
    fns: Vec<TokenStream>,
    /// Calls between `match_path` and the function being printed.
    calls: usize,
    /// The node of the function being printed (its caller's, while a
    /// callee's attributes are chosen).
    current: Option<u32>,
}

/// Node functions this few calls from `match_path` are inlined into their
/// caller (each has one caller, so no code is duplicated): every request
/// goes through the root, most through one of its callees, and a call
/// costs a return and the registers it saves.
const INLINED_CALLS: usize = 1;

/// A function whose subtree has more nodes than this keeps its callees out
/// of line (`#[inline(never)]`), and no callee is inlined into it by the
/// rule above. LLVM's optimizer is quadratic in the size of one function
/// (`LazyValueInfoCache::eraseValue`, under jump threading and correlated
/// value propagation, visits every block of the function for each value
/// removed: half of the compile time in a profile): with the root's 1,000
/// callees inlined, the 5,000-node trie of scopes-bench's synthetic_10000
/// became one function and the release rebuild took 92 s instead of about
/// 10 s. Under the budget (Foxy 256 nodes, GitHub 173, synthetic_1000 502)
/// the code is as before; over it, a function holds its own tail (the
/// nodes inlined as a last alternative) and calls, or a subtree of at most
/// this many nodes that LLVM may inline as it likes.
const INLINE_BUDGET: usize = 512;

impl Printer<'_> {
    /// Statements trying child `c` on `rest` (the path from the `/` after
    /// the child's segment, or empty) that return when it answers, and fall
    /// through when it misses. `last`: nothing is tried after it, so it is
    /// inlined as the tail.
    fn try_child(
        &mut self,
        c: u32,
        rest: &TokenStream,
        last: bool,
        docs: &mut Vec<String>,
    ) -> TokenStream {
        if self.trie.is_leaf(c) {
            docs.push(self.trie.route_doc(c));
            if self.trie.node(c).route == NONE {
                return TokenStream::new();
            }
            let found = self.trie.at_end(c);
            return quote! {
                if (#rest).is_empty() {
                    return #found;
                }
            };
        }
        if last {
            let body = self.body(c, docs);
            return quote! {
                return {
                    let p = #rest;
                    #body
                };
            };
        }
        let f = self.function(c);
        quote! {
            let w = #f(#rest);
            if w != MISS {
                return w;
            }
            proven = true;
        }
    }

    /// The literal children of node `i`, tried on `s` (the path after the
    /// node's `/`). A child that goes on is entered by one compare of its
    /// literal and the `/` after it; a path that ends with the literal
    /// answers the child's own end, where that is not a miss (a miss there
    /// falls through to the other children and `miss`, as the child's
    /// answer would).
    fn literals(&mut self, i: u32, only: bool, docs: &mut Vec<String>) -> TokenStream {
        let runs: Vec<(Vec<u8>, u32)> = self
            .trie
            .children(i)
            .into_iter()
            .filter_map(|c| match c {
                Child::Literal(seg, child) => {
                    let (lit, to) = self.trie.literal_run(seg, child);
                    Some((lit.into_bytes(), to))
                }
                _ => None,
            })
            .collect();
        let items: Vec<(&[u8], usize)> = runs
            .iter()
            .map(|(l, c)| (l.as_slice(), *c as usize))
            .collect();
        let mut leaves = std::collections::HashMap::new();
        for &(lit, child) in &items {
            let child = u32::try_from(child).unwrap_or(u32::MAX);
            let bytes = Literal::byte_string(lit);
            let at_end = self.trie.at_end(child);
            let ends_here = (self.trie.node(child).route != NONE
                || self.trie.depth[child as usize] > scopes_core::path::MAX_SEGMENTS)
                .then(|| {
                    quote! {
                        if bytes_eq(s, #bytes) {
                            return #at_end;
                        }
                    }
                });
            let code = if self.trie.is_leaf(child) {
                docs.push(self.trie.route_doc(child));
                quote!(#ends_here)
            } else {
                let len = lit_usize(lit.len());
                let with_slash = lit_usize(lit.len() + 1);
                let mut slashed = lit.to_vec();
                slashed.push(b'/');
                let slashed = Literal::byte_string(&slashed);
                let go = self.try_child(child, &quote!(&s[#len..]), only, docs);
                quote! {
                    if s.len() > #len && bytes_eq(&s[..#with_slash], #slashed) {
                        #go
                    }
                    #ends_here
                }
            };
            leaves.insert(lit, code);
        }
        dispatch(
            &items,
            Select::Compare,
            &|d| {
                let d = lit_usize(d);
                quote!(s.get(#d))
            },
            &|lit, _| leaves.get(lit).cloned().unwrap_or_default(),
        )
    }

    /// The statements of node `i`'s walk, `p` in scope (the path from the
    /// `/` before the node's next segment, or empty), ending in its answer.
    /// Nodes inlined here add their docs to `docs`.
    fn body(&mut self, i: u32, docs: &mut Vec<String>) -> TokenStream {
        docs.push(self.trie.route_doc(i));
        let at_end = self.trie.at_end(i);
        let depth = lit_usize(self.trie.depth[i as usize]);
        let miss = quote!(miss(s, #depth));
        if self.trie.is_leaf(i) {
            // A route's end with a path that goes on.
            return quote! {
                if p.is_empty() {
                    return #at_end;
                }
                let s = &p[1..];
                #miss
            };
        }
        let children = self.trie.children(i);
        let only = children.len() == 1;
        let lits = self.literals(i, only, docs);
        let t = self.trie.t;
        let mut rest = Vec::new();
        let segmented: Vec<Child<'_>> = children
            .iter()
            .copied()
            .filter(|c| !matches!(c, Child::Literal(..)))
            .collect();
        let count = segmented.len();
        let reads_seg = segmented.iter().any(|c| matches!(c, Child::Pattern(_)));
        for (k, c) in segmented.into_iter().enumerate() {
            let last = k + 1 == count;
            rest.push(match c {
                Child::Pattern(p) => {
                    let test = pattern_test(t, p);
                    let go = self.try_child(p.child, &quote!(&s[e..]), last, docs);
                    quote!(if #test { #go })
                }
                Child::Param(c) => self.try_child(c, &quote!(&s[e..]), true, docs),
                Child::Literal(..) => TokenStream::new(),
            });
        }
        // `seg` only where a pattern reads it.
        let seg = if reads_seg {
            quote!(let seg = &s[..e];)
        } else {
            TokenStream::new()
        };
        let scan = if count == 0 {
            TokenStream::new()
        } else {
            quote! {
                let ::core::option::Option::Some(e) = segment_end(s, 0, false) else {
                    return SLOW;
                };
                #seg
            }
        };
        // `proven`: a child's own miss checked the rest of the path.
        quote! {
            if p.is_empty() {
                return #at_end;
            }
            let s = &p[1..];
            let mut proven = false;
            #lits
            #scan
            #(#rest)*
            if proven { MISS } else { #miss }
        }
    }

    /// The function of node `i`, printed once.
    fn function(&mut self, i: u32) -> Ident {
        let name = node_ident(i);
        let mut docs = Vec::new();
        let calls = self.calls;
        let caller = self.current;
        self.calls += 1;
        self.current = Some(i);
        let body = self.body(i, &mut docs);
        self.calls = calls;
        self.current = caller;
        let first = format!(" Matches {}.", docs.first().cloned().unwrap_or_default());
        let rest = docs
            .iter()
            .skip(1)
            .map(|d| format!(" - then {d}"))
            .collect::<Vec<_>>();
        let rest_title = (!rest.is_empty()).then(|| " Inlined here:".to_owned());
        let rest_title = rest_title.into_iter();
        let caller_size = caller.map_or(0, |c| self.trie.size[c as usize]);
        let inline = if caller_size > INLINE_BUDGET {
            quote!(#[inline(never)])
        } else if calls <= INLINED_CALLS {
            quote!(#[inline(always)])
        } else {
            TokenStream::new()
        };
        self.fns.push(quote! {
            #[doc = #first]
            #(#[doc = ""] #[doc = #rest_title])*
            #(#[doc = #rest])*
            #inline
            fn #name(p: &[u8]) -> u32 {
                #body
            }
        });
        name
    }
}

/// Whether the whole trie is within [`INLINE_BUDGET`], so its root and the
/// root's callees inline into `match_path`, and `match_path` into its
/// callers (`mod.rs`).
pub(super) fn inlines_root(t: &OwnedTables) -> bool {
    t.nodes.len() <= INLINE_BUDGET
}

/// Every node function (`n0` is the root) and `miss`.
pub(super) fn node_fns(t: &OwnedTables) -> Vec<TokenStream> {
    let mut p = Printer {
        trie: Trie::new(t),
        fns: Vec::new(),
        calls: 0,
        current: None,
    };
    if !t.nodes.is_empty() {
        p.function(0);
    }
    let max = lit_usize(scopes_core::path::MAX_SEGMENTS);
    let doc = format!(
        " A miss at `s`, the path from a segment after `depth` plain segments: final when\n the rest of the path is plain too (at most {max} segments in all), otherwise\n the slow path decides."
    );
    p.fns.push(quote! {
        #[doc = #doc]
        fn miss(s: &[u8], depth: usize) -> u32 {
            let mut start = 0;
            let mut segments = depth;
            loop {
                let ::core::option::Option::Some(end) = segment_end(s, start, false) else {
                    return SLOW;
                };
                segments += 1;
                if segments > #max {
                    return SLOW;
                }
                if end == s.len() {
                    return MISS;
                }
                start = end + 1;
            }
        }
    });
    p.fns
}
