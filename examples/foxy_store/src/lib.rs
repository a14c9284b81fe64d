//! An example Foxy store API: a dozen endpoints of spec/foxy.yaml, served by
//! axum as typed routes (`scopes_runtime::handlers!`: each handler served at
//! the route it declares) and protected by `scopes_runtime`'s
//! resource-server layer: bearer extraction (RFC 6750), JWT validation
//! (HS256 here; any JWKS in production), each handler's scopes from the
//! spec, and RFC 9728 metadata. No middleware of its own.

use axum::Json;
use axum::Router;
use axum::extract::Path;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use scopes_runtime::axum::{BodyFormat, ScopeLayer};
use scopes_runtime::jwt::{Jwks, JwtValidator, Key};
use scopes_runtime::metadata::ResourceMetadata;
use scopes_runtime::requires_scope;
use serde::{Deserialize, Serialize};

/// The generated scope enum and tables of spec/foxy.yaml.
pub mod foxy {
    scopes_runtime::include_spec!();
}

/// The resource identifier (tokens carry it in `aud`).
pub const RESOURCE: &str = "https://api.foxy.example";
/// The authorization server (tokens carry it in `iss`).
pub const ISSUER: &str = "https://auth.foxy.example";

/// JWT claims this example issues.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// Subject.
    pub sub: String,
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// Expiry (seconds since the epoch).
    pub exp: u64,
    /// RFC 9068 `scope`: space-delimited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// Seconds since the epoch.
#[must_use]
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Sign any claims and header with the HS256 `secret` (for tests and the
/// `token` command).
///
/// # Panics
/// Never for HS256 with a byte secret and serializable claims.
#[must_use]
pub fn sign(secret: &[u8], header: &Header, claims: &impl Serialize) -> String {
    jsonwebtoken::encode(header, claims, &EncodingKey::from_secret(secret))
        .expect("HS256 encoding does not fail")
}

/// Issue an HS256 access token (`typ: at+jwt`) carrying `scope`, valid for
/// an hour.
#[must_use]
pub fn token(secret: &[u8], scope: &str) -> String {
    let claims = Claims {
        sub: "demo".into(),
        iss: ISSUER.into(),
        aud: RESOURCE.into(),
        exp: now() + 3600,
        scope: Some(scope.into()),
    };
    let mut header = Header::new(Algorithm::HS256);
    header.typ = Some("at+jwt".into());
    sign(secret, &header, &claims)
}

/// The protection: JWT validation (issuer, audience, `at+jwt`), the spec's
/// scopes, RFC 9728 metadata. Keep a clone to read its refusal counts.
///
/// # Panics
/// Never: the resource identifier is a constant URL.
#[must_use]
pub fn protection(secret: &[u8], body: BodyFormat) -> ScopeLayer<JwtValidator> {
    let keys = Jwks::from_keys([Key::hmac(None, secret, Algorithm::HS256)]);
    let jwt = JwtValidator::new(keys)
        .issuer(ISSUER)
        .audience(RESOURCE)
        .require_at_jwt();
    let metadata = ResourceMetadata::new(RESOURCE, foxy::TABLES)
        .expect("a valid resource URL")
        .authorization_server(ISSUER);
    ScopeLayer::new(foxy::TABLES)
        .realm("foxy")
        .body(body)
        .metadata(metadata)
        .authenticate(jwt)
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
/// path, method and scopes are checked against the spec at compile time;
/// [`protection`] verifies tokens and serves the metadata.
pub fn app(secret: &[u8], body: BodyFormat) -> Router {
    app_with(protection(secret, body))
}

/// The application behind `layer` (its authenticator, metadata, responses
/// and counts).
pub fn app_with(layer: ScopeLayer<JwtValidator>) -> Router {
    scopes_runtime::handlers![
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
    .protect(layer)
}
