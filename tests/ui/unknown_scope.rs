use scopes_runtime::requires_scope;

#[requires_scope(spec = "../../spec/foxy.yaml", tranactions_read)]
fn handler() {}

fn main() {}
