//! Output on error: the compile error, the rebuild dependency on the spec
//! (so fixing the file re-runs the macro), and placeholder items so code
//! that names them does not add a cascade of "cannot find" errors.

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
        /// Placeholder: the spec did not compile.
        #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug)]
        pub enum Scope {}
        /// Placeholder: the spec did not compile.
        pub mod scopes {}
        /// Placeholder: the spec did not compile.
        pub mod routes {}
    }
}
