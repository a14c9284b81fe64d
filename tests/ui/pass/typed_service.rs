//! A service registering Foxy handlers the typed way: path and method come
//! from each handler's declaration. No warning in user code.
#![deny(warnings)]
#![deny(clippy::pedantic)]

mod foxy {
    scopes_runtime::include_spec!("../../../spec/foxy.yaml");
}

use axum::extract::Path;
use scopes_runtime::axum::{BodyFormat, Responses};
use scopes_runtime::requires_scope;

/// Braces around a literal body must not warn (`unused_braces`).
#[requires_scope(spec = "../../../spec/foxy.yaml", route = "GET /transactions/{id}")]
async fn show(Path(id): Path<u32>) -> String {
    format!("transaction {id}")
}

#[requires_scope(spec = "../../../spec/foxy.yaml", route = "POST /transactions/{id}/send_emails")]
async fn send_emails() -> &'static str { "sent" }

#[requires_scope(
    spec = "../../../spec/foxy.yaml",
    transactions_write,
    route = "POST /transactions/{id}/{transaction_action}"
)]
async fn act() -> &'static str { "done" }

#[requires_scope(spec = "../../../spec/foxy.yaml", carts_read)]
fn me() -> &'static str { "me" }

fn main() {
    let _app: axum::Router = scopes_runtime::handlers![show, send_emails, act]
        .enforce(foxy::TABLES, Responses::new("foxy", BodyFormat::Text));
    let granted = foxy::Granted::parse("carts_read").unwrap_or_default();
    let guard: scopes_runtime::Require<me> = scopes_runtime::Require::check_set(&granted)
        .unwrap_or_else(|_| std::process::exit(1));
    assert_eq!(me(guard), "me");
}
