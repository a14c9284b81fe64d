//! Per-request cost of enforcement in a real axum `Router` holding every
//! Foxy route, driven by `tower::ServiceExt::oneshot`: typed routes
//! (`TypedLayer` + each handler's `Require` extractor) vs the same router
//! with no enforcement vs `ScopeLayer`. Every timed request is allowed, so
//! each side runs its full check; the token's scopes arrive as
//! `TokenScopes` in the request, as an authentication layer leaves them.

use std::future::Future;
use std::hint::black_box;
use std::task::{Context, Poll, Waker};

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use axum::routing::{MethodFilter, on};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scopes_runtime::axum::{BodyFormat, Responses, ScopeLayer};
use scopes_runtime::typed_routes::TypedLayer;
use scopes_runtime::{TokenScopes, requires_scope};
use tower::ServiceExt;

mod foxy {
    scopes_runtime::include_spec!("../spec/foxy.yaml");
}

#[requires_scope(spec = "../spec/foxy.yaml", route = "GET /transactions/{id}")]
async fn show_transaction() -> &'static str {
    "ok"
}

#[requires_scope(
    spec = "../spec/foxy.yaml",
    route = "POST /transactions/{id}/send_emails"
)]
async fn send_emails() -> &'static str {
    "ok"
}

#[requires_scope(
    spec = "../spec/foxy.yaml",
    route = "POST /transactions/{id}/{transaction_action}"
)]
async fn act() -> &'static str {
    "ok"
}

#[requires_scope(spec = "../spec/foxy.yaml", route = "GET /applied_coupon_codes/{id}")]
async fn coupon_code() -> &'static str {
    "ok"
}

#[requires_scope(spec = "../spec/foxy.yaml", route = "DELETE /coupons/{id}")]
async fn delete_coupon() -> &'static str {
    "ok"
}

async fn ok() -> &'static str {
    "ok"
}

/// The timed requests: one per typed handler above.
const REQUESTS: [(&str, &str); 5] = [
    ("GET", "/transactions/7"),
    ("POST", "/transactions/7/send_emails"),
    ("POST", "/transactions/7/capture"),
    ("GET", "/applied_coupon_codes/3"),
    ("DELETE", "/coupons/1"),
];

const GRANTED: &str =
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

fn bare() -> Router {
    all_routes(Router::new(), &[])
}

fn scope_layer() -> Router {
    bare().layer(ScopeLayer::new(foxy::TABLES).realm("foxy"))
}

fn typed() -> Router {
    let typed = scopes_runtime::handlers![
        show_transaction,
        send_emails,
        act,
        coupon_code,
        delete_coupon
    ]
    .into_router();
    let declared = [
        ("GET", "/transactions/{id}"),
        ("POST", "/transactions/{id}/send_emails"),
        ("POST", "/transactions/{id}/{transaction_action}"),
        ("GET", "/applied_coupon_codes/{id}"),
        ("DELETE", "/coupons/{id}"),
    ];
    all_routes(typed, &declared).layer(TypedLayer::new(
        foxy::TABLES,
        Responses::new("foxy", BodyFormat::Text),
    ))
}

/// Poll a future that never waits (axum's in-memory path) to completion.
fn run<F: Future>(fut: F) -> F::Output {
    let mut fut = std::pin::pin!(fut);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

fn call(router: &Router, method: &str, path: &str) -> StatusCode {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .body(Body::empty())
        .expect("request");
    req.extensions_mut()
        .insert(TokenScopes::Scope(GRANTED.to_owned()));
    let response = run(router.clone().oneshot(req)).expect("infallible");
    response.status()
}

fn benches(c: &mut Criterion) {
    let routers = [
        ("bare", bare()),
        ("typed", typed()),
        ("scope_layer", scope_layer()),
    ];
    // All three serve every timed request, and the enforced ones allow it.
    for (name, router) in &routers {
        for (m, p) in REQUESTS {
            assert_eq!(call(router, m, p), StatusCode::OK, "{name}: {m} {p}");
        }
    }
    // And the enforced ones deny without the scope.
    for (name, router) in &routers[1..] {
        let mut req = Request::builder()
            .method("POST")
            .uri("/transactions/7/send_emails")
            .body(Body::empty())
            .expect("request");
        req.extensions_mut()
            .insert(TokenScopes::Scope("transactions_write".to_owned()));
        let status = run(router.clone().oneshot(req))
            .expect("infallible")
            .status();
        assert_eq!(status, StatusCode::FORBIDDEN, "{name}");
    }
    let mut g = c.benchmark_group("typed_routes/foxy");
    g.throughput(Throughput::Elements(REQUESTS.len() as u64));
    for (name, router) in &routers {
        g.bench_function(*name, |b| {
            b.iter(|| {
                for (m, p) in REQUESTS {
                    black_box(call(router, black_box(m), black_box(p)));
                }
            });
        });
    }
    g.finish();
}

fn config() -> Criterion {
    let quick = std::env::var_os("SCOPES_BENCH_QUICK").is_some();
    let c = Criterion::default().configure_from_args();
    if quick {
        c.warm_up_time(std::time::Duration::from_millis(300))
            .measurement_time(std::time::Duration::from_secs(1))
            .sample_size(20)
    } else {
        c
    }
}

criterion_group! { name = group; config = config(); targets = benches }
criterion_main!(group);
