//! Output when no spec could be read (missing file, YAML that does not
//! parse): the compile error and the rebuild dependency on the spec (so
//! fixing the file re-runs the macro), and no items.
//!
//! No placeholder items on purpose: rustc does not report paths it cannot
//! resolve into a module that holds a `compile_error!`, so `api::Scope::X`,
//! `api::scopes::X` or `api::Granted` add nothing to the one error. A
//! placeholder `enum Scope {}` would resolve and add "no variant `X`" per
//! use.

use std::path::Path;

use proc_macro2::TokenStream;
use quote::quote;

/// Fallback for `include_spec!`.
#[must_use]
pub fn spec(error: &syn::Error, path: Option<&Path>) -> TokenStream {
    let error = error.to_compile_error();
    let track = path.map(|p| {
        let p = p.display().to_string();
        quote!(
            const _: &[u8] = ::core::include_bytes!(#p);
        )
    });
    quote! {
        #error
        #track
    }
}
