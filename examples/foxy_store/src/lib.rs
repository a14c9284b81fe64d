//! An example Foxy store API: a dozen endpoints of spec/foxy.yaml, served by
//! axum and protected by `scopes_runtime`'s resource-server layer: bearer
//! extraction (RFC 6750), JWT validation (HS256 here; any JWKS in
//! production), scope enforcement from the spec, and RFC 9728 metadata.

use axum::Json;
use axum::Router;
use axum::extract::Path;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use scopes_runtime::axum::{BodyFormat, ScopeLayer, SpecRouter};
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
    app_with(protection(secret, body))
}

/// The application behind `layer`.
///
/// # Panics
/// As [`app`].
pub fn app_with(layer: ScopeLayer<JwtValidator>) -> Router {
    SpecRouter::new(layer)
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
        .unwrap_or_else(|e| panic!("routes do not match spec/foxy.yaml:\n{e}"))
}
