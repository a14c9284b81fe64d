//! An example Foxy store API: a dozen endpoints of spec/foxy.yaml, served by
//! axum, enforced by `scopes_runtime::axum::ScopeLayer`, with a JWT layer
//! (HS256, `jsonwebtoken`) that verifies tokens and hands their `scope`
//! (or `scp`) claim to the enforcement layer.

use axum::extract::{Path, Request};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use scopes_runtime::axum::{BodyFormat, ScopeLayer, SpecRouter};
use scopes_runtime::{TokenScopes, requires_scope};
use serde::{Deserialize, Serialize};

/// The generated scope enum and tables of spec/foxy.yaml.
pub mod foxy {
    scopes_runtime::include_spec!();
}

/// JWT claims this example issues and accepts.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// Subject.
    pub sub: String,
    /// Expiry (seconds since the epoch).
    pub exp: u64,
    /// RFC 9068 `scope`: space-delimited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// `scp`: an array of scope names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scp: Option<Vec<String>>,
}

/// Issue an HS256 token carrying `scope`, valid for an hour.
///
/// # Panics
/// Never for HS256 with a byte secret.
#[must_use]
pub fn token(secret: &[u8], scope: &str) -> String {
    let exp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        + 3600;
    let claims = Claims {
        sub: "demo".into(),
        exp,
        scope: Some(scope.into()),
        scp: None,
    };
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret),
    )
    .expect("HS256 encoding does not fail")
}

#[derive(Clone)]
struct Secret(std::sync::Arc<Vec<u8>>);

/// Verify `Authorization: Bearer <jwt>` and pass its scopes on. No header:
/// nothing is inserted, and the enforcement layer answers 401 on
/// protected routes. A bad token is refused here with `invalid_token`.
async fn authenticate(
    secret: axum::extract::State<Secret>,
    mut req: Request,
    next: Next,
) -> Response {
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned);
    if let Some(jwt) = bearer {
        let key = DecodingKey::from_secret(&secret.0.0);
        match jsonwebtoken::decode::<Claims>(&jwt, &key, &Validation::new(Algorithm::HS256)) {
            Ok(data) => {
                if let Some(scopes) = TokenScopes::from_claims(
                    data.claims.scope.as_deref(),
                    data.claims.scp.as_deref(),
                ) {
                    req.extensions_mut().insert(scopes);
                }
            }
            Err(_) => {
                return (
                    StatusCode::UNAUTHORIZED,
                    [(
                        header::WWW_AUTHENTICATE,
                        "Bearer realm=\"foxy\", error=\"invalid_token\"",
                    )],
                    "invalid_token: the token could not be verified\n",
                )
                    .into_response();
            }
        }
    }
    next.run(req).await
}

async fn show(Path(id): Path<String>) -> Json<serde_json_like::Obj> {
    Json(serde_json_like::Obj { id, ok: true })
}

async fn show2(Path((id, action)): Path<(String, String)>) -> Json<serde_json_like::Obj> {
    Json(serde_json_like::Obj {
        id: format!("{id}/{action}"),
        ok: true,
    })
}

/// The resend endpoint also checks its scope in the handler, through the
/// `#[requires_scope]` extractor: a compile error if the scope did not meet
/// the spec's requirement for the route.
#[requires_scope(transactions_resend, route = "POST /transactions/{id}/send_emails")]
async fn send_emails(Path(id): Path<String>) -> Json<serde_json_like::Obj> {
    Json(serde_json_like::Obj { id, ok: true })
}

/// Tiny response type (serde derive, no serde_json dependency needed).
mod serde_json_like {
    /// A response body.
    #[derive(serde::Serialize)]
    pub struct Obj {
        /// Echoed id.
        pub id: String,
        /// Always true.
        pub ok: bool,
    }
}

/// The application: routes checked against the spec before it is built.
///
/// # Panics
/// If a registered route is not in the spec (a programming error caught at
/// start-up, with the list of mismatches).
pub fn app(secret: &[u8], body: BodyFormat) -> Router {
    let layer = ScopeLayer::new(foxy::TABLES).realm("foxy").body(body);
    let router = SpecRouter::new(layer)
        .get("/stores/{id}", show)
        .get("/carts/{id}", show)
        .patch("/carts/{id}", show)
        .get("/applied_coupon_codes/{id}", show)
        .get("/transactions/{id}", show)
        .options("/transactions/{id}", show)
        .post("/transactions/{id}/send_emails", send_emails)
        .post("/transactions/{id}/{transaction_action}", show2)
        .get("/customers/{id}", show)
        .post("/stores/{id}/customers", show)
        .delete("/coupons/{id}", show)
        .post("/stores/{id}/send_webhooks", show)
        .get("/webhooks/{id}", show)
        .finish(false)
        .unwrap_or_else(|e| panic!("routes do not match spec/foxy.yaml:\n{e}"));
    router.layer(middleware::from_fn_with_state(
        Secret(std::sync::Arc::new(secret.to_vec())),
        authenticate,
    ))
}
