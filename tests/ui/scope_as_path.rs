use scopes_runtime::requires_scope;

mod foxy {
    scopes_runtime::include_spec!("../../spec/foxy.yaml");
}

#[requires_scope(spec = "../../spec/foxy.yaml", foxy::Scope::TransactionsRead)]
fn read_transaction() {}

fn main() {}
