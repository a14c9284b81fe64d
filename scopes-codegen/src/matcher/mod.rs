//! The matcher `include_spec!` generates for its spec: code specialized to
//! the spec's route trie, methods and scope names, giving exactly the
//! answers of the spec's tables (`scopes_core::Tables`) faster.
//!
//! - [`path`]: one function per branching trie node (single-child chains,
//!   parameter children and route ends inlined, literal runs compared at
//!   once); literal children found by a search of `<` compares (no jump
//!   table: see `dispatch::Select`) on the byte that best separates them
//!   and one fixed-length compare of the literal with its `/`, so a
//!   literal segment is matched and found canonical at once; a parameter
//!   segment is scanned by `scopes_core::path::segment_end`, and a path
//!   that is not plain (`%`, `?`, a byte to reject) is decided by the
//!   spec's tables (the table walk, same answers); a miss checks only the
//!   rest of the path; the root and its callees inline into `authorize`
//!   (for a trie of at most 512 nodes; above, the callees of any function
//!   whose subtree has more than 512 nodes stay out of line, so that no
//!   function holds the whole trie);
//! - [`method`]: a method of 3 to 6 bytes by a one-word key and one hash
//!   slot, others by length, then bytes; the requirement as a
//!   `[route][method]` table;
//! - [`grant`]: scope names by token length, then a separating byte, then
//!   one compare, to the scope's closure mask.
//!
//! The input is the tables `scopes-spec` built; this module prints code
//! from them and relies on nothing but their documented meaning.

mod dispatch;
mod grant;
mod method;
mod path;

use proc_macro2::TokenStream;
use quote::quote;
use scopes_core::OwnedTables;

