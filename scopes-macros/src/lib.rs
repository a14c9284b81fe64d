//! The proc-macros of `scopes`. Use them through `scopes_runtime`, which
//! re-exports them and holds the types their output names. Each is a
//! one-line call into `scopes-codegen`.
//!
//! This file is the one home of the macros' user documentation: rustdoc
//! shows it on `scopes_runtime::include_spec` and
//! `scopes_runtime::requires_scope`, and its examples are tested here.

use proc_macro::TokenStream;

fn call_site_file() -> Option<std::path::PathBuf> {
    proc_macro::Span::call_site().local_file()
}

/// Generate a spec's scope enum, constants, granted-set type, route
/// constants and lookup tables in the calling module.
///
/// ```
/// mod foxy {
///     scopes_runtime::include_spec!("../spec/foxy.yaml");
/// }
///
/// let granted = foxy::Granted::parse("transactions_write")?;
/// assert!(granted.contains(foxy::Scope::TransactionsRead)); // write implies read on Foxy
/// assert_eq!(foxy::scopes::CARTS_READ, foxy::Scope::CartsRead.as_str());
/// assert_eq!(
///     foxy::routes::TRANSACTIONS_ID_SEND_EMAILS.template,
///     "/transactions/{id}/send_emails"
/// );
/// assert!(!granted.authorize("POST", "/transactions/7/send_emails").is_allowed());
/// # Ok::<(), scopes_runtime::GrantError>(())
/// ```
///
/// # Which spec
///
/// - `include_spec!("spec/foxy.yaml")`: the path is relative to the
///   crate's directory (`CARGO_MANIFEST_DIR`), or else to the directory of
///   the source file holding the call (as `include_str!`);
/// - `include_spec!()`: the crate's spec, named once in its `Cargo.toml`:
///
///   ```toml
///   [package.metadata.scopes]
///   spec = "spec/foxy.yaml"
///   ```
///
/// A crate with several specs gives each its own module and path
/// (`mod foxy { include_spec!("spec/foxy.yaml"); }`,
/// `mod fluveo { include_spec!("spec/fluveo.yaml"); }`), and its handlers
/// say which one with `#[requires_scope(spec = "…", …)]`.
///
/// # What it generates
///
/// - `Scope`: one variant per scope (`Scope::CartsRead`, the spec's
///   description as its doc), `Copy + Eq + Ord + Hash + Debug`,
///   `Scope::ALL`, `Scope::COUNT`, `as_str()` (the wire name),
///   `from_name()`/`FromStr`, `Display`, `implies()`, `is_superuser()`,
///   `description()`; with the runtime's `serde` feature, serialized as its
///   wire name;
/// - `scopes::CARTS_READ: &str`, one constant per scope;
/// - `routes::TRANSACTIONS_ID_SEND_EMAILS` (template, methods and what each
///   requires) and `routes::ALL`;
/// - `Granted`: the granted-set type sized for the spec
///   (`Granted::parse("a b")`, `contains`, `authorize(method, path)`);
/// - `TABLES` (static lookup tables, for `Engine`/`ScopeLayer`) and
///   `SPEC_ID`.
///
/// The items are defined in a hidden module `spec` and re-exported, so
/// compiler messages name the enum `spec::Scope`. A glob import in the
/// same module that brings another `Scope` or `Granted` (for example
/// `use scopes_runtime::*`, which has a `Granted`) makes the name ambiguous
/// where it is used: import what you need by name there.
///
/// # Errors
///
/// Each mistake is one compile error, spanned on the path:
///
/// - a missing file, or a spec with errors: the error lists every
///   diagnostic as `file:line:column` with the source line and a fix. What
///   is valid is still generated, and paths into the module are not
///   reported again;
/// - a second `include_spec!` in the same module: "the name `spec` is
///   defined multiple times", on the second call (one spec per module).
///
/// Editing the spec rebuilds the module.
#[proc_macro]
pub fn include_spec(input: TokenStream) -> TokenStream {
    scopes_codegen::include_spec(input.into(), call_site_file()).into()
}

