//! An example Foxy store API: a dozen endpoints of spec/foxy.yaml, served by
//! axum as typed routes (`scopes_runtime::handlers!`), with a JWT layer
//! (HS256, `jsonwebtoken`) that verifies tokens and hands their `scope`
//! (or `scp`) claim to the enforcement layer.

use axum::extract::{Path, Request};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use scopes_runtime::axum::{BodyFormat, Responses};
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

/// `GET /stores/{id}`: echoes the id.
#[requires_scope(route = "GET /stores/{id}")]
async fn show_store(Path(id): Path<String>) -> Json<serde_json_like::Obj> {
    Json(serde_json_like::Obj { id, ok: true })
}

/// `GET /carts/{id}`: echoes the id.
#[requires_scope(route = "GET /carts/{id}")]
async fn show_cart(Path(id): Path<String>) -> Json<serde_json_like::Obj> {
    Json(serde_json_like::Obj { id, ok: true })
}

/// `PATCH /carts/{id}`: echoes the id.
#[requires_scope(route = "PATCH /carts/{id}")]
async fn update_cart(Path(id): Path<String>) -> Json<serde_json_like::Obj> {
    Json(serde_json_like::Obj { id, ok: true })
}

/// `GET /applied_coupon_codes/{id}`: echoes the id.
#[requires_scope(route = "GET /applied_coupon_codes/{id}")]
async fn show_applied_coupon_code(Path(id): Path<String>) -> Json<serde_json_like::Obj> {
    Json(serde_json_like::Obj { id, ok: true })
}

/// `GET /transactions/{id}`: echoes the id.
#[requires_scope(route = "GET /transactions/{id}")]
async fn show_transaction(Path(id): Path<String>) -> Json<serde_json_like::Obj> {
    Json(serde_json_like::Obj { id, ok: true })
}

/// `OPTIONS /transactions/{id}`: echoes the id.
#[requires_scope(route = "OPTIONS /transactions/{id}")]
async fn transaction_options(Path(id): Path<String>) -> Json<serde_json_like::Obj> {
    Json(serde_json_like::Obj { id, ok: true })
}

/// `GET /customers/{id}`: echoes the id.
#[requires_scope(route = "GET /customers/{id}")]
async fn show_customer(Path(id): Path<String>) -> Json<serde_json_like::Obj> {
    Json(serde_json_like::Obj { id, ok: true })
}

/// `POST /stores/{id}/customers`: echoes the id.
#[requires_scope(route = "POST /stores/{id}/customers")]
async fn create_customer(Path(id): Path<String>) -> Json<serde_json_like::Obj> {
    Json(serde_json_like::Obj { id, ok: true })
}

/// `DELETE /coupons/{id}`: echoes the id.
#[requires_scope(route = "DELETE /coupons/{id}")]
async fn delete_coupon(Path(id): Path<String>) -> Json<serde_json_like::Obj> {
    Json(serde_json_like::Obj { id, ok: true })
}

/// `POST /stores/{id}/send_webhooks`: echoes the id.
#[requires_scope(route = "POST /stores/{id}/send_webhooks")]
async fn send_webhooks(Path(id): Path<String>) -> Json<serde_json_like::Obj> {
    Json(serde_json_like::Obj { id, ok: true })
}

/// `GET /webhooks/{id}`: echoes the id.
#[requires_scope(route = "GET /webhooks/{id}")]
async fn show_webhook(Path(id): Path<String>) -> Json<serde_json_like::Obj> {
    Json(serde_json_like::Obj { id, ok: true })
}

/// `POST /transactions/{id}/{transaction_action}` (capture, void, refund):
/// needs `transactions_write`, named here and checked against the spec.
#[requires_scope(
    transactions_write,
    route = "POST /transactions/{id}/{transaction_action}"
)]
async fn act_on_transaction(
    Path((id, action)): Path<(String, String)>,
) -> Json<serde_json_like::Obj> {
    Json(serde_json_like::Obj {
        id: format!("{id}/{action}"),
        ok: true,
    })
}

/// `POST /transactions/{id}/send_emails`: the spec requires
/// `transactions_resend` (write does not imply it).
#[requires_scope(route = "POST /transactions/{id}/send_emails")]
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

/// The application: each handler is served at the route it declares, so
/// path, method and scopes are checked against the spec at compile time.
pub fn app(secret: &[u8], body: BodyFormat) -> Router {
    let router = scopes_runtime::handlers![
        show_store,
        show_cart,
        update_cart,
        show_applied_coupon_code,
        show_transaction,
        transaction_options,
        send_emails,
        act_on_transaction,
        show_customer,
        create_customer,
        delete_coupon,
        send_webhooks,
        show_webhook,
    ]
    .enforce(foxy::TABLES, Responses::new("foxy", body));
    router.layer(middleware::from_fn_with_state(
        Secret(std::sync::Arc::new(secret.to_vec())),
        authenticate,
    ))
}
