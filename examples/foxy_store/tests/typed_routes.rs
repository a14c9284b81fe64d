//! Typed routes answer as `ScopeLayer` does: the same statuses and
//! `WWW-Authenticate` challenges, over HTTP on 127.0.0.1, for allowed,
//! 401, 403, 404 and 405 requests. The reference is the same handlers
//! served through `SpecRouter` + `ScopeLayer`; for the example service
//! (JWTs verified by the layer), the same routes through `SpecRouter` and
//! the same layer.

use axum::Router;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use reqwest::{Method, StatusCode};
use scopes_runtime::axum::{BodyFormat, Responses, ScopeLayer, SpecRouter};
use scopes_runtime::{TokenScopes, requires_scope};

mod foxy {
    scopes_runtime::include_spec!();
}

#[requires_scope(route = "GET /transactions/{id}")]
async fn show_transaction() -> &'static str {
    "ok"
}

#[requires_scope(route = "OPTIONS /transactions/{id}")]
async fn transaction_options() -> &'static str {
    "ok"
}

#[requires_scope(route = "POST /transactions/{id}/send_emails")]
async fn send_emails() -> &'static str {
    "ok"
}

#[requires_scope(route = "POST /transactions/{id}/{transaction_action}")]
async fn act() -> &'static str {
    "ok"
}

#[requires_scope(route = "GET /applied_coupon_codes/{id}")]
async fn coupon_code() -> &'static str {
    "ok"
}

#[requires_scope(route = "DELETE /coupons/{id}")]
async fn delete_coupon() -> &'static str {
    "ok"
}

async fn ok() -> &'static str {
    "ok"
}

/// The test's authentication: `x-scope` carries the granted scopes.
async fn scopes_from_header(mut req: Request, next: Next) -> Response {
    if let Some(s) = req.headers().get("x-scope").and_then(|v| v.to_str().ok()) {
        let scopes = TokenScopes::Scope(s.to_owned());
        req.extensions_mut().insert(scopes);
    }
    next.run(req).await
}

fn typed() -> Router {
    scopes_runtime::handlers![
        show_transaction,
        transaction_options,
        send_emails,
        act,
        coupon_code,
        delete_coupon,
    ]
    .enforce(foxy::TABLES, Responses::new("foxy", BodyFormat::Text))
    .layer(middleware::from_fn(scopes_from_header))
}

fn layered() -> Router {
    SpecRouter::new(ScopeLayer::new(foxy::TABLES).realm("foxy"))
        .get("/transactions/{id}", ok)
        .options("/transactions/{id}", ok)
        .post("/transactions/{id}/send_emails", ok)
        .post("/transactions/{id}/{transaction_action}", ok)
        .get("/applied_coupon_codes/{id}", ok)
        .delete("/coupons/{id}", ok)
        .finish(false)
        .unwrap()
        .layer(middleware::from_fn(scopes_from_header))
}

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

async fn answer(base: &str, method: &str, path: &str, scope: Option<&str>) -> (StatusCode, String) {
    let mut req = reqwest::Client::new().request(
        Method::from_bytes(method.as_bytes()).unwrap(),
        format!("{base}{path}"),
    );
    if let Some(s) = scope {
        req = req.header("x-scope", s);
    }
    let res = req.send().await.unwrap();
    let www = res
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (res.status(), www)
}

