//! Code generation for `scopes`: what `include_spec!` and
//! `#[requires_scope]` expand to. `scopes-macros` is a one-line wrapper
//! over these functions, so everything here is testable as a library.
//!
//! - [`locate`]: finds the spec file (argument or `[package.metadata.scopes]`);
//! - [`expand_spec`]: spec → scope enum, constants, tables;
//! - [`tables`]: prints [`scopes_core::OwnedTables`] as static data;
//! - [`matcher`]: the matching and grant-parsing code specialized to a spec;
//! - [`requires`]: the handler attribute: parse, check, expand;
//! - [`fallback`]: what is emitted when the spec is invalid, so users see
//!   one error and not a cascade.

pub mod expand_spec;
pub mod fallback;
pub mod locate;
pub mod matcher;
pub mod naming;
pub mod requires;
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
