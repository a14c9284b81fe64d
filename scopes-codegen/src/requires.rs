//! `#[requires_scope(...)]` on a handler function.
//!
//! ```text
//! #[requires_scope(transactions_read)]
//! #[requires_scope(any(carts_write, transactions_write))]
//! #[requires_scope(all(orders_write, "payments:write"), route = "POST /checkout")]
//! #[requires_scope(transactions_resend, route = "POST /transactions/{id}/send_emails")]
//! #[requires_scope(spec = "spec/fluveo.yaml", read_products)]
//! ```
//!
//! Scope names are written as the spec writes them (an identifier, or a
//! string for names such as `read:pets`). Top-level items are all required;
//! `any(..)` is met by one of its scopes. The spec is the crate's
//! (`[package.metadata.scopes] spec`) unless `spec = ".."` names another.
//!
//! Checked at compile time: every scope exists (help beyond edit distance:
//! [`crate::suggest_scope`]), the route exists and serves the method, and
//! the scopes meet what the spec requires there. With a route and no scope
//! list, the requirement is the spec's for that route.
//!
//! The attribute defines a requirement type named like the function (a
//! braced struct: type namespace only, so it coexists with the function)
//! implementing `ScopeRequirement` and, with a route, `RouteHandler`; the
//! function gets a first parameter `::scopes_runtime::Require<name>`: an
//! extractor in axum, a proof from `Require::check` elsewhere, so the body
//! cannot run without the check, and tests can name the type.
//!
//! One mistake, one error: a second `#[requires_scope]` on the function is
//! reported once (combine with `all(..)`), a method (`self` receiver) gets
//! one error saying to use a free function, and when the check fails the
//! same items are emitted with a requirement nothing meets, so callers and
//! registrations still type-check.

use std::path::PathBuf;

use proc_macro2::{Literal, Span, TokenStream};
use quote::quote;
use scopes_core::requirement::{Style, describe};
use scopes_spec::{Spec, did_you_mean};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Ident, ItemFn, LitStr, Token};

use crate::locate::{self, Located};
use crate::suggest_scope;

/// A scope name as written, with its span.
#[derive(Clone)]
struct Name {
    value: String,
    span: Span,
    /// Written as a Rust path (`foxy::Scope::TransactionsRead`): `value`
    /// is its last segment; the attribute wants the wire name.
    path: Option<syn::Path>,
}

impl Parse for Name {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(LitStr) {
            let lit: LitStr = input.parse()?;
            return Ok(Name {
                value: lit.value(),
                span: lit.span(),
                path: None,
            });
        }
        if input.peek2(Token![::]) || input.peek(Token![::]) {
            let path: syn::Path = input.parse()?;
            let last = path
                .segments
                .last()
                .map(|s| s.ident.to_string())
                .unwrap_or_default();
            return Ok(Name {
                value: last,
                span: syn::spanned::Spanned::span(&path),
                path: Some(path),
            });
        }
        let id: Ident = input.call(syn::ext::IdentExt::parse_any)?;
        Ok(Name {
            value: id.to_string(),
            span: id.span(),
            path: None,
        })
    }
}

/// One argument.
enum Arg {
    Scope(Name),
    Any(Vec<Name>),
    All(Vec<Arg>),
    Route(LitStr),
    Spec(LitStr),
}

impl Parse for Arg {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(Ident) && input.peek2(Token![=]) {
            let key: Ident = input.parse()?;
            let _: Token![=] = input.parse()?;
            let lit: LitStr = input.parse()?;
            return match key.to_string().as_str() {
                "route" => Ok(Arg::Route(lit)),
                "spec" => Ok(Arg::Spec(lit)),
                other => Err(syn::Error::new(
                    key.span(),
                    format!(
                        "unknown key `{other}`: expected `route = \"METHOD /path\"` or `spec = \"path\"`"
                    ),
                )),
            };
        }
        if input.peek(Ident) && input.peek2(syn::token::Paren) {
            let key: Ident = input.parse()?;
            let content;
            syn::parenthesized!(content in input);
            return match key.to_string().as_str() {
                "any" => {
                    let names = Punctuated::<Name, Token![,]>::parse_terminated(&content)?;
                    if names.is_empty() {
                        return Err(syn::Error::new(
                            key.span(),
                            "`any()` can never be met: list at least one scope",
                        ));
                    }
                    Ok(Arg::Any(names.into_iter().collect()))
                }
                "all" => {
                    let items = Punctuated::<Arg, Token![,]>::parse_terminated(&content)?;
                    Ok(Arg::All(items.into_iter().collect()))
                }
                other => Err(syn::Error::new(
                    key.span(),
                    format!("unknown combinator `{other}`: expected `any(..)` or `all(..)`"),
                )),
            };
        }
        Ok(Arg::Scope(input.parse()?))
    }
}

