//! `ScopeLayer` on a plain tower service (no axum): generic request and
//! response bodies, the spec's own matcher, RFC 9728 metadata at the
//! path-suffixed well-known URL, and refusals as bodies of the same type.
#![cfg(feature = "http")]

use std::convert::Infallible;

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use scopes_runtime::TokenScopes;
use scopes_runtime::layer::ScopeLayer;
use scopes_runtime::metadata::ResourceMetadata;
use tower::{Layer, ServiceExt};

mod foxy {
    scopes_runtime::include_spec!("../spec/foxy.yaml");
}

async fn handler(req: Request<Full<Bytes>>) -> Result<Response<Full<Bytes>>, Infallible> {
    let route = req
        .extensions()
        .get::<scopes_runtime::layer::Authorized>()
        .map(|a| a.route.clone())
        .unwrap_or_default();
    Ok(Response::new(Full::new(Bytes::from(route))))
}

/// Send one request through the layer; `scope` stands in for an outer
/// authentication layer.
async fn call(
    method: &str,
    uri: &[u8],
    scope: Option<&str>,
) -> (StatusCode, http::HeaderMap, String) {
    let metadata = ResourceMetadata::new("https://api.foxy.example/v1", foxy::TABLES).unwrap();
    let layer = ScopeLayer::new(foxy::TABLES)
        .realm("foxy")
        .metadata(metadata);
    let service = layer.layer(tower::service_fn(handler));
    let mut req = Request::builder()
        .method(method)
        .uri(http::Uri::try_from(uri).unwrap())
        .body(Full::new(Bytes::new()))
        .unwrap();
    if let Some(s) = scope {
        req.extensions_mut()
            .insert(TokenScopes::Scope(s.to_owned()));
    }
    let res = service.oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    (
        parts.status,
        parts.headers,
        String::from_utf8(body.to_vec()).unwrap(),
    )
}

#[tokio::test]
async fn allowed_requests_reach_the_service_with_their_route() {
    let (status, _, body) = call("GET", b"/transactions/7", Some("transactions_read")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "/transactions/{id}");
}

#[tokio::test]
async fn refusals_are_bodies_of_the_same_type() {
    let (status, headers, body) = call("GET", b"/transactions/7", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        headers["www-authenticate"],
        "Bearer realm=\"foxy\", resource_metadata=\"https://api.foxy.example/.well-known/oauth-protected-resource/v1\""
    );
    assert_eq!(body, "missing credentials\n");
    let (status, _, _) = call("GET", b"/transactions//7", Some("store_full_access")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Without a router, `Allow` is the spec's methods for the route.
    let (status, headers, _) = call("GET", b"/transactions/7/send_emails", None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(headers["allow"], "POST");
}

// RFC 9728 §3.1: resource https://api.foxy.example/v1 has its metadata at
// /.well-known/oauth-protected-resource/v1.
#[tokio::test]
async fn metadata_is_served_at_both_well_known_paths() {
    for path in [
        &b"/.well-known/oauth-protected-resource/v1"[..],
        b"/.well-known/oauth-protected-resource",
    ] {
        let (status, headers, body) = call("GET", path, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["content-type"], "application/json");
        let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(doc["resource"], "https://api.foxy.example/v1");
    }
    let (status, _, _) = call("POST", b"/.well-known/oauth-protected-resource/v1", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// A verifier whose answer is not ready at first poll (as a network call
/// would be), mapping opaque tokens to scopes.
#[derive(Clone)]
struct Slow;

struct SlowFuture(
    Option<Result<scopes_runtime::TokenInfo, scopes_runtime::TokenError>>,
    bool,
);

impl std::future::Future for SlowFuture {
    type Output = Result<scopes_runtime::TokenInfo, scopes_runtime::TokenError>;
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        if !self.1 {
            self.1 = true;
            cx.waker().wake_by_ref();
            return std::task::Poll::Pending;
        }
        std::task::Poll::Ready(self.0.take().expect("polled after completion"))
    }
}

impl scopes_runtime::Authenticate for Slow {
    type Future = SlowFuture;
    fn authenticate(&self, token: &str) -> SlowFuture {
        let answer = match token {
            "reader" => Ok(scopes_runtime::TokenInfo {
                scopes: Some(TokenScopes::Scope("transactions_read".into())),
                ..Default::default()
            }),
            _ => Err(scopes_runtime::TokenError::new("unknown token")),
        };
        SlowFuture(Some(answer), false)
    }
}

async fn call_slow(uri: &str, authorization: Option<&str>, query: bool) -> (StatusCode, String) {
    let layer = ScopeLayer::new(foxy::TABLES)
        .bearer_methods(scopes_runtime::bearer::BearerMethods { query })
        .authenticate(Slow);
    let service = layer.layer(tower::service_fn(handler));
    let mut req = Request::builder().uri(uri);
    if let Some(a) = authorization {
        req = req.header("authorization", a);
    }
    let res = service
        .oneshot(req.body(Full::new(Bytes::new())).unwrap())
        .await
        .unwrap();
    let www = res
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (res.status(), www)
}

#[tokio::test]
async fn asynchronous_verification_and_query_tokens() {
    let ok = call_slow("/transactions/7", Some("Bearer reader"), false).await;
    assert_eq!(ok.0, StatusCode::OK);
    let bad = call_slow("/transactions/7", Some("Bearer forged"), false).await;
    assert_eq!(bad.0, StatusCode::UNAUTHORIZED);
    assert!(
        bad.1.contains("error_description=\"unknown token\""),
        "{}",
        bad.1
    );
    // RFC 6750 §2.3: query tokens only when turned on.
    let off = call_slow("/transactions/7?access_token=reader", None, false).await;
    assert_eq!(off.0, StatusCode::UNAUTHORIZED);
    assert!(!off.1.contains("error="), "{}", off.1);
    let on = call_slow("/transactions/7?access_token=reader", None, true).await;
    assert_eq!(on.0, StatusCode::OK);
    // RFC 6750 §2: one method per request.
    let both = call_slow(
        "/transactions/7?access_token=reader",
        Some("Bearer reader"),
        true,
    )
    .await;
    assert_eq!(both.0, StatusCode::BAD_REQUEST);
    assert!(both.1.contains("error=\"invalid_request\""), "{}", both.1);
}