/// The hidden module `__scopes_matcher`, holding `MATCHER`.
#[must_use]
pub fn generate(t: &OwnedTables) -> TokenStream {
    let nodes = path::node_fns(t);
    // Over the inlining budget (`path::inlines_root`), `match_path` is an
    // ordinary function too: as an `#[inline]` one, referenced only from
    // the static tables, it kept a matcher the crate never calls (as in
    // scopes-bench's build-cost crate) through LLVM's optimizations:
    // synthetic_10000's release rebuild took 16 s instead of 10 s.
    let inline = path::inlines_root(t).then(|| quote!(#[inline]));
    let method = method::items(t);
    let grant = grant::items(t);
    quote! {
        #[doc(hidden)]
        #[allow(
            clippy::all,
            clippy::pedantic,
            clippy::nursery,
            unreachable_code,
            unused_variables,
            unused_mut,
            unused_assignments,
            unused_imports,
            non_upper_case_globals
        )]
        mod __scopes_matcher {
            use ::scopes_runtime::__private::matching::bytes_eq;
            use ::scopes_runtime::__private::path::segment_end;

            /// A walk's answer when no template matches (final: the path
            /// was found plain). Any other answer below `SLOW` is a route
            /// index.
            const MISS: u32 = u32::MAX;
            /// A walk's answer when the path needs a closer look than a
            /// walk over plain segments gives it.
            const SLOW: u32 = u32::MAX - 1;

            /// What `Granted::parse` and `Granted::authorize` of this spec call.
            pub(super) const MATCHER: ::scopes_runtime::__private::matching::Matcher =
                ::scopes_runtime::__private::matching::Matcher {
                    match_path,
                    method_index,
                    requirement,
                    grant,
                };

            /// Match a request path: the spec's trie, from the root. A plain
            /// path is decided by one walk (a miss too: `miss` checked the
            /// rest of the path); anything else by the spec's tables.
            #inline
            fn match_path(path: &str) -> ::scopes_runtime::__private::PathMatch {
                use ::scopes_runtime::__private::PathMatch as M;
                let b = path.as_bytes();
                if b.len() > 1 && b.len() <= ::scopes_runtime::__private::path::MAX_LEN && b[0] == b'/' {
                    let r = n0(b);
                    if r < SLOW {
                        return M::Route(r);
                    }
                    if r == MISS {
                        return M::NoRoute;
                    }
                }
                slow_path(path)
            }

            /// A path the walk does not decide (`/`, a query string, `%`,
            /// an empty or dot segment, a byte to reject): the spec's
            /// tables check it and walk it, with the same answers.
            #[cold]
            #[inline(never)]
            fn slow_path(path: &str) -> ::scopes_runtime::__private::PathMatch {
                WALK.match_path(path)
            }

            /// The spec's tables without this matcher (`Tables`' own
            /// methods never call it): the static `TABLES` names the
            /// matcher, so the matcher naming `TABLES` back would make a
            /// cycle that keeps an unused matcher alive through LLVM's
            /// whole pipeline (only its late global DCE breaks cycles),
            /// where without one it is dropped before any optimization.
            static WALK: ::scopes_runtime::Tables<'static> = ::scopes_runtime::Tables {
                generated: ::core::option::Option::None,
                ..super::__scopes_tables::TABLES
            };

            #(#nodes)*
            #method
            #grant
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn node_functions_say_what_they_match() {
        let spec =
            scopes_spec::load_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/foxy.yaml"))
                .expect("foxy")
                .spec;
        let code = super::generate(&scopes_spec::tables::build(&spec)).to_string();
        // Every route of the spec is named, with its prefix, in the doc of
        // the function that matches it.
        for r in &spec.routes {
            let t = &r.template.text;
            let prefix: String = t
                .split('/')
                .map(|seg| match (seg.find('{'), seg.rfind('}')) {
                    (Some(a), Some(z)) => format!("{}{{}}{}", &seg[..a], &seg[z + 1..]),
                    _ => seg.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("/");
            assert!(code.contains(&format!("`{prefix}` (route `{t}`)")), "{t}");
        }
        assert!(code.contains("Matches `/`."), "the root");
        assert!(code.contains("- then `/{}_templates`"));
        assert!(!code.contains("unsafe"));
    }

    /// The code of `spec/foxy.yaml`, or of a spec of `resources` resources
    /// of five templates each under `/v1` (scopes-bench's synthetic specs).
    fn code_of(resources: Option<usize>) -> String {
        let spec = match resources {
            None => {
                scopes_spec::load_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/foxy.yaml"))
            }
            Some(n) => {
                let mut text = String::from(
                    "name: wide\nconventions:\n  naming: \"{resource}_{action}\"\n  actions:\n    read: {methods: [GET]}\n    write: {methods: [POST], implies: [read]}\nresources:\n",
                );
                for k in 0..n {
                    text.push_str(&format!(
                        "  res{k}:\n    scopes: {{read: Read, write: Write}}\n    routes:\n      - \"GET /v1/res{k}\"\n      - \"GET /v1/res{k}/{{id}}\"\n      - \"GET /v1/res{k}/{{id}}/items\"\n      - \"GET /v1/res{k}/{{id}}/items/{{item_id}}\"\n      - \"POST /v1/res{k}/{{id}}/archive\"\n"
                    ));
                }
                scopes_spec::load_str("wide.yaml", text)
            }
        };
        let tables = scopes_spec::tables::build(&spec.expect("spec loads").spec);
        super::generate(&tables).to_string()
    }

    #[test]
    fn small_tries_inline_the_root_and_its_callees() {
        let code = code_of(None);
        assert!(code.contains("# [inline] fn match_path"));
        assert!(code.matches("# [inline (always)] fn n").count() > 1);
        assert!(!code.contains("# [inline (never)] fn n"));
        // 40 resources: 202 nodes, within the budget.
        let code = code_of(Some(40));
        assert!(code.contains("# [inline] fn match_path"));
        assert_eq!(code.matches("# [inline (always)] fn n").count(), 41);
    }

    #[test]
    fn large_tries_keep_the_roots_callees_out_of_line() {
        // 200 resources: 1,002 nodes. One function for the whole trie made
        // LLVM quadratic (synthetic_10000's release build: 92 s).
        let code = code_of(Some(200));
        assert!(code.contains("fn match_path"));
        assert!(!code.contains("# [inline] fn match_path"));
        assert_eq!(
            code.matches("# [inline (always)] fn n").count(),
            1,
            "the root only"
        );
        assert_eq!(code.matches("# [inline (never)] fn n").count(), 200);
        // The resources' own callees (`…/{id}/items`) are left to LLVM.
        assert!(code.matches("fn n").count() > 400);
    }
}
