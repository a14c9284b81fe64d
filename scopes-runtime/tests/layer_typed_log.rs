//! How typed routes log refusals (`Responses::log`): each refusal is one
//! `scopes::deny` event naming the request's method and route, also when
//! it comes after the layer's authenticator answered.
//!
//! Its own test binary with one test and a global subscriber set before any
//! request: `tracing` caches per callsite whether anyone is interested, and
//! in a binary with other tests, a thread that reached the `scopes::deny`
//! callsite before a per-thread (`set_default`) subscriber existed could
//! cache "never" for it (seen once in a cold run of `layer_typed.rs`).
//! Spec: `tests/data/layered.yaml`.
#![cfg(feature = "axum")]

mod common;

use axum::Router;
use axum::body::Body;
use common::Answer;
use common::capture::Capture;
use common::tokens::Tokens;
use http::{Request, StatusCode};
use scopes_runtime::layer::ScopeLayer;
use scopes_runtime::requires_scope;
use tower::ServiceExt;

mod layered {
    scopes_runtime::include_spec!("tests/data/layered.yaml");
}

#[requires_scope(spec = "tests/data/layered.yaml", route = "DELETE /typed/items/{id}")]
async fn typed_item_delete() -> &'static str {
    "deleted"
}

/// `alice` carries `s01`, `bob` no scope claim; others do not verify.
const TOKENS: Tokens = Tokens(&[("alice", Some("s01")), ("bob", None)]);

async fn send(app: &Router, method: &str, uri: &str, token: &str) -> Answer {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    Answer::read(app.clone().oneshot(req).await.unwrap()).await
}

// The only test of this binary: the global subscriber is in place before
// any callsite is registered. A 403 (token verified, no scope) and a 401
// (token unknown) are logged; the allowed request is not.
#[tokio::test]
async fn refusals_after_verification_are_logged_with_their_method() {
    let capture = Capture::default();
    tracing::subscriber::set_global_default(capture.clone()).unwrap();
    let layer = ScopeLayer::new(layered::TABLES)
        .realm("layered")
        .authenticate(TOKENS);
    let app = scopes_runtime::handlers![typed_item_delete].protect(layer);
    let a = send(&app, "DELETE", "/typed/items/1", "bob").await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send(&app, "DELETE", "/typed/items/1", "mallory").await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    let a = send(&app, "DELETE", "/typed/items/1", "alice").await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "deleted"));
    let denials: Vec<_> = capture
        .events()
        .into_iter()
        .filter(|e| e.target == "scopes::deny")
        .map(|e| {
            (
                e.field("method").map(str::to_owned),
                e.field("route").map(str::to_owned),
            )
        })
        .collect();
    let expected = (
        Some("DELETE".to_owned()),
        Some("/typed/items/{id}".to_owned()),
    );
    assert_eq!(denials, [expected.clone(), expected]);
}
