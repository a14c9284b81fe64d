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
//!   rest of the path; the root and its callees inline into `authorize`;
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
            #[inline]
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
                super::TABLES.match_path(path)
            }

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
}
