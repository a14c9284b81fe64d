//! The example's routes and handler shapes on a plain axum router: no
//! bearer extraction, no JWT, no scope check. The enforcement overhead is
//! measured against this. (foxy_store's handlers are private, so these are
//! copies of the same shape: a path extractor and a small JSON body.)

use axum::Json;
use axum::Router;
use axum::extract::Path;
use axum::routing::{delete, get, post};

/// A response body like foxy_store's.
#[derive(serde::Serialize)]
struct Obj {
    id: String,
    ok: bool,
}

async fn show(Path(id): Path<String>) -> Json<Obj> {
    Json(Obj { id, ok: true })
}

async fn show2(Path((id, action)): Path<(String, String)>) -> Json<Obj> {
    Json(Obj {
        id: format!("{id}/{action}"),
        ok: true,
    })
}

/// The same paths and methods as `foxy_store::app`, unprotected.
pub fn app() -> Router {
    Router::new()
        .route("/stores/{id}", get(show))
        .route("/carts/{id}", get(show).patch(show))
        .route("/applied_coupon_codes/{id}", get(show))
        .route("/transactions/{id}", get(show).options(show))
        .route("/transactions/{id}/send_emails", post(show))
        .route("/transactions/{id}/{transaction_action}", post(show2))
        .route("/customers/{id}", get(show))
        .route("/stores/{id}/customers", post(show))
        .route("/coupons/{id}", delete(show))
        .route("/stores/{id}/send_webhooks", post(show))
        .route("/webhooks/{id}", get(show))
}
