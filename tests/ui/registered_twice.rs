use scopes_runtime::requires_scope;

#[requires_scope(spec = "../../spec/foxy.yaml", route = "GET /transactions/{id}")]
async fn show() -> &'static str {
    "one"
}

#[requires_scope(spec = "../../spec/foxy.yaml", route = "GET /transactions/{id}")]
async fn show_again() -> &'static str {
    "two"
}

fn main() {
    let _app: axum::Router = scopes_runtime::handlers![show, show_again].into_router();
}
