//! The authenticated level (`authenticated: true`: any valid token, no
//! particular scope) over HTTP on 127.0.0.1, through `ScopeLayer` on an
//! axum router and through typed routes (`#[requires_scope(route = …)]`,
//! `handlers!`): 401 without a token (the same challenge as other
//! protected routes), 200 with any valid token, even one carrying no scope;
//! public and scoped routes as before. Spec: `tests/data/members.yaml`.
#![cfg(feature = "axum")]

mod common;

use axum::Router;
use axum::routing::get;
use common::tokens::Tokens;
use scopes_runtime::layer::ScopeLayer;
use scopes_runtime::{Require, requires_scope};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

mod members {
    scopes_runtime::include_spec!("tests/data/members.yaml");
}

/// Tokens of the test: `none` has no scope claim, `empty` an empty one,
/// `read` and `write` one scope; anything else is invalid.
const TOKENS: Tokens = Tokens(&[
    ("none", None),
    ("empty", Some("")),
    ("read", Some("posts_read")),
    ("write", Some("posts_write")),
]);

fn layer() -> ScopeLayer<Tokens> {
    layer_over(members::TABLES)
}

fn layer_over(engine: impl Into<scopes_runtime::Engine>) -> ScopeLayer<Tokens> {
    ScopeLayer::new(engine)
        .realm("members")
        .authenticate(TOKENS)
}

#[requires_scope(spec = "tests/data/members.yaml", route = "GET /typed/health")]
async fn typed_health() -> &'static str {
    "ok"
}

#[requires_scope(spec = "tests/data/members.yaml", route = "GET /typed/me")]
async fn typed_me() -> &'static str {
    "ok"
}

// Naming a scope on an authenticated route is fine: it asks for more.
#[requires_scope(
    spec = "tests/data/members.yaml",
    posts_read,
    route = "GET /typed/named"
)]
async fn typed_named() -> &'static str {
    "ok"
}

#[requires_scope(spec = "tests/data/members.yaml", route = "GET /typed/posts")]
async fn typed_posts() -> &'static str {
    "ok"
}

/// Serve `app` on 127.0.0.1 and return its address.
async fn serve(app: Router) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// One HTTP/1.1 request over a raw socket: (status, WWW-Authenticate).
async fn send(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let auth = token.map_or_else(String::new, |t| format!("Authorization: Bearer {t}\r\n"));
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let status = response[9..12].parse().unwrap();
    let challenge = response
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .starts_with("www-authenticate:")
                .then(|| l["www-authenticate:".len()..].trim().to_owned())
        })
        .unwrap_or_default();
    (status, challenge)
}

const CHALLENGE: &str = "Bearer realm=\"members\"";

async fn check_levels(addr: std::net::SocketAddr, prefix: &str) {
    let me = format!("{prefix}/me");
    // No token: 401 with the challenge every protected route gives.
    assert_eq!(
        send(addr, "GET", &me, None).await,
        (401, CHALLENGE.to_owned()),
        "{me}"
    );
    let posts = format!("{prefix}/posts");
    assert_eq!(
        send(addr, "GET", &posts, None).await,
        (401, CHALLENGE.to_owned()),
        "{posts}"
    );
    // Any valid token: with no scope claim, an empty one, or a scope.
    for token in ["none", "empty", "read"] {
        assert_eq!(
            send(addr, "GET", &me, Some(token)).await.0,
            200,
            "{me} {token}"
        );
    }
    // An invalid token is still refused.
    let (status, challenge) = send(addr, "GET", &me, Some("forged")).await;
    assert_eq!(status, 401, "{me}");
    assert!(challenge.contains("invalid_token"), "{challenge}");
    // Public: anyone.
    let health = format!("{prefix}/health");
    assert_eq!(send(addr, "GET", &health, None).await.0, 200, "{health}");
    assert_eq!(
        send(addr, "GET", &health, Some("none")).await.0,
        200,
        "{health}"
    );
    // Scoped: 403 without the scope, 200 with it.
    for token in ["none", "empty"] {
        let (status, challenge) = send(addr, "GET", &posts, Some(token)).await;
        assert_eq!(status, 403, "{posts} {token}");
        assert!(challenge.contains("scope=\"posts_read\""), "{challenge}");
    }
    assert_eq!(
        send(addr, "GET", &posts, Some("read")).await.0,
        200,
        "{posts}"
    );
    assert_eq!(
        send(addr, "GET", &posts, Some("write")).await.0,
        200,
        "{posts}"
    );
}

fn untyped_app(layer: ScopeLayer<Tokens>) -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/me", get(|| async { "ok" }))
        .route("/posts", get(|| async { "ok" }).post(|| async { "ok" }))
        .layer(layer)
}

