//! `include_spec!("spec/foxy.yaml")`: the spec's scope enum, constants,
//! granted-set type, route constants and lookup tables, in the calling
//! module. Every path in the output is fully qualified
//! (`::scopes_runtime::...`, `::core::...`).

use std::path::PathBuf;

use proc_macro2::{Literal, Span, TokenStream};
use quote::quote;
use scopes_spec::Spec;
use syn::LitStr;
use syn::parse::{Parse, ParseStream};

use crate::emittable::Emittable;
use crate::fallback;
use crate::locate::{self, Located};

/// `include_spec!()` or `include_spec!("path")`.
struct Input {
    path: Option<LitStr>,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.is_empty() {
            return Ok(Input { path: None });
        }
        let path: LitStr = input.parse()?;
        let _: Option<syn::Token![,]> = input.parse()?;
        if !input.is_empty() {
            return Err(input.error("expected one string literal: the spec path"));
        }
        Ok(Input { path: Some(path) })
    }
}

/// Expand the macro.
#[must_use]
pub fn expand(input: TokenStream, call_site_file: Option<PathBuf>) -> TokenStream {
    let input: Input = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    let (rel, span) = match &input.path {
        Some(lit) => (lit.value(), lit.span()),
        None => match locate::spec_from_metadata() {
            Ok(p) => (p, Span::call_site()),
            Err(msg) => return fallback::spec(&syn::Error::new(Span::call_site(), msg), None),
        },
    };
    match locate::locate(&rel, call_site_file.as_deref()) {
        Located::Loaded { path, loaded } => {
            let emittable = Emittable::new(&loaded.spec);
            let items = items(&emittable, &path);
            if emittable.problems.is_empty() {
                return items;
            }
            // The spec's checks passed but Rust cannot name something: one
            // error, located in the spec like the spec's own, next to the
            // items of everything else.
            let report = scopes_spec::Report {
                file: loaded.report.file.clone(),
                diagnostics: emittable.problems,
            };
            let error = locate::report_error(span, &report).to_compile_error();
            quote!(#error #items)
        }
        Located::Invalid {
            path,
            report,
            partial,
        } => {
            let error = locate::report_error(span, &report);
            match partial {
                // Real items from what was valid, next to the one error
                // (which already covers what the partial model drops).
                Some(spec) => {
                    let error = error.to_compile_error();
                    let items = items(&Emittable::new(&spec), &path);
                    quote!(#error #items)
                }
                None => fallback::spec(&error, Some(&path)),
            }
        }
        Located::Missing(msg) => fallback::spec(&syn::Error::new(span, msg), None),
    }
}

fn doc_lines(text: &str) -> Vec<TokenStream> {
    text.lines()
        .map(|l| {
            let l = format!(" {l}");
            quote!(#[doc = #l])
        })
        .collect()
}

/// The generated items for `spec`. What Rust cannot name (see
/// [`Emittable`]) is left out, so this never panics and never emits
/// duplicate items.
#[must_use]
pub fn generate(spec: &Spec, path: &std::path::Path) -> TokenStream {
    items(&Emittable::new(spec), path)
}

/// The items live in a module named `spec` and reach the calling module
/// through one glob re-export:
///
/// - a second `include_spec!` in the same module defines `spec` again,
///   which is the one error that call gets (E0428 "the name `spec` is
///   defined multiple times", on the second call), while the repeated glob
///   re-export adds none;
/// - diagnostics name the types `spec::Scope`, and rustdoc shows them in
///   the calling module.
///
/// A glob import in the calling module that brings another `Scope` or
/// `Granted` (`use scopes_runtime::*`) makes the name ambiguous where used:
/// import by name there.
fn items(e: &Emittable, path: &std::path::Path) -> TokenStream {
    let body = module_body(e, path);
    quote! {
        #[doc(hidden)]
        mod spec {
            #body
        }
        #[allow(unused_imports)]
        pub use self::spec::*;
    }
}

#[allow(clippy::too_many_lines)]
fn module_body(e: &Emittable, path: &std::path::Path) -> TokenStream {
    let spec = &e.spec;
    let tables = scopes_spec::tables::build(spec);
    let tables_expr =
        crate::tables::tables_expr(&tables, Some(&quote!(super::__scopes_matcher::MATCHER)));
    let matcher = crate::matcher::generate(&tables);
    let path_lit = path.display().to_string();
    let n = spec.scopes.len();
    let words = Literal::usize_unsuffixed(spec.words());
    let spec_id = Literal::u64_unsuffixed(tables.spec_id);
    let title = spec.title.clone().unwrap_or_else(|| spec.name.clone());
    let idents = &e.variants;
    let repr = if n <= 256 { quote!(u8) } else { quote!(u16) };

    let variants = spec
        .scopes
        .iter()
        .zip(idents)
        .enumerate()
        .map(|(i, (s, id))| {
            let docs = doc_lines(&s.description);
            let mut facts = format!(" Wire name: `{}`.", s.name);
            if !s.implies.is_empty() {
                let names: Vec<String> = s
                    .implies
                    .iter()
                    .map(|&x| format!("`{}`", spec.scopes[x].name))
                    .collect();
                facts.push_str(&format!(" Implies {}.", names.join(", ")));
            }
            if s.superuser {
                facts.push_str(" Superuser: meets every requirement.");
            }
            let i = Literal::usize_unsuffixed(i);
            quote! {
                #(#docs)*
                #[doc = ""]
                #[doc = #facts]
                #id = #i
            }
        });
    let names = spec.scopes.iter().map(|s| &s.name);
    let descs = spec.scopes.iter().map(|s| &s.description);
    let implies = spec.scopes.iter().map(|s| {
        let ids = s.implies.iter().map(|&x| &idents[x]);
        quote!(&[#(Scope::#ids),*])
    });
    let supers = spec.scopes.iter().map(|s| s.superuser);
    let consts = spec.scopes.iter().zip(&e.consts).map(|(s, c)| {
        let name = &s.name;
        let docs = doc_lines(&s.description);
        quote!(#(#docs)* pub const #c: &str = #name;)
    });

    let routes = crate::route_items::routes_module(spec, idents);
    let n_lit = Literal::usize_unsuffixed(n);
    let scope_doc = format!(" The scopes of {title}, one variant per scope of the spec.");
    let all_idents = idents.iter();

    quote! {
        const _: &[u8] = ::core::include_bytes!(#path_lit);

        #[doc = #scope_doc]
        #[doc = ""]
        #[doc = " Generated by `scopes_runtime::include_spec!`; adding a scope to the"]
        #[doc = " spec adds a variant, so exhaustive `match`es must be updated."]
        #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::cmp::PartialOrd, ::core::cmp::Ord, ::core::hash::Hash, ::core::fmt::Debug)]
        #[repr(#repr)]
        pub enum Scope {
            #(#variants,)*
        }

        #[allow(clippy::too_many_lines, clippy::match_same_arms)]
        impl Scope {
            /// Every scope, in spec order.
            pub const ALL: [Scope; #n_lit] = [#(Scope::#all_idents),*];
            /// The number of scopes.
            pub const COUNT: usize = #n_lit;

            /// The scope's wire name, as tokens carry it.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self { #(Scope::#idents => #names,)* }
            }

            /// The spec's description of the scope.
            #[must_use]
            pub const fn description(self) -> &'static str {
                match self { #(Scope::#idents => #descs,)* }
            }

            /// The scopes a grant of this one directly implies.
            #[must_use]
            pub const fn implies(self) -> &'static [Scope] {
                match self { #(Scope::#idents => #implies,)* }
            }

            /// Whether the scope meets every requirement.
            #[must_use]
            pub const fn is_superuser(self) -> bool {
                match self { #(Scope::#idents => #supers,)* }
            }

            /// Position in [`Scope::ALL`].
            #[must_use]
            pub const fn index(self) -> usize {
                self as usize
            }

            /// The scope with this wire name (one perfect-hash probe).
            #[must_use]
            pub fn from_name(name: &str) -> ::core::option::Option<Scope> {
                match TABLES.scope_index(name) {
                    ::core::option::Option::Some(i) => Scope::ALL.get(i).copied(),
                    ::core::option::Option::None => ::core::option::Option::None,
                }
            }
        }

        impl ::core::str::FromStr for Scope {
            type Err = ::scopes_runtime::UnknownScope;
            fn from_str(s: &str) -> ::core::result::Result<Scope, ::scopes_runtime::UnknownScope> {
                Scope::from_name(s).ok_or_else(|| ::scopes_runtime::UnknownScope::new(s))
            }
        }

        impl ::core::fmt::Display for Scope {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::scopes_runtime::ScopeEnum for Scope {
            const ALL: &'static [Scope] = &Scope::ALL;
            fn index(self) -> usize {
                self as usize
            }
            fn tables() -> &'static ::scopes_runtime::Tables<'static> {
                TABLES
            }
            const MATCHER: ::core::option::Option<::scopes_runtime::__private::matching::Matcher> = ::core::option::Option::Some(__scopes_matcher::MATCHER);
        }

        ::scopes_runtime::__impl_scope_serde!(Scope);

        /// Wire names of the scopes, as constants.
        pub mod scopes {
            #(#consts)*
        }

        #routes

        /// A set of granted scopes sized for this spec, closed under
        /// implications and superusers.
        pub type Granted = ::scopes_runtime::ScopeSet<Scope, #words>;

        /// Fingerprint of this spec; tables and requirements of the same
        /// spec share it.
        pub const SPEC_ID: u64 = #spec_id;

        #[doc(hidden)]
        #[allow(clippy::unreadable_literal, clippy::large_stack_arrays)]
        mod __scopes_tables {
            use ::scopes_runtime::__private::{Edge, Node, Pattern, PerfectHash, Requirement, Route, RouteMethod, Str, Tables};
            pub(super) static TABLES: Tables<'static> = #tables_expr;
        }

        /// The compiled lookup tables of this spec: route matching, exact
        /// template lookup and scope parsing, all static.
        pub static TABLES: &::scopes_runtime::Tables<'static> = &__scopes_tables::TABLES;

        #matcher
    }
}
