use scopes_runtime::requires_scope;

#[requires_scope(spec = "../../spec/fluveo.yaml", payouts_read)]
fn payouts() {}

fn main() {}