/// The same over a spec loaded at runtime (the dynamic engine).
#[cfg(feature = "dynamic")]
#[tokio::test]
async fn a_loaded_spec_lets_any_valid_token_in_and_nobody_else() {
    let text = std::fs::read_to_string("tests/data/members.yaml").unwrap();
    let loaded = scopes_runtime::LoadedSpec::from_str("members.yaml", &text).unwrap();
    let addr = serve(untyped_app(layer_over(loaded))).await;
    check_levels(addr, "").await;
}

#[tokio::test]
async fn the_layer_lets_any_valid_token_in_and_nobody_else() {
    let addr = serve(untyped_app(layer())).await;
    check_levels(addr, "").await;
    assert_eq!(send(addr, "POST", "/posts", Some("read")).await.0, 403);
    assert_eq!(send(addr, "POST", "/posts", Some("write")).await.0, 200);
}

#[tokio::test]
async fn typed_routes_let_any_valid_token_in_and_nobody_else() {
    let app = scopes_runtime::handlers![typed_health, typed_me, typed_named, typed_posts]
        .protect(layer());
    let addr = serve(app).await;
    check_levels(addr, "/typed").await;
    // The handler that names a scope on an authenticated route needs it.
    assert_eq!(send(addr, "GET", "/typed/named", None).await.0, 401);
    assert_eq!(
        send(addr, "GET", "/typed/named", Some("empty")).await.0,
        403
    );
    assert_eq!(send(addr, "GET", "/typed/named", Some("read")).await.0, 200);
}

#[test]
fn a_request_without_a_token_is_not_a_token_without_scopes() {
    use scopes_runtime::Granted;
    let tables = members::TABLES;
    let anonymous = Granted::empty(tables);
    let token = Granted::no_scopes(tables);
    assert!(!anonymous.has_token() && token.has_token());
    assert!(Granted::parse(tables, "").unwrap().has_token());
    assert!(Require::<typed_me>::check(&anonymous).is_err());
    assert!(Require::<typed_me>::check(&token).is_ok());
    assert!(Require::<typed_posts>::check(&token).is_err());
    assert!(Require::<typed_health>::check(&anonymous).is_ok());
    // The decision API says the same.
    let me = tables.authorize_token("GET", "/me", anonymous.token());
    assert_eq!(me.reason(), "unauthenticated");
    assert!(
        tables
            .authorize_token("GET", "/me", token.token())
            .is_allowed()
    );
}

#[test]
fn route_info_keeps_the_level() {
    // Public: no group; authenticated: one group naming no scope.
    let public = members::routes::HEALTH.requirement("GET").unwrap();
    let me = members::routes::ME.requirement("GET").unwrap();
    assert!(public.is_empty());
    assert_eq!(me.len(), 1);
    assert!(me[0].is_empty());
}

/// `SpecRouter::finish`: in strict mode a spec route no handler serves is
/// refused even when every registered route is the spec's; without strict
/// mode it is allowed, and a registered route the spec lacks is refused in
/// both.
#[test]
fn spec_router_lists_unknown_and_unserved_routes() {
    use scopes_runtime::axum::SpecRouter;
    let known = || SpecRouter::<(), Tokens>::new(layer()).get("/posts", || async { "ok" });
    let err = known().finish(true).expect_err("strict: routes not served");
    assert!(err.not_in_spec.is_empty(), "{err:?}");
    assert!(
        err.not_served
            .contains(&("POST".to_owned(), "/posts".to_owned())),
        "{err:?}"
    );
    assert!(known().finish(false).is_ok());
    let unknown = || SpecRouter::<(), Tokens>::new(layer()).get("/nowhere", || async { "ok" });
    for strict in [false, true] {
        let err = unknown()
            .finish(strict)
            .expect_err("a route the spec lacks");
        assert_eq!(err.not_in_spec, [("GET".to_owned(), "/nowhere".to_owned())]);
    }
}

/// `into_router` (no layer): a verified token without a scope claim, left
/// by an outer layer as `TokenInfo`, meets the authenticated level and no
/// scope; without it, the authenticated level is a 401.
#[tokio::test]
async fn into_router_admits_a_token_without_scopes_at_the_authenticated_level() {
    use scopes_runtime::authenticate::TokenInfo;
    use tower::ServiceExt;
    let info = TokenInfo {
        scopes: None,
        subject: Some("t".to_owned()),
        client_id: None,
    };
    let engine = axum::Extension(scopes_runtime::Engine::from(members::TABLES));
    let typed = || scopes_runtime::handlers![typed_me, typed_posts].into_router();
    let with_token = typed().layer(axum::Extension(info)).layer(engine.clone());
    let without = typed().layer(engine);
    let status = |app: &Router, path: &'static str| {
        let req = axum::http::Request::get(path)
            .body(axum::body::Body::empty())
            .unwrap();
        let app = app.clone();
        async move { app.oneshot(req).await.unwrap().status().as_u16() }
    };
    assert_eq!(status(&with_token, "/typed/me").await, 200);
    assert_eq!(status(&with_token, "/typed/posts").await, 403);
    assert_eq!(status(&without, "/typed/me").await, 401);
}
