//! Code generation for `scopes`: what `include_spec!` and
//! `#[requires_scope]` expand to. `scopes-macros` is a one-line wrapper
//! over these functions, so everything here is testable as a library.
//!
//! - [`locate`]: finds the spec file (argument or `[package.metadata.scopes]`);
//! - [`expand_spec`]: spec → scope enum, constants, tables;
//! - [`registration`]: `handlers![...]`, typed registration of handlers;
//! - [`route_items`]: the `routes` module (one constant per route);
//! - [`suggest_scope`]: help for an unknown scope beyond edit distance;
//! - [`tables`]: prints [`scopes_core::OwnedTables`] as static data;
//! - [`matcher`]: the matching and grant-parsing code specialized to a spec;
//! - [`requires`]: the handler attribute: parse, check, expand;
//! - [`emittable`]: what of a (partial) model can be emitted as Rust;
//! - [`fallback`]: what is emitted when the spec is invalid, so users see
//!   one error and not a cascade.

pub mod emittable;
pub mod expand_spec;
pub mod fallback;
pub mod locate;
pub mod matcher;
pub mod naming;
pub mod registration;
pub mod requires;
pub mod route_items;
pub mod suggest_scope;
pub mod tables;

use proc_macro2::TokenStream;

/// Expand `include_spec!(...)`.
#[must_use]
pub fn include_spec(input: TokenStream, call_site_file: Option<std::path::PathBuf>) -> TokenStream {
    expand_spec::expand(input, call_site_file)
}

/// Expand `#[requires_scope(...)]` on `item`.
#[must_use]
pub fn requires_scope(
    attr: TokenStream,
    item: TokenStream,
    call_site_file: Option<std::path::PathBuf>,
) -> TokenStream {
    requires::expand(attr, item, call_site_file)
}

/// Expand `handlers![...]`.
#[must_use]
pub fn handlers(input: TokenStream) -> TokenStream {
    registration::expand(input)
}
