//! `handlers![...]`: register `#[requires_scope(route = "...")]` handlers
//! by their declarations.
//!
//! ```text
//! handlers![show, send_emails]
//! handlers![exhaustive foxy::routes::SERVED; not_served ["DELETE /carts/{id}"]; show, send_emails]
//! ```
//!
//! Each handler gets a `const` spanned on its own token, evaluated at
//! compile time: it reads the (method, template) the handler declared and
//! fails when an earlier handler of the list has the same one, so the error
//! lands on the second registration. The exhaustive check is one `const`
//! spanned on `exhaustive`.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Ident, LitStr, Path, Token};

struct Exhaustive {
    keyword: Ident,
    all: Path,
    not_served: Vec<LitStr>,
}

struct Input {
    exhaustive: Option<Exhaustive>,
    handlers: Vec<Path>,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut exhaustive = None;
        if is_keyword(input, "exhaustive") {
            let keyword: Ident = input.parse()?;
            let all: Path = input.parse()?;
            let _: Token![;] = input.parse()?;
            let mut not_served = Vec::new();
            if is_keyword(input, "not_served") {
                let _: Ident = input.parse()?;
                let content;
                syn::bracketed!(content in input);
                not_served = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?
                    .into_iter()
                    .collect();
                let _: Token![;] = input.parse()?;
            }
            exhaustive = Some(Exhaustive {
                keyword,
                all,
                not_served,
            });
        }
        let handlers: Vec<Path> = Punctuated::<Path, Token![,]>::parse_terminated(input)?
            .into_iter()
            .collect();
        if handlers.is_empty() {
            return Err(
                input.error("list the handlers to register: `handlers![show, send_emails]`")
            );
        }
        Ok(Input {
            exhaustive,
            handlers,
        })
    }
}

/// `word` used as a keyword: followed by something other than `,`, `::`
/// or the end (a handler could be named `exhaustive`).
fn is_keyword(input: ParseStream<'_>, word: &str) -> bool {
    let fork = input.fork();
    fork.parse::<Ident>().is_ok_and(|i| i == word)
        && !fork.is_empty()
        && !fork.peek(Token![,])
        && !fork.peek(Token![::])
}

/// Expand `handlers![...]`.
#[must_use]
pub fn expand(input: TokenStream) -> TokenStream {
    let input: Input = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    let consts: Vec<Ident> = (0..input.handlers.len())
        .map(|i| format_ident!("__SCOPES_ROUTE_{}", i, span = Span::mixed_site()))
        .collect();
    let checks = input.handlers.iter().enumerate().map(|(i, h)| {
        let (name, earlier) = (&consts[i], &consts[..i]);
        quote_spanned! {h.span()=>
            const #name: (&str, &str) =
                ::scopes_runtime::typed_routes::__declared::<#h>(&[#(#earlier),*]);
        }
    });
    let exhaustive = input.exhaustive.as_ref().map(|e| {
        let (all, skip) = (&e.all, &e.not_served);
        quote_spanned! {e.keyword.span()=>
            const _: () = ::scopes_runtime::typed_routes::__exhaustive(
                #all, &[#(#skip),*], &[#(#consts),*],
            );
        }
    });
    let routes = input
        .handlers
        .iter()
        .zip(&consts)
        .map(|(h, c)| quote!(.__declared::<#h, _, _>(#c, #h)));
    quote! {{
        #(#checks)*
        #exhaustive
        ::scopes_runtime::typed_routes::TypedRoutes::new() #(#routes)*
    }}
}
