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

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use common::Answer;
use http::{Request, StatusCode};
use scopes_runtime::authenticate::{Authenticate, TokenError, TokenInfo};
use scopes_runtime::layer::ScopeLayer;
use scopes_runtime::{TokenScopes, requires_scope};
use tower::ServiceExt;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

mod layered {
    scopes_runtime::include_spec!("tests/data/layered.yaml");
}

#[requires_scope(spec = "tests/data/layered.yaml", route = "DELETE /typed/items/{id}")]
async fn typed_item_delete() -> &'static str {
    "deleted"
}

/// Tokens: `alice` carries `s01`, `bob` no scope claim; others do not
/// verify.
#[derive(Clone)]
struct Tokens;

impl Authenticate for Tokens {
    type Future = std::future::Ready<Result<TokenInfo, TokenError>>;

    fn authenticate(&self, token: &str) -> Self::Future {
        let scopes = match token {
            "alice" => Some("s01"),
            "bob" => None,
            _ => return std::future::ready(Err(TokenError::new("unknown token"))),
        };
        std::future::ready(Ok(TokenInfo {
            scopes: scopes.map(|s| TokenScopes::Scope(s.to_owned())),
            subject: Some(token.to_owned()),
            client_id: None,
        }))
    }
}

async fn send(app: &Router, method: &str, uri: &str, token: &str) -> Answer {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    Answer::read(app.clone().oneshot(req).await.unwrap()).await
}

/// The `method` and `route` fields of `scopes::deny` events.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<(String, String)>>>);

struct Fields(Option<String>, Option<String>);

impl Visit for Fields {
    fn record_debug(&mut self, _: &Field, _: &dyn std::fmt::Debug) {}
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "method" => self.0 = Some(value.to_owned()),
            "route" => self.1 = Some(value.to_owned()),
            _ => {}
        }
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        if event.metadata().target() != "scopes::deny" {
            return;
        }
        let mut fields = Fields(None, None);
        event.record(&mut fields);
        let (method, route) = (fields.0.unwrap_or_default(), fields.1.unwrap_or_default());
        self.0.lock().unwrap().push((method, route));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
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
        .authenticate(Tokens);
    let app = scopes_runtime::handlers![typed_item_delete].protect(layer);
    let a = send(&app, "DELETE", "/typed/items/1", "bob").await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send(&app, "DELETE", "/typed/items/1", "mallory").await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    let a = send(&app, "DELETE", "/typed/items/1", "alice").await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "deleted"));
    let route = "/typed/items/{id}".to_owned();
    assert_eq!(
        *capture.0.lock().unwrap(),
        [
            ("DELETE".to_owned(), route.clone()),
            ("DELETE".to_owned(), route)
        ]
    );
}