/// Require OAuth scopes on a handler, checked against the spec at compile
/// time.
///
/// ```
/// # mod foxy { scopes_runtime::include_spec!("../spec/foxy.yaml"); }
/// use scopes_runtime::{Require, requires_scope};
///
/// #[requires_scope(spec = "../spec/foxy.yaml", transactions_resend,
///                  route = "POST /transactions/{id}/send_emails")]
/// fn send_emails(id: u32) -> String {
///     format!("sent receipts for {id}")
/// }
///
/// // The attribute added a first parameter: the proof of the check.
/// let granted = foxy::Granted::parse("transactions_resend")?;
/// let guard = Require::check_set(&granted).expect("allowed");
/// assert_eq!(send_emails(guard, 7), "sent receipts for 7");
///
/// // A grant that falls short gets no proof, so the body cannot run.
/// let read_only = foxy::Granted::parse("transactions_read")?;
/// let answer = match Require::check_set(&read_only) {
///     Ok(guard) => send_emails(guard, 7),
///     Err(denied) => format!("403: {denied}"),
/// };
/// assert_eq!(answer, "403: insufficient scope: requires transactions_resend");
/// # Ok::<(), scopes_runtime::GrantError>(())
/// ```
///
/// # Syntax
///
/// ```text
/// #[requires_scope(carts_read)]                          one scope
/// #[requires_scope(carts_read, orders_read)]             every listed item is required
/// #[requires_scope(any(carts_write, store_full_access))] one of these
/// #[requires_scope(all(orders_write, any(a, b)))]        all of these; nests any(..)
/// #[requires_scope("read:pets")]                         a name that is not a Rust identifier
/// #[requires_scope(transactions_resend, route = "POST /transactions/{id}/send_emails")]
/// #[requires_scope(spec = "spec/fluveo.yaml", read_products)]
/// ```
///
/// - Scope names are the spec's wire names: an identifier when the name is
///   one (`carts_read`), otherwise a string literal (`"read:pets"`,
///   `"https://…/auth/drive"`). Not the enum variant (`Scope::CartsRead`).
/// - The top-level items are all required (AND); `any(..)` is met by one
///   of its scopes (OR); `all(..)` groups items and may hold `any(..)`.
/// - `route = "METHOD /template"`: the route as the spec writes it; the
///   handler's scopes must then meet what the spec requires there.
/// - `spec = "path"`: the spec to check against, resolved as
///   [`include_spec!`] resolves its path; without it, the crate's
///   `[package.metadata.scopes] spec`. A crate with two specs names one on
///   each handler:
///
///   ```
///   # mod fluveo { scopes_runtime::include_spec!("../spec/fluveo.yaml"); }
///   # use scopes_runtime::requires_scope;
///   #[requires_scope(spec = "../spec/fluveo.yaml", read_products,
///                    route = "GET /v1/products")]
///   fn list_products() {}
///   ```
///
/// # What is checked at compile time
///
/// Each is one error on the offending token, with a fix:
///
/// - every scope exists in the spec (did-you-mean on a misspelling);
/// - with `route`: the route exists, serves the method, and the scopes
///   meet the spec's requirement there. Declaring `transactions_write` on
///   `POST /transactions/{id}/send_emails`, which needs
///   `transactions_resend`, does not compile:
///
///   ```compile_fail
///   # use scopes_runtime::requires_scope;
///   #[requires_scope(spec = "../spec/foxy.yaml", transactions_write,
///                    route = "POST /transactions/{id}/send_emails")]
///   fn send_emails() {}
///   ```
///
/// # The added first parameter
///
/// The function gets a first parameter of type
/// `scopes_runtime::Require<R>`, where `R` is a hidden type carrying the
/// declared requirement. It is the proof that the granted scopes meet the
/// requirement, so the body cannot run without the check:
///
/// - in axum (feature `axum`), `Require<R>` is an extractor: behind
///   `ScopeLayer` the handler is routed as usual and a request whose grant
///   falls short gets 403 `insufficient_scope` before the body runs;
/// - elsewhere (tests, jobs, other frameworks), get it from
///   `Require::check_set(&granted)` (a generated `Granted`),
///   `Require::check(&granted)` (a runtime `scopes_runtime::Granted`) or
///   `Require::check_words`; each returns `Err(Denied)` when the grant
///   falls short or belongs to another spec.
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
