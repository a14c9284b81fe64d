use scopes_runtime::requires_scope;

#[requires_scope(spec = "../../spec/foxy.yaml", route = "GET /transactions/{id}")]
async fn show() -> &'static str {
    "one"
}

#[requires_scope(spec = "../../spec/foxy.yaml", route = "HEAD /transactions/{id}")]
async fn head() -> &'static str {
    ""
}

fn main() {
    let _app: axum::Router = scopes_runtime::handlers![show, head].into_router();
}
