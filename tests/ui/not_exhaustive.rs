mod api {
    scopes_runtime::include_spec!("fixtures/three_routes.yaml");
}

use scopes_runtime::requires_scope;

#[requires_scope(spec = "fixtures/three_routes.yaml", route = "GET /things")]
async fn list() -> &'static str {
    "things"
}

fn main() {
    let _app: axum::Router = scopes_runtime::handlers![
        exhaustive api::routes::SERVED;
        not_served ["DELETE /things/{id}"];
        list,
    ]
    .into_router();
}
