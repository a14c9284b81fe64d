use scopes_runtime::requires_scope;

#[requires_scope(spec = "../../spec/foxy.yaml", route = "GET /{type}_templates/{id}/cache")]
async fn cached_template() -> &'static str {
    "cached"
}

fn main() {
    let _app: axum::Router = scopes_runtime::handlers![cached_template].into_router();
}
