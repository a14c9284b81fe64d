//! The three routers of the `typed_routes` bench, shared with the
//! callgrind harness (`examples/typed_routes_calls.rs`): every Foxy route
//! axum can hold, with no enforcement, with typed routes (`handlers![…]`
//! `.enforce(…)`: each handler tests its own requirement), and with
//! `ScopeLayer`.

use std::future::Future;
use std::task::{Context, Poll, Waker};

use axum::Router;
use axum::body::Body;
use axum::extract::Path;
use axum::http::{Method, Request, StatusCode};
use axum::routing::{MethodFilter, delete, get, on, post};
use scopes_runtime::axum::{BodyFormat, Responses, ScopeLayer};
use scopes_runtime::{Granted, TokenScopes, requires_scope};
use tower::ServiceExt;

/// Foxy's generated items.
pub mod foxy {
    scopes_runtime::include_spec!("../spec/foxy.yaml");
}

#[requires_scope(spec = "../spec/foxy.yaml", route = "GET /transactions/{id}")]
/// Typed handler.
pub async fn show_transaction(Path(params): Path<Vec<String>>) -> String {
    params.concat()
}

#[requires_scope(
    spec = "../spec/foxy.yaml",
    route = "POST /transactions/{id}/send_emails"
)]
/// Typed handler.
pub async fn send_emails(Path(params): Path<Vec<String>>) -> String {
    params.concat()
}

#[requires_scope(
    spec = "../spec/foxy.yaml",
    route = "POST /transactions/{id}/{transaction_action}"
)]
/// Typed handler.
pub async fn act(Path(params): Path<Vec<String>>) -> String {
    params.concat()
}

#[requires_scope(spec = "../spec/foxy.yaml", route = "GET /applied_coupon_codes/{id}")]
/// Typed handler.
pub async fn coupon_code(Path(params): Path<Vec<String>>) -> String {
    params.concat()
}

#[requires_scope(spec = "../spec/foxy.yaml", route = "DELETE /coupons/{id}")]
/// Typed handler.
pub async fn delete_coupon(Path(params): Path<Vec<String>>) -> String {
    params.concat()
}

/// The five typed handlers' bodies without enforcement, registered at
/// the same routes in the bare router: the routers differ only by the
/// enforcement (the same handler functions, each with its own future,
/// inlined as the compiler chooses for one handler per route).
mod plain {
    use axum::extract::Path;

    macro_rules! plain {
        ($($name:ident),*) => {$(
            pub(super) async fn $name(Path(params): Path<Vec<String>>) -> String {
                params.concat()
            }
        )*};
    }
    plain!(
        show_transaction,
        send_emails,
        act,
        coupon_code,
        delete_coupon
    );
}

/// The routes of the five typed handlers (the timed requests).
const DECLARED: [(&str, &str); 5] = [
    ("GET", "/transactions/{id}"),
    ("POST", "/transactions/{id}/send_emails"),
    ("POST", "/transactions/{id}/{transaction_action}"),
    ("GET", "/applied_coupon_codes/{id}"),
    ("DELETE", "/coupons/{id}"),
];

/// A small handler: echoes the path's parameters.
async fn ok(Path(params): Path<Vec<String>>) -> String {
    params.concat()
}

/// The timed requests: one per typed handler above.
pub const REQUESTS: [(&str, &str); 5] = [
    ("GET", "/transactions/7"),
    ("POST", "/transactions/7/send_emails"),
    ("POST", "/transactions/7/capture"),
    ("GET", "/applied_coupon_codes/3"),
    ("DELETE", "/coupons/1"),
];

/// The scopes every timed request is granted: each request needs one.
pub const GRANTED: &str =
    "transactions_read transactions_write transactions_resend carts_read coupons_write";

/// Whether axum's router can hold `template`: a parameter must fill its
/// segment (`/{type}_templates` cannot be registered).
fn axum_can_route(template: &str) -> bool {
    template.split('/').all(|seg| {
        !seg.contains('{')
            || (seg.starts_with('{') && seg.ends_with('}') && seg.matches('{').count() == 1)
    })
}

/// Every (method, route) of Foxy that axum can hold, with `ok`, except
/// those in `skip`. GET also serves HEAD in axum, so HEAD is not
/// registered apart.
fn all_routes(mut router: Router, skip: &[(&str, &str)]) -> Router {
    for &(m, t) in foxy::routes::SERVED {
        if m == "HEAD" || skip.contains(&(m, t)) || !axum_can_route(t) {
            continue;
        }
        let method = Method::from_bytes(m.as_bytes()).expect("spec method");
        let filter = MethodFilter::try_from(method).expect("standard method");
        router = router.route(t, on(filter, ok));
    }
    router
}

/// No enforcement: the typed handlers' bodies at their routes, the other
/// routes with `ok`.
pub fn bare() -> Router {
    let router = Router::new()
        .route(DECLARED[0].1, get(plain::show_transaction))
        .route(DECLARED[1].1, post(plain::send_emails))
        .route(DECLARED[2].1, post(plain::act))
        .route(DECLARED[3].1, get(plain::coupon_code))
        .route(DECLARED[4].1, delete(plain::delete_coupon));
    all_routes(router, &DECLARED)
}

/// No enforcement, every route with `ok` (one handler function for all:
/// the baseline before 2026-11-24's second round, kept for comparison).
pub fn bare_shared() -> Router {
    all_routes(Router::new(), &[])
}

/// Today's `ScopeLayer`.
pub fn scope_layer() -> Router {
    bare().layer(ScopeLayer::new(foxy::TABLES).realm("foxy"))
}

/// Typed routes: the five typed handlers, protected, and the other routes
/// as in `bare`.
pub fn typed() -> Router {
    let typed = scopes_runtime::handlers![
        show_transaction,
        send_emails,
        act,
        coupon_code,
        delete_coupon
    ]
    .enforce(foxy::TABLES, Responses::new("foxy", BodyFormat::Text));
    all_routes(typed, &DECLARED)
}

/// Poll a future that never waits (axum's in-memory path) to completion.
pub fn run<F: Future>(fut: F) -> F::Output {
    let mut fut = std::pin::pin!(fut);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

/// What the authentication layer left in the request.
#[derive(Clone, Copy)]
pub enum Auth<'a> {
    /// The token's `scope` string, parsed by the enforcement.
    Token(&'a str),
    /// Scopes already parsed (an authentication layer that caches them per
    /// token).
    Granted(&'a Granted),
}

/// One request through `router`.
///
/// # Panics
/// Never: the request is well-formed and the router infallible.
pub fn call(router: &Router, method: &str, path: &str, auth: Auth<'_>) -> StatusCode {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .body(Body::empty())
        .expect("request");
    match auth {
        Auth::Token(scope) => {
            req.extensions_mut()
                .insert(TokenScopes::Scope(scope.to_owned()));
        }
        Auth::Granted(g) => {
            req.extensions_mut().insert(g.clone());
        }
    }
    let response = run(router.clone().oneshot(req)).expect("infallible");
    response.status()
}
