use scopes_runtime::requires_scope;

#[requires_scope(spec = "../../spec/foxy.yaml", transactions_read)]
async fn show() -> &'static str {
    "one"
}

fn main() {
    let _app: axum::Router = scopes_runtime::handlers![show].into_router();
}
