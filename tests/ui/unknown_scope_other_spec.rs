use scopes_runtime::requires_scope;

// `read_products` is Fluveo's, not Foxy's.
#[requires_scope(spec = "../../spec/foxy.yaml", read_products)]
fn products() {}

fn main() {}
