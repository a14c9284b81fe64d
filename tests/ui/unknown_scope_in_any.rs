use scopes_runtime::requires_scope;

#[requires_scope(spec = "../../spec/fluveo.yaml", any(read_payments, "write_paymnts"))]
fn handler() {}

fn main() {}