#[tokio::test]
async fn typed_routes_answer_as_the_scope_layer_does() {
    let (typed, layered) = (serve(typed()).await, serve(layered()).await);
    let requests = [
        ("GET", "/transactions/7"),
        ("HEAD", "/transactions/7"),
        ("OPTIONS", "/transactions/7"),
        ("DELETE", "/transactions/7/send_emails"),
        ("POST", "/transactions/7/send_emails"),
        ("GET", "/transactions/7/send_emails"),
        ("POST", "/transactions/7/capture"),
        ("GET", "/applied_coupon_codes/3"),
        ("DELETE", "/coupons/1"),
        ("GET", "/transactions//7"),
        ("GET", "/transactions/%2e%2e"),
        // Not the handlers' plain paths: a query string, a percent-encoded
        // unreserved byte (RFC 3986 §6.2.2.2: not canonical), dot segments.
        ("GET", "/transactions/7?expand=1"),
        ("GET", "/transactions/%37"),
        ("POST", "/transactions/7/%63apture"),
        ("GET", "/transactions/."),
        ("GET", "/nope"),
    ];
    let scopes = [
        None,
        Some(""),
        Some("transactions_read"),
        Some("transactions_write"),
        Some("transactions_resend"),
        Some("carts_read coupons_write"),
        Some("store_full_access"),
        // One byte from `transactions_resend`: an unknown name, no grant
        // (typed routes keep parsed strings per thread: never another's).
        Some("transactions_resent"),
        Some("bad\"scope"),
    ];
    let mut seen = std::collections::BTreeSet::new();
    // Each token once per request, then each request once per token (the
    // same string again and again: typed routes parse it once).
    let by_request = requests
        .iter()
        .flat_map(|&r| scopes.iter().map(move |&s| (r, s)));
    let by_token = scopes
        .iter()
        .flat_map(|&s| requests.iter().map(move |&r| (r, s)));
    for ((method, path), scope) in by_request.chain(by_token) {
        let want = answer(&layered, method, path, scope).await;
        let got = answer(&typed, method, path, scope).await;
        assert_eq!(got, want, "{method} {path} as {scope:?}");
        seen.insert(want.0.as_u16());
    }
    // Every outcome the comparison is about occurred.
    for status in [200, 401, 403, 404, 405] {
        assert!(seen.contains(&status), "{status} never seen: {seen:?}");
    }
}

/// The reference for the example service: the same routes through
/// `SpecRouter` + the same JWT `ScopeLayer` (`foxy_store::protection`).
fn layered_jwt(secret: &[u8]) -> Router {
    let layer = foxy_store::protection(secret, BodyFormat::Text);
    SpecRouter::new(layer)
        .get("/stores/{id}", ok)
        .get("/carts/{id}", ok)
        .patch("/carts/{id}", ok)
        .get("/applied_coupon_codes/{id}", ok)
        .get("/transactions/{id}", ok)
        .options("/transactions/{id}", ok)
        .post("/transactions/{id}/send_emails", ok)
        .post("/transactions/{id}/{transaction_action}", ok)
        .get("/customers/{id}", ok)
        .post("/stores/{id}/customers", ok)
        .delete("/coupons/{id}", ok)
        .post("/stores/{id}/send_webhooks", ok)
        .get("/webhooks/{id}", ok)
        .finish(false)
        .unwrap()
}

