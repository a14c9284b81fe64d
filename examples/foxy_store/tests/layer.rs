//! The resource-server layer over real HTTP on 127.0.0.1, beyond the
//! example's own routes: what a 403 names, opaque tokens through an
//! RFC 7662 introspection test double, and the `Require` extractor without
//! `SpecRouter` (issue #9 item 6).

use axum::Router;
use axum::routing::{get, post};
use reqwest::StatusCode;
use scopes_runtime::authenticate::{BoxFuture, Introspect, Introspected, Introspection};
use scopes_runtime::axum::ScopeLayer;
use scopes_runtime::{Engine, LoadedSpec, TokenError, TokenScopes, requires_scope};

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

struct Reply {
    status: StatusCode,
    www: String,
}

async fn send(method: &str, url: String, bearer: Option<&str>) -> Reply {
    let mut req = reqwest::Client::new().request(method.parse().unwrap(), url);
    if let Some(b) = bearer {
        req = req.header("authorization", format!("Bearer {b}"));
    }
    let res = req.send().await.unwrap();
    Reply {
        status: res.status(),
        www: res
            .headers()
            .get("www-authenticate")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default(),
    }
}

/// A shop whose checkout needs `orders_write` AND (`payments_write` OR
/// `payments_admin`); `shop_admin` is a superuser.
const SHOP: &str = "\
name: shop
scopes:
  orders_write: {description: Place orders}
  payments_write: {description: Take payments}
  payments_admin: {description: Administer payments}
  shop_admin: {description: Everything, superuser: true}
routes:
  - {path: /checkout, methods: [POST], requires: {all: [orders_write, {any: [payments_write, payments_admin]}]}}
  - {path: /health, methods: [GET], public: true}
";

/// An authorization server's introspection endpoint, as a test double: a
/// fixed table of opaque tokens, no network.
struct FakeIntrospection;

impl Introspect for FakeIntrospection {
    fn introspect(&self, token: &str) -> BoxFuture<Result<Introspected, TokenError>> {
        let active = |scope: &str| Introspected {
            active: true,
            scope: Some(scope.to_owned()),
            aud: vec!["https://shop.example".to_owned()],
            ..Introspected::default()
        };
        let now = foxy_store::now();
        let answer = match token {
            "orders" => Ok(active("orders_write")),
            "pay-admin" => Ok(active("payments_admin")),
            "both" => Ok(active("orders_write payments_write")),
            "admin" => Ok(active("shop_admin")),
            "no-scope" => Ok(Introspected {
                scope: None,
                ..active("")
            }),
            "expired" => Ok(Introspected {
                exp: Some(now - 3600),
                ..active("orders_write payments_write")
            }),
            "other-aud" => Ok(Introspected {
                aud: vec!["https://elsewhere.example".to_owned()],
                ..active("orders_write payments_write")
            }),
            "down" => Err(TokenError::new("the authorization server is unavailable")),
            _ => Ok(Introspected::default()), // inactive
        };
        Box::pin(std::future::ready(answer))
    }
}

async fn shop() -> String {
    let spec = LoadedSpec::from_str("shop.yaml", SHOP).unwrap();
    let layer = ScopeLayer::new(spec)
        .realm("shop")
        .authenticate(Introspection::new(FakeIntrospection).audience("https://shop.example"));
    let router = Router::new()
        .route("/checkout", post(|| async { "ordered" }))
        .route("/health", get(|| async { "ok" }))
        .layer(layer);
    serve(router).await
}