struct Args {
    items: Vec<Arg>,
}

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let items = Punctuated::<Arg, Token![,]>::parse_terminated(input)?;
        Ok(Args {
            items: items.into_iter().collect(),
        })
    }
}

/// The requirement as written: groups of names (AND of ORs).
struct Written {
    groups: Vec<Vec<Name>>,
    route: Option<LitStr>,
    spec: Option<LitStr>,
}

fn flatten(items: Vec<Arg>, w: &mut Written, errors: &mut Vec<syn::Error>) {
    for item in items {
        match item {
            Arg::Scope(n) => w.groups.push(vec![n]),
            Arg::Any(names) => w.groups.push(names),
            Arg::All(inner) => flatten(inner, w, errors),
            Arg::Route(lit) => {
                if w.route.replace(lit.clone()).is_some() {
                    errors.push(syn::Error::new(lit.span(), "`route` is given twice"));
                }
            }
            Arg::Spec(lit) => {
                if w.spec.replace(lit.clone()).is_some() {
                    errors.push(syn::Error::new(lit.span(), "`spec` is given twice"));
                }
            }
        }
    }
}

fn combine(errors: Vec<syn::Error>) -> Option<syn::Error> {
    let mut it = errors.into_iter();
    let mut first = it.next()?;
    for e in it {
        first.combine(e);
    }
    Some(first)
}

