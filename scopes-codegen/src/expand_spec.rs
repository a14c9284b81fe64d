//! `include_spec!("spec/foxy.yaml")`: the spec's scope enum, constants,
//! granted-set type, route constants and lookup tables, in the calling
//! module. Every path in the output is fully qualified
//! (`::scopes_runtime::...`, `::core::...`).

use std::collections::HashSet;
use std::path::PathBuf;

use proc_macro2::{Literal, Span, TokenStream};
use quote::{format_ident, quote};
use scopes_spec::Spec;
use syn::LitStr;
use syn::parse::{Parse, ParseStream};

use crate::fallback;
use crate::locate::{self, Located};
use crate::naming;

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
        Located::Loaded { path, loaded } => generate(&loaded.spec, &path),
        Located::Invalid {
            path,
            report,
            partial,
        } => {
            let error = locate::report_error(span, &report).to_compile_error();
            match partial {
                // Real items from what was valid, next to the one error.
                Some(spec) => {
                    let items = generate(&spec, &path);
                    quote!(#error #items)
                }
                None => fallback::spec(&locate::report_error(span, &report), Some(&path)),
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

/// The generated items for a valid spec.
#[must_use]
pub fn generate(spec: &Spec, path: &std::path::Path) -> TokenStream {
    let tables = scopes_spec::tables::build(spec);
    let tables_expr = crate::tables::tables_expr(&tables);
    let matcher = crate::matcher::generate(&tables);
    let path_lit = path.display().to_string();
    let n = spec.scopes.len();
    let words = Literal::usize_unsuffixed(spec.words());
    let spec_id = Literal::u64_unsuffixed(tables.spec_id);
    let title = spec.title.clone().unwrap_or_else(|| spec.name.clone());
    let idents: Vec<_> = spec
        .scopes
        .iter()
        .map(|s| format_ident!("{}", s.ident))
        .collect();
    let repr = if n <= 256 { quote!(u8) } else { quote!(u16) };

    let variants = spec
        .scopes
        .iter()
        .zip(&idents)
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
    let consts = spec.scopes.iter().zip(&idents).map(|(s, id)| {
        let c = format_ident!("{}", naming::scope_const(&id.to_string()));
        let name = &s.name;
        let docs = doc_lines(&s.description);
        quote!(#(#docs)* pub const #c: &str = #name;)
    });

    let mut taken = HashSet::new();
    let route_consts: Vec<_> = spec.routes.iter().enumerate().map(|(i, r)| {
        let c = format_ident!("{}", naming::route_const(&r.template.text, &mut taken));
        let template = &r.template.text;
        let index = Literal::u32_unsuffixed(u32::try_from(i).unwrap_or(u32::MAX));
        let mut doc = format!(" `{template}`");
        if r.reconstructed {
            doc.push_str(" (reconstructed, not confirmed by the API's documentation)");
        }
        let mut lines = vec![doc, String::new()];
        let methods = r.methods.iter().map(|(m, req)| {
            let groups: Vec<String> = req.iter().map(|g| {
                let alts: Vec<String> = g.iter().map(|&s| format!("`{}`", spec.scopes[s].name)).collect();
                alts.join(" or ")
            }).collect();
            lines.push(format!(" - {}: {}", m.as_str(), if groups.is_empty() { "public".to_owned() } else { groups.join(", and ") }));
            let m = m.as_str();
            let groups = req.iter().map(|g| {
                let ids = g.iter().map(|&s| &idents[s]);
                quote!(&[#(super::Scope::#ids),*])
            });
            quote!(::scopes_runtime::MethodRequirement { method: #m, all_of: &[#(#groups),*] })
        }).collect::<Vec<_>>();
        let docs = lines.iter().map(|l| quote!(#[doc = #l]));
        (c.clone(), quote! {
            #(#docs)*
            pub const #c: ::scopes_runtime::RouteInfo<super::Scope> = ::scopes_runtime::RouteInfo {
                template: #template,
                index: #index,
                methods: &[#(#methods),*],
            };
        })
    }).collect();
    let route_names = route_consts.iter().map(|(c, _)| c);
    let route_items = route_consts.iter().map(|(_, t)| t);
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

        /// Every route of the spec, with what each method requires.
        pub mod routes {
            #(#route_items)*

            /// Every route, in template order.
            pub const ALL: &[::scopes_runtime::RouteInfo<super::Scope>] = &[#(#route_names),*];
        }

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