/// The 403's `scope` names every scope the request needs (one per group:
/// the granted one where the token meets the group, else the group's first
/// scope; never the superuser), so one step-up suffices.
#[tokio::test]
async fn insufficient_scope_names_every_needed_scope() {
    let base = shop().await;
    let url = || format!("{base}/checkout");
    let r = send("POST", url(), Some("orders")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        r.www,
        "Bearer realm=\"shop\", error=\"insufficient_scope\", scope=\"orders_write payments_write\""
    );
    let r = send("POST", url(), Some("pay-admin")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        r.www.contains("scope=\"orders_write payments_admin\""),
        "{}",
        r.www
    );
    let r = send("POST", url(), Some("no-scope")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        r.www.contains("scope=\"orders_write payments_write\""),
        "{}",
        r.www
    );
    // Asking for what the 403 named is enough.
    assert_eq!(
        send("POST", url(), Some("both")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        send("POST", url(), Some("admin")).await.status,
        StatusCode::OK
    );
}

/// RFC 7662: inactive, expired and foreign-audience tokens are
/// `invalid_token`; a failing introspection endpoint refuses too.
#[tokio::test]
async fn opaque_tokens_through_introspection() {
    let base = shop().await;
    for (token, why) in [
        ("unknown", "not active"),
        ("expired", "expired"),
        ("other-aud", "another audience"),
        ("down", "unavailable"),
    ] {
        let r = send("POST", format!("{base}/checkout"), Some(token)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{token}");
        assert!(
            r.www.contains("error=\"invalid_token\""),
            "{token}: {}",
            r.www
        );
        assert!(r.www.contains(why), "{token}: {}", r.www);
    }
    let r = send("POST", format!("{base}/checkout"), None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.www, "Bearer realm=\"shop\"");
    assert_eq!(
        send("GET", format!("{base}/health"), None).await.status,
        StatusCode::OK
    );
}

/// Stricter than the spec's `transactions_read` for the route, so the
/// extractor, not the layer, is what refuses a read-only token.
#[requires_scope(transactions_write)]
async fn edit() -> &'static str {
    "edited"
}

/// Issue #9 item 6: `Require` behind a plain axum router with the layer
/// (no `SpecRouter`) answers with the layer's realm and metadata URL.
#[tokio::test]
async fn require_extractor_behind_the_layer_without_spec_router() {
    let layer = foxy_store::protection(b"k", scopes_runtime::axum::BodyFormat::Text);
    let router = Router::new()
        .route("/transactions/{id}", get(edit))
        .layer(layer);
    let base = serve(router).await;
    let url = || format!("{base}/transactions/1");
    let read = foxy_store::token(b"k", "transactions_read");
    let r = send("GET", url(), Some(&read)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        r.www,
        "Bearer realm=\"foxy\", error=\"insufficient_scope\", scope=\"transactions_write\", \
         resource_metadata=\"https://api.foxy.example/.well-known/oauth-protected-resource\""
    );
    let write = foxy_store::token(b"k", "transactions_write");
    assert_eq!(
        send("GET", url(), Some(&write)).await.status,
        StatusCode::OK
    );
}

/// Issue #9 item 6: `Require` with no enforcement layer at all: your own
/// authentication inserts `TokenScopes` and an `Engine`; refusals use the
/// defaults (realm `api`).
#[tokio::test]
async fn require_extractor_without_any_layer() {
    let router = Router::new()
        .route("/edit", get(edit))
        .layer(axum::middleware::from_fn(
            |mut req: axum::extract::Request, next: axum::middleware::Next| async move {
                let scope = req
                    .headers()
                    .get("x-test-scope")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                if let Some(s) = scope {
                    req.extensions_mut().insert(TokenScopes::Scope(s));
                }
                req.extensions_mut()
                    .insert(Engine::from(foxy_store::foxy::TABLES));
                next.run(req).await
            },
        ));
    let base = serve(router).await;
    let client = reqwest::Client::new();
    let call = |scope: Option<&'static str>| {
        let mut req = client.get(format!("{base}/edit"));
        if let Some(s) = scope {
            req = req.header("x-test-scope", s);
        }
        async move { req.send().await.unwrap() }
    };
    let r = call(None).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers()["www-authenticate"], "Bearer realm=\"api\"");
    let r = call(Some("transactions_read")).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        r.headers()["www-authenticate"],
        "Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"transactions_write\""
    );
    let r = call(Some("transactions_read \"x")).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        call(Some("transactions_write")).await.status(),
        StatusCode::OK
    );
}
