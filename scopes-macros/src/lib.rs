//! The proc-macros of `scopes`. Use them through `scopes_runtime`, which
//! re-exports them and holds the types their output names. Each is a
//! one-line call into `scopes-codegen`.

use proc_macro::TokenStream;

fn call_site_file() -> Option<std::path::PathBuf> {
    proc_macro::Span::call_site().local_file()
}

/// Generate a spec's scope enum, constants, granted-set type and lookup
/// tables in the calling module:
///
/// ```ignore
/// mod foxy {
///     scopes_runtime::include_spec!("spec/foxy.yaml");
/// }
/// ```
///
/// The path is relative to the crate's directory (`CARGO_MANIFEST_DIR`), or
/// else to the calling source file's directory; with no argument, the
/// crate's `[package.metadata.scopes] spec`. Editing the spec rebuilds the
/// module. A spec error is a compile error spanned on the path, naming
/// `file:line:column` with the offending source line.
#[proc_macro]
pub fn include_spec(input: TokenStream) -> TokenStream {
    scopes_codegen::include_spec(input.into(), call_site_file()).into()
}

/// Require scopes on a handler; see `scopes_runtime::requires_scope`.
#[proc_macro_attribute]
pub fn requires_scope(attr: TokenStream, item: TokenStream) -> TokenStream {
    scopes_codegen::requires_scope(attr.into(), item.into(), call_site_file()).into()
}

/// Register `#[requires_scope(route = "...")]` handlers on an axum router
/// by their declarations (feature `axum` of `scopes_runtime`):
///
/// ```ignore
/// let app: axum::Router = scopes_runtime::handlers![show, send_emails]
///     .enforce(foxy::TABLES, Responses::new("foxy", BodyFormat::Text));
/// // Every (method, route) of the spec served or listed:
/// let app = scopes_runtime::handlers![
///     exhaustive foxy::routes::SERVED;
///     not_served ["DELETE /carts/{id}"];
///     show, send_emails,
/// ];
/// ```
///
/// Compile errors: a handler without a declared route, a (method, route)
/// registered twice (on the second handler), and in exhaustive mode every
/// (method, route) of the spec neither registered nor listed.
#[proc_macro]
pub fn handlers(input: TokenStream) -> TokenStream {
    scopes_codegen::handlers(input.into()).into()
}
