//! `#[requires_scope]` handlers at runtime: the guard is a value the caller
//! can only get by checking granted scopes. The spec is the crate's
//! (`[package.metadata.scopes] spec = "../spec/foxy.yaml"` in tests/Cargo.toml).

use scopes_runtime::{Granted, Require, requires_scope};

mod foxy {
    scopes_runtime::include_spec!();
}

#[requires_scope(transactions_resend, route = "POST /transactions/{id}/send_emails")]
fn send_emails(id: u32) -> String {
    format!("sent {id}")
}

#[requires_scope(
    any(carts_read, transactions_read),
    route = "GET /applied_coupon_codes/{id}"
)]
fn coupon(id: u32) -> u32 {
    id
}

#[requires_scope(all(carts_write, "transactions_write"))]
fn both() -> bool {
    true
}

/// The route alone: the spec's requirement for it (Foxy's documentation:
/// sending a transaction's emails needs `transactions_resend`).
#[requires_scope(route = "POST /transactions/{id}/send_emails")]
fn send_emails_by_route() -> &'static str {
    "sent"
}

#[test]
fn a_route_alone_takes_the_spec_requirement() {
    use scopes_runtime::{RouteHandler, ScopeRequirement};
    assert_eq!(
        <send_emails_by_route as ScopeRequirement>::NAMES,
        &[&["transactions_resend"][..]]
    );
    assert_eq!(<send_emails_by_route as RouteHandler>::METHOD, "POST");
    assert_eq!(
        <send_emails_by_route as RouteHandler>::TEMPLATE,
        "/transactions/{id}/send_emails"
    );
    let write = foxy::Granted::parse("transactions_write").unwrap();
    assert!(Require::<send_emails_by_route>::check_set(&write).is_err());
    let resend = foxy::Granted::parse("transactions_resend").unwrap();
    let guard: Require<send_emails_by_route> = Require::check_set(&resend).unwrap();
    assert_eq!(send_emails_by_route(guard), "sent");
}

#[test]
fn resend_needs_resend() {
    let write = foxy::Granted::parse("transactions_write").unwrap();
    let denied = Require::<send_emails>::check_set(&write).unwrap_err();
    assert_eq!(denied.unmet, vec![&["transactions_resend"][..]]);
    assert_eq!(denied.scope_hint(), "transactions_resend");
    let resend = foxy::Granted::parse("transactions_resend").unwrap();
    let guard = Require::check_set(&resend).unwrap();
    assert_eq!(send_emails(guard, 7), "sent 7");
    let root = foxy::Granted::parse("store_full_access").unwrap();
    assert!(Require::<send_emails>::check_set(&root).is_ok());
}

#[test]
fn any_of_and_all_of() {
    for (granted, ok) in [
        ("carts_read", true),
        ("transactions_write", true), // write implies read on Foxy
        ("coupons_read", false),
        ("", false),
    ] {
        let g = foxy::Granted::parse(granted).unwrap();
        let answer = Require::<coupon>::check_set(&g).map(|guard| coupon(guard, 3));
        assert_eq!(answer.ok(), ok.then_some(3), "{granted}");
    }
    let one = foxy::Granted::parse("carts_write").unwrap();
    let denied = Require::<both>::check_set(&one).unwrap_err();
    assert_eq!(denied.unmet, vec![&["transactions_write"][..]]);
    let two = foxy::Granted::parse("carts_write transactions_write").unwrap();
    assert!(both(Require::check_set(&two).unwrap()));
}

#[test]
fn runtime_loaded_scopes_of_the_same_spec_are_accepted_and_others_are_not() {
    let loaded =
        scopes_runtime::LoadedSpec::load(scopes_tests::root().join("spec/foxy.yaml")).unwrap();
    let g = Granted::parse(&loaded.tables(), "transactions_resend").unwrap();
    assert!(Require::<send_emails>::check(&g).is_ok());
    // Same scope name parsed against another spec: denied.
    let other = scopes_runtime::LoadedSpec::from_str(
        "other.yaml",
        "name: other\nscopes:\n  transactions_resend: {description: x}\nroutes:\n  - {path: /x, methods: [POST], requires: transactions_resend}\n",
    )
    .unwrap();
    let g = Granted::parse(&other.tables(), "transactions_resend").unwrap();
    let denied = Require::<send_emails>::check(&g).unwrap_err();
    assert!(denied.wrong_spec);
}

/// Both macros in one module raise no lint in the user's crate, pedantic
/// and nursery included (CI runs clippy with `-D warnings` over this file);
/// `tests/ui/pass/typed_service.rs` checks rustc's lints under
/// `#![deny(warnings)]`.
mod lint_clean {
    #![deny(clippy::pedantic, clippy::nursery, missing_docs, unreachable_pub)]

    mod foxy {
        scopes_runtime::include_spec!();
    }

    use scopes_runtime::{Require, requires_scope};

    /// A literal body in braces (`unused_braces` once fired here).
    #[requires_scope(carts_read)]
    const fn me() -> &'static str {
        "me"
    }

    /// Route only.
    #[requires_scope(route = "GET /transactions/{id}")]
    async fn show() -> &'static str {
        "shown"
    }

    /// Route and scopes.
    #[requires_scope(
        transactions_write,
        route = "POST /transactions/{id}/{transaction_action}"
    )]
    async fn act() -> &'static str {
        "done"
    }

    /// Registered the typed way.
    fn app() -> axum::Router {
        scopes_runtime::handlers![show, act].into_router()
    }

    #[test]
    fn calls() {
        let granted = foxy::Granted::parse("carts_read").unwrap();
        let guard: Require<me> = Require::check_set(&granted).unwrap();
        assert_eq!(me(guard), "me");
        let _ = app();
    }
}
