use scopes_runtime::requires_scope;

#[requires_scope(spec = "../../spec/foxy.yaml", transactions_read)]
#[requires_scope(spec = "../../spec/foxy.yaml", carts_read)]
fn read_both() {}

fn main() {}