/// Status, challenge and `Allow` of one request with these `Authorization`
/// values.
async fn answer_jwt(base: &str, method: &str, path: &str, auth: &[&str]) -> [String; 3] {
    let mut req = reqwest::Client::new().request(
        Method::from_bytes(method.as_bytes()).unwrap(),
        format!("{base}{path}"),
    );
    for a in auth {
        req = req.header("authorization", *a);
    }
    let res = req.send().await.unwrap();
    let header = |h: &str| {
        res.headers()
            .get(h)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let mut allow: Vec<String> = header("allow")
        .split(',')
        .map(|m| m.trim().to_owned())
        .collect();
    allow.sort();
    [
        res.status().to_string(),
        header("www-authenticate"),
        allow.join(","),
    ]
}

/// The example service (typed routes protected by the library's JWT layer)
/// answers every request as `SpecRouter` + the same layer does, in the
/// same order of checks: an invalid token on a path or method the router
/// does not serve is still a 404 or 405.
#[tokio::test]
async fn the_example_answers_as_spec_router_with_the_same_layer() {
    const SECRET: &[u8] = b"typed-jwt";
    let typed = serve(foxy_store::app(SECRET, BodyFormat::Text)).await;
    let layered = serve(layered_jwt(SECRET)).await;
    let bearer = |scope: &str| format!("Bearer {}", foxy_store::token(SECRET, scope));
    let (read, write, full) = (
        bearer("transactions_read"),
        bearer("transactions_write"),
        bearer("store_full_access"),
    );
    let other_key = format!(
        "Bearer {}",
        foxy_store::token(b"other", "store_full_access")
    );
    let auths: [&[&str]; 7] = [
        &[],
        &[&read],
        &[&write],
        &[&full],
        &["Bearer not.a.jwt"],
        &[&other_key],
        &[&full, &read],
    ];
    let requests = [
        ("GET", "/transactions/7"),
        ("HEAD", "/transactions/7"),
        ("OPTIONS", "/transactions/7"),
        ("POST", "/transactions/7/send_emails"),
        ("GET", "/transactions/7/send_emails"),
        ("POST", "/transactions/7/capture"),
        ("PUT", "/carts/1"),
        ("GET", "/transactions//7"),
        ("GET", "/nope"),
        ("GET", "/.well-known/oauth-protected-resource"),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for (method, path) in requests {
        for auth in auths {
            let want = answer_jwt(&layered, method, path, auth).await;
            let got = answer_jwt(&typed, method, path, auth).await;
            assert_eq!(got, want, "{method} {path} with {} credentials", auth.len());
            seen.insert(want[0].clone());
        }
    }
    for status in [
        "200 OK",
        "400 Bad Request",
        "401 Unauthorized",
        "403 Forbidden",
    ] {
        assert!(seen.contains(status), "{status} never seen: {seen:?}");
    }
    for status in ["404 Not Found", "405 Method Not Allowed"] {
        assert!(seen.contains(status), "{status} never seen: {seen:?}");
    }
}

/// The test's authentication for a router with no `ScopeLayer`: the
/// granted scopes from `x-scope`, and the spec to parse them with.
async fn scopes_and_spec(mut req: Request, next: Next) -> Response {
    req.extensions_mut()
        .insert(scopes_runtime::Engine::from(foxy::TABLES));
    scopes_from_header(req, next).await
}

/// `into_router()`: no layer at all. Each typed handler decides as the
/// `Require` extractor does (the reference: the same functions routed by
/// plain axum, so their first parameter is extracted), and on top of it
/// denies a non-canonical path that axum routed to it.
#[tokio::test]
async fn into_router_decides_as_the_require_extractor() {
    use axum::routing::{delete, get, post};
    let typed = scopes_runtime::handlers![
        show_transaction,
        transaction_options,
        send_emails,
        act,
        coupon_code,
        delete_coupon,
    ]
    .into_router()
    .layer(middleware::from_fn(scopes_and_spec));
    let extractor = Router::new()
        .route(
            "/transactions/{id}",
            get(show_transaction).options(transaction_options),
        )
        .route("/transactions/{id}/send_emails", post(send_emails))
        .route("/transactions/{id}/{transaction_action}", post(act))
        .route("/applied_coupon_codes/{id}", get(coupon_code))
        .route("/coupons/{id}", delete(delete_coupon))
        .layer(middleware::from_fn(scopes_and_spec));
    let (typed, extractor) = (serve(typed).await, serve(extractor).await);
    let requests = [
        ("GET", "/transactions/7"),
        ("OPTIONS", "/transactions/7"),
        ("POST", "/transactions/7/send_emails"),
        ("POST", "/transactions/7/capture"),
        ("GET", "/applied_coupon_codes/3"),
        ("DELETE", "/coupons/1"),
    ];
    let scopes = [
        None,
        Some("transactions_read"),
        Some("transactions_write"),
        Some("carts_read coupons_write"),
        Some("store_full_access"),
        Some("bad\"scope"),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for (method, path) in requests {
        for scope in scopes {
            let want = answer(&extractor, method, path, scope).await;
            let got = answer(&typed, method, path, scope).await;
            assert_eq!(got, want, "{method} {path} as {scope:?}");
            seen.insert(want.0.as_u16());
        }
    }
    for status in [200, 401, 403] {
        assert!(seen.contains(&status), "{status} never seen: {seen:?}");
    }
    // axum routes these to a handler (an empty parameter, an escaped `A`,
    // a `;` path parameter: the extractor alone lets them through); the
    // typed handler refuses them, as `ScopeLayer` does.
    for path in [
        "/transactions//capture",
        "/transactions/%41/capture",
        "/transactions/7;a/capture",
    ] {
        let full = Some("store_full_access");
        let (routed, _) = answer(&extractor, "POST", path, full).await;
        assert_eq!(routed, StatusCode::OK, "{path} reaches the handler");
        let (status, _) = answer(&typed, "POST", path, full).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
}
