//! The example service over real HTTP on 127.0.0.1:0: each RFC 6750
//! outcome, the spec's special routes, and Fluveo's write-without-read
//! through a runtime-loaded spec.

use axum::Router;
use foxy_store::{app, token};
use reqwest::{Method, StatusCode};
use scopes_runtime::axum::{BodyFormat, ScopeLayer, SpecRouter};

const SECRET: &[u8] = b"test-secret";

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

struct Reply {
    status: StatusCode,
    www: String,
    allow: String,
    body: String,
}

async fn call(base: &str, method: &str, path: &str, bearer: Option<&str>) -> Reply {
    let mut req = reqwest::Client::new().request(
        Method::from_bytes(method.as_bytes()).unwrap(),
        format!("{base}{path}"),
    );
    if let Some(b) = bearer {
        req = req.header("authorization", format!("Bearer {b}"));
    }
    let res = req.send().await.unwrap();
    let header = |h: &str| {
        res.headers()
            .get(h)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (status, www, allow) = (res.status(), header("www-authenticate"), header("allow"));
    Reply {
        status,
        www,
        allow,
        body: res.text().await.unwrap_or_default(),
    }
}

async fn as_scope(base: &str, method: &str, path: &str, scope: &str) -> Reply {
    call(base, method, path, Some(&token(SECRET, scope))).await
}

#[tokio::test]
async fn allow_deny_and_rfc6750_challenges() {
    let base = serve(app(SECRET, BodyFormat::Text)).await;

    let r = as_scope(&base, "GET", "/transactions/7", "transactions_read").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("\"id\":\"7\""));

    // 403 names a scope that would do (RFC 6750 §3.1 insufficient_scope).
    let r = as_scope(&base, "GET", "/transactions/7", "carts_read").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        r.www,
        "Bearer realm=\"foxy\", error=\"insufficient_scope\", scope=\"transactions_read\", \
         resource_metadata=\"https://api.foxy.example/.well-known/oauth-protected-resource\""
    );

    // No credentials: 401 with a bare challenge (RFC 6750 §3).
    let r = call(&base, "GET", "/transactions/7", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.www,
        "Bearer realm=\"foxy\", \
         resource_metadata=\"https://api.foxy.example/.well-known/oauth-protected-resource\""
    );

    // A verified token whose scope string is malformed: invalid_token.
    let r = as_scope(&base, "GET", "/transactions/7", "transactions_read \"x\"").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(
        r.www
            .starts_with("Bearer realm=\"foxy\", error=\"invalid_token\""),
        "{}",
        r.www
    );

    // A token that does not verify: invalid_token from the auth layer.
    let r = call(&base, "GET", "/transactions/7", Some("not.a.jwt")).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.www.contains("error=\"invalid_token\""));
}