/// Expand the attribute.
#[must_use]
pub fn expand(
    attr: TokenStream,
    item: TokenStream,
    call_site_file: Option<PathBuf>,
) -> TokenStream {
    let mut func: ItemFn = match syn::parse2(item.clone()) {
        Ok(f) => f,
        Err(_) => {
            let e = syn::Error::new(
                Span::call_site(),
                "#[requires_scope] goes on a free function (a handler)",
            );
            return quote!(#item)
                .into_iter()
                .chain(e.to_compile_error())
                .collect();
        }
    };
    // One mistake, one error: report it and keep the function as written
    // (without the attribute's other copies) so its body still type-checks.
    if let Some(e) = method_error(&func) {
        let e = e.to_compile_error();
        return quote!(#e #func);
    }
    let stacked = stacked_error(&mut func).map(|e| e.to_compile_error());
    match check_and_expand(attr, &func, call_site_file) {
        Ok(tokens) => quote!(#stacked #tokens),
        // The same items as on success, with a requirement no grant meets
        // and a route no other handler has, so callers, registrations and
        // `Require<name>` still type-check and users see only this error.
        Err(e) => {
            let e = e.to_compile_error();
            let items = emit_items(&func, &Requirement::unmet_placeholder(&func), None);
            quote!(#stacked #e #items)
        }
    }
}

/// A method (`self` receiver, or a signature naming `Self`) cannot take the
/// attribute: the requirement type it generates is a module item named like
/// the function. (An associated function that does neither cannot be told
/// from a free one: rustc reports the generated items as not allowed in an
/// `impl`.)
fn method_error(func: &ItemFn) -> Option<syn::Error> {
    let at: TokenStream = match func.sig.receiver() {
        Some(receiver) => quote!(#receiver),
        // An associated function that names `Self` is in an `impl` too.
        None => {
            let sig = &func.sig;
            if !mentions_self(quote!(#sig)) {
                return None;
            }
            let name = &func.sig.ident;
            quote!(#name)
        }
    };
    let name = &func.sig.ident;
    Some(syn::Error::new_spanned(
        at,
        format!(
            "#[requires_scope] goes on a free function, not on a method: it generates a \
             requirement type named like the function, which cannot live in an `impl` block\n\n\
             help: move the attribute to a free function `fn {name}(...)` and call it from the \
             method, passing the guard on: `{name}(guard, ...)`"
        ),
    ))
}

/// Whether `tokens` contain the identifier `Self`, at any depth.
fn mentions_self(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|t| match t {
        proc_macro2::TokenTree::Ident(i) => i == "Self",
        proc_macro2::TokenTree::Group(g) => mentions_self(g.stream()),
        _ => false,
    })
}

fn is_requires_scope(attr: &syn::Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "requires_scope")
}

/// A second `#[requires_scope]` on the same function: one error on it,
/// saying how to combine both; the copies are dropped so nothing else fails.
fn stacked_error(func: &mut ItemFn) -> Option<syn::Error> {
    let second = func.attrs.iter().find(|a| is_requires_scope(a))?;
    let e = syn::Error::new_spanned(
        second,
        "a function takes one #[requires_scope]\n\n\
         help: combine both requirements in one attribute: \
         `#[requires_scope(all(first, second))]` requires both, \
         `#[requires_scope(any(first, second))]` either",
    );
    func.attrs.retain(|a| !is_requires_scope(a));
    Some(e)
}

fn check_and_expand(
    attr: TokenStream,
    func: &ItemFn,
    call_site_file: Option<PathBuf>,
) -> syn::Result<TokenStream> {
    let args: Args = syn::parse2(attr)?;
    let mut w = Written {
        groups: Vec::new(),
        route: None,
        spec: None,
    };
    let mut errors = Vec::new();
    flatten(args.items, &mut w, &mut errors);
    if let Some(e) = combine(errors) {
        return Err(e);
    }
    let (rel, span) = match &w.spec {
        Some(lit) => (lit.value(), lit.span()),
        None => (
            locate::spec_from_metadata().map_err(|m| syn::Error::new(Span::call_site(), m))?,
            Span::call_site(),
        ),
    };
    let (path, loaded) = match locate::locate(&rel, call_site_file.as_deref()) {
        Located::Loaded { path, loaded } => (path, loaded),
        Located::Invalid { report, .. } => return Err(locate::report_error(span, &report)),
        Located::Missing(msg) => return Err(syn::Error::new(span, msg)),
    };
    let spec = &loaded.spec;
    let route_hint = w
        .route
        .as_ref()
        .and_then(|lit| parse_route(spec, lit).ok())
        .map(|r| meeting_scopes(spec, &r.required));
    let mut others = || suggest_scope::other_specs(&rel, &path, call_site_file.as_deref());
    let named = resolve(spec, &w.groups, &mut others, route_hint.as_deref())?;
    let Some(lit) = &w.route else {
        if named.is_empty() {
            return Err(syn::Error::new(
                Span::call_site(),
                "name the route this handler serves (`route = \"GET /carts/{id}\"`), \
                 or the scopes it requires",
            ));
        }
        return Ok(emit(spec, func, &named, None, &path));
    };
    let route = parse_route(spec, lit)?;
    let groups = if named.is_empty() {
        // The route alone: the spec's requirement, as the spec writes it.
        route.required.clone()
    } else {
        check_meets(spec, &route, lit, &named)?;
        named
    };
    Ok(emit(spec, func, &groups, Some(&route), &path))
}

fn resolve(
    spec: &Spec,
    groups: &[Vec<Name>],
    others: &mut dyn FnMut() -> Vec<suggest_scope::OtherSpec>,
    route_hint: Option<&str>,
) -> syn::Result<Vec<Vec<usize>>> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for g in groups {
        let mut ids = Vec::new();
        for n in g {
            if let Some(path) = &n.path {
                errors.push(path_error(spec, n, path));
                continue;
            }
            match spec.scope_id(&n.value) {
                Some(id) => ids.push(id),
                None => {
                    let mut msg = format!("unknown scope `{}` in spec `{}`", n.value, spec.name);
                    if let Some(help) = suggest_scope::help(&n.value, spec, others, route_hint) {
                        msg.push_str(&format!("\n\nhelp: {help}"));
                    }
                    errors.push(syn::Error::new(n.span, msg));
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        out.push(ids);
    }
    match combine(errors) {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// A scope written as a Rust path: say which wire name to write.
fn path_error(spec: &Spec, n: &Name, path: &syn::Path) -> syn::Error {
    let text = quote!(#path).to_string().replace(' ', "");
    let last = &n.value;
    let found = spec
        .scopes
        .iter()
        .find(|s| s.ident == *last || crate::naming::scope_const(&s.ident) == *last);
    let help = match found {
        Some(s) => format!("write the scope's wire name: `{}`", quote_name(&s.name)),
        None => "write the scope's wire name, as the spec writes it".to_owned(),
    };
    syn::Error::new_spanned(
        path,
        format!(
            "`{text}` is a Rust path; #[requires_scope] takes scope names as the spec writes them\n\nhelp: {help}"
        ),
    )
}

/// A scope name as the attribute takes it: bare when an identifier, else a
/// string (`"read:pets"`).
fn quote_name(name: &str) -> String {
    let ident = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ident {
        name.to_owned()
    } else {
        format!("\"{name}\"")
    }
}

/// `` `a` or `b`, and `c` `` : the scopes that meet a requirement, with
/// implications.
fn meeting_scopes(spec: &Spec, required: &[Vec<usize>]) -> String {
    let closures = spec.closures();
    describe(spec.effective(&required.to_vec(), &closures), Style::Code)
}

/// A declared route: its method and template as the spec has them, and
/// what the spec requires there.
struct DeclaredRoute {
    method: String,
    template: String,
    required: Vec<Vec<usize>>,
}

fn parse_route(spec: &Spec, lit: &LitStr) -> syn::Result<DeclaredRoute> {
    let text = lit.value();
    let Some((method, path)) = text.split_once(' ') else {
        return Err(syn::Error::new(
            lit.span(),
            "expected `\"METHOD /path/template\"`, e.g. `\"GET /carts/{id}\"`",
        ));
    };
    let Some(route) = spec.route(path) else {
        let mut msg = format!("no route `{path}` in spec `{}`", spec.name);
        if let Some(help) = did_you_mean(path, spec.routes.iter().map(|r| r.template.text.as_str()))
        {
            msg.push_str(&format!("\n\nhelp: {help}"));
        }
        return Err(syn::Error::new(lit.span(), msg));
    };
    let Some((_, required)) = route.methods.iter().find(|(m, _)| m.as_str() == method) else {
        let served: Vec<&str> = route
            .methods
            .keys()
            .map(scopes_spec::Method::as_str)
            .collect();
        let mut msg = format!(
            "route `{path}` does not serve {method}; it serves {}",
            served.join(", ")
        );
        if let Some(help) = did_you_mean(&method.to_ascii_uppercase(), served.iter().copied()) {
            msg.push_str(&format!("\n\nhelp: {help}"));
        }
        return Err(syn::Error::new(lit.span(), msg));
    };
    Ok(DeclaredRoute {
        method: method.to_owned(),
        template: route.template.text.clone(),
        required: required.clone(),
    })
}

fn check_meets(
    spec: &Spec,
    route: &DeclaredRoute,
    lit: &LitStr,
    handler: &[Vec<usize>],
) -> syn::Result<()> {
    let (method, path) = (&route.method, &route.template);
    let required = &route.required;
    let closures = spec.closures();
    let effective = spec.effective(required, &closures);
    let mut unmet = Vec::new();
    for (r, eff) in required.iter().zip(&effective) {
        // Met when some handler group is made of scopes that each meet r;
        // the authenticated level's empty group, by any token, which every
        // handler requirement needs but a public one.
        let met = (r.is_empty() && !handler.is_empty())
            || handler
                .iter()
                .any(|h| !h.is_empty() && h.iter().all(|&s| r.iter().any(|&x| closures[s][x])));
        if !met {
            unmet.push(eff);
        }
    }
    if unmet.is_empty() {
        return Ok(());
    }
    let have = describe_ids(spec, handler);
    let unmet = describe(unmet, Style::Code);
    Err(syn::Error::new(
        lit.span(),
        format!(
            "the handler's scopes do not meet what spec `{}` requires for {method} {path}\n\n  requires: {unmet}\n  handler:  {have}\n\nhelp: require {unmet} on this handler",
            spec.name,
        ),
    ))
}

/// `` `a` or `b`, and `c` `` for groups of scope ids; `no scope` for none
/// (a handler that names no scope is not "public": it still takes a
/// `Require`).
fn describe_ids(spec: &Spec, groups: &[Vec<usize>]) -> String {
    if groups.is_empty() {
        return "no scope".to_owned();
    }
    describe(
        groups
            .iter()
            .map(|g| g.iter().map(|&s| spec.scopes[s].name.as_str())),
        Style::Code,
    )
}

/// What the generated requirement type carries.
struct Requirement {
    spec_id: u64,
    /// OR-groups as bit sets.
    bits: Vec<Vec<u64>>,
    /// OR-groups as wire names.
    names: Vec<Vec<String>>,
    /// `transactions_read and carts_read`, for docs.
    describe: String,
    /// (method, template) the handler declared.
    route: Option<(String, String)>,
}

impl Requirement {
    /// For a handler whose attribute failed to check: a group no grant
    /// meets (no bit set), the spec id 0, and a route no spec has.
    fn unmet_placeholder(func: &ItemFn) -> Self {
        Requirement {
            spec_id: 0,
            bits: vec![Vec::new()],
            names: vec![Vec::new()],
            describe: "a requirement that failed to check".to_owned(),
            route: Some((
                "GET".to_owned(),
                format!("/#requires_scope failed: {}", func.sig.ident),
            )),
        }
    }
}

fn emit(
    spec: &Spec,
    func: &ItemFn,
    groups: &[Vec<usize>],
    route: Option<&DeclaredRoute>,
    path: &std::path::Path,
) -> TokenStream {
    let words = spec.words();
    let bits = groups
        .iter()
        .map(|g| {
            let mut bits = vec![0u64; words];
            for &s in g {
                bits[s / 64] |= 1 << (s % 64);
            }
            bits
        })
        .collect();
    let names = groups
        .iter()
        .map(|g| g.iter().map(|&s| spec.scopes[s].name.clone()).collect())
        .collect();
    let req = Requirement {
        spec_id: scopes_spec::tables::spec_id(spec),
        bits,
        names,
        describe: describe_ids(spec, groups),
        route: route.map(|r| (r.method.clone(), r.template.clone())),
    };
    let track = path.display().to_string();
    let items = emit_items(func, &req, Some(&spec.name));
    quote! {
        #items
        const _: &[u8] = ::core::include_bytes!(#track);
    }
}

/// The handler with its guard parameter, and its requirement type (named
/// like the handler, in the type namespace).
fn emit_items(func: &ItemFn, req: &Requirement, spec_name: Option<&str>) -> TokenStream {
    let name = &func.sig.ident;
    let route_text = req.route.as_ref().map(|(m, t)| format!("{m} {t}"));
    let route_tokens = match &route_text {
        Some(r) => quote!(::core::option::Option::Some(#r)),
        None => quote!(::core::option::Option::None),
    };
    let requires = &req.describe;
    let doc = format!(
        " Requires {requires}{}.",
        match (&route_text, spec_name) {
            (Some(r), Some(spec)) => format!(" (spec `{spec}`, {r})"),
            _ => String::new(),
        }
    );
    let type_doc = format!(
        " The requirement of the handler [`{name}()`]: {requires}. Its first \
         parameter is a `::scopes_runtime::Require<{name}>`: an extractor in axum, \
         or `Require::<{name}>::check(&granted)` in tests."
    );
    let vis = &func.vis;
    let attrs = &func.attrs;
    let block = &func.block;
    let mut sig = func.sig.clone();
    let guard: syn::FnArg = syn::parse_quote!(_: ::scopes_runtime::Require<#name>);
    sig.inputs.insert(0, guard);
    let id = Literal::u64_unsuffixed(req.spec_id);
    let group_bits = req.bits.iter().map(|g| {
        let bits = g.iter().map(|&b| Literal::u64_unsuffixed(b));
        quote!(&[#(#bits),*])
    });
    let group_names = req.names.iter().map(|g| quote!(&[#(#g),*]));
    let routed = req.route.as_ref().map(|(method, template)| {
        let twice = format!(
            "{method} {template} is registered twice: each (method, route) has one handler"
        );
        quote! {
            impl ::scopes_runtime::RouteHandler for #name {
                const METHOD: &'static str = #method;
                const TEMPLATE: &'static str = #template;
                #[doc(hidden)]
                const REGISTERED_TWICE: &'static str = #twice;
            }
        }
    });
    quote! {
        #(#attrs)*
        #[doc = ""]
        #[doc = #doc]
        #vis #sig #block

        #[doc = #type_doc]
        #[allow(non_camel_case_types, dead_code)]
        #vis struct #name {}

        impl ::scopes_runtime::ScopeRequirement for #name {
            const SPEC_ID: u64 = #id;
            const GROUPS: &'static [&'static [u64]] = &[#(#group_bits),*];
            const NAMES: &'static [&'static [&'static str]] = &[#(#group_names),*];
            const ROUTE: ::core::option::Option<&'static str> = #route_tokens;
        }

        #routed
    }
}
