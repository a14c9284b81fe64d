use scopes_runtime::requires_scope;

// On Fluveo, write does not imply read.
#[requires_scope(spec = "../../spec/fluveo.yaml", write_products, route = "GET /v1/products")]
fn list_products() {}

fn main() {}