#[tokio::test]
async fn unknown_routes_and_methods_are_never_2xx() {
    let base = serve(app(SECRET, BodyFormat::Text)).await;
    let all = token(SECRET, "store_full_access");
    for path in [
        "/nope",
        "/transactions",
        "/transactions/7/",
        "/transactions//7",
        "/transactions/%2e%2e",
    ] {
        let r = call(&base, "GET", path, Some(&all)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    // The spec serves only POST on a resend route.
    let r = call(&base, "GET", "/transactions/7/send_emails", Some(&all)).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.allow, "POST");
}

#[tokio::test]
async fn head_and_options_follow_read() {
    let base = serve(app(SECRET, BodyFormat::Text)).await;
    assert_eq!(
        as_scope(&base, "HEAD", "/transactions/7", "transactions_read")
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        as_scope(&base, "HEAD", "/transactions/7", "carts_read")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        as_scope(&base, "OPTIONS", "/transactions/7", "transactions_read")
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        call(&base, "OPTIONS", "/transactions/7", None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn resend_action_shared_and_superuser_routes() {
    let base = serve(app(SECRET, BodyFormat::Text)).await;
    // Write does not grant resend.
    let r = as_scope(
        &base,
        "POST",
        "/transactions/7/send_emails",
        "transactions_write",
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        r.www.contains("scope=\"transactions_resend\","),
        "{}",
        r.www
    );
    assert_eq!(
        as_scope(
            &base,
            "POST",
            "/transactions/7/send_emails",
            "transactions_resend"
        )
        .await
        .status,
        StatusCode::OK
    );
    assert_eq!(
        as_scope(&base, "POST", "/stores/1/send_webhooks", "webhooks_write")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        as_scope(&base, "POST", "/stores/1/send_webhooks", "webhooks_resend")
            .await
            .status,
        StatusCode::OK
    );
    // {transaction_action}: capture/void/refund need write.
    assert_eq!(
        as_scope(
            &base,
            "POST",
            "/transactions/7/capture",
            "transactions_write"
        )
        .await
        .status,
        StatusCode::OK
    );
    assert_eq!(
        as_scope(
            &base,
            "POST",
            "/transactions/7/capture",
            "transactions_read"
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    // Listed under Cart and Transaction: either read scope.
    for scope in ["carts_read", "transactions_read", "carts_write"] {
        assert_eq!(
            as_scope(&base, "GET", "/applied_coupon_codes/3", scope)
                .await
                .status,
            StatusCode::OK,
            "{scope}"
        );
    }
    assert_eq!(
        as_scope(&base, "GET", "/applied_coupon_codes/3", "coupons_read")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // store_full_access opens everything, resend included.
    for (m, p) in [
        ("POST", "/transactions/7/send_emails"),
        ("DELETE", "/coupons/1"),
        ("PATCH", "/carts/2"),
        ("GET", "/webhooks/1"),
    ] {
        assert_eq!(
            as_scope(&base, m, p, "store_full_access").await.status,
            StatusCode::OK,
            "{m} {p}"
        );
    }
}

#[tokio::test]
async fn problem_json_bodies() {
    let base = serve(app(SECRET, BodyFormat::ProblemJson)).await;
    let r = as_scope(&base, "GET", "/carts/1", "coupons_read").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let json: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(json["status"], 403);
    assert_eq!(json["title"], "Forbidden");
    assert!(json["detail"].as_str().unwrap().contains("carts_read"));
}

#[tokio::test]
async fn fluveo_write_does_not_imply_read_with_a_runtime_loaded_spec() {
    let spec = scopes_runtime::LoadedSpec::load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../spec/fluveo.yaml"
    ))
    .unwrap();
    async fn ok() -> &'static str {
        "ok"
    }
    let router = SpecRouter::new(ScopeLayer::new(spec).realm("fluveo"))
        .get("/v1/products", ok)
        .post("/v1/products", ok)
        .finish(false)
        .unwrap()
        .layer(axum::middleware::from_fn(
            |mut req: axum::extract::Request, next: axum::middleware::Next| async move {
                // A stand-in authentication layer: the scope string arrives in a header.
                if let Some(s) = req
                    .headers()
                    .get("x-test-scope")
                    .and_then(|v| v.to_str().ok())
                {
                    let s = s.to_owned();
                    req.extensions_mut()
                        .insert(scopes_runtime::TokenScopes::Scope(s));
                }
                next.run(req).await
            },
        ));
    let base = serve(router).await;
    let client = reqwest::Client::new();
    let send = |m: Method, scope: &'static str| {
        let c = client.clone();
        let url = format!("{base}/v1/products");
        async move {
            c.request(m, url)
                .header("x-test-scope", scope)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(
        send(Method::GET, "write_products").await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(send(Method::GET, "read_products").await, StatusCode::OK);
    assert_eq!(send(Method::POST, "write_products").await, StatusCode::OK);
    assert_eq!(
        send(Method::POST, "read_products").await,
        StatusCode::FORBIDDEN
    );
    // Fluveo's extra delimiter.
    assert_eq!(
        send(Method::GET, "write_products,read_products").await,
        StatusCode::OK
    );
}

#[test]
fn registration_is_checked_against_the_spec() {
    async fn ok() -> &'static str {
        "ok"
    }
    let err = SpecRouter::<()>::new(ScopeLayer::new(foxy_store::foxy::TABLES))
        .get("/transactions/{id}", ok)
        .get("/not/in/spec", ok)
        .post("/transactions/{id}/send_emails", ok)
        .delete("/transactions/{id}/send_emails", ok)
        .finish(true)
        .unwrap_err();
    assert_eq!(
        err.not_in_spec,
        vec![
            ("GET".to_owned(), "/not/in/spec".to_owned()),
            (
                "DELETE".to_owned(),
                "/transactions/{id}/send_emails".to_owned()
            )
        ]
    );
    // Strict: everything else of the spec is unserved (7 methods × 183 routes, less what is served).
    assert!(
        err.not_served
            .contains(&("PUT".to_owned(), "/transactions/{id}".to_owned()))
    );
    assert!(
        !err.not_served
            .contains(&("HEAD".to_owned(), "/transactions/{id}".to_owned()))
    );
    assert!(
        err.to_string()
            .contains("registered but not in the spec: GET /not/in/spec")
    );
}
