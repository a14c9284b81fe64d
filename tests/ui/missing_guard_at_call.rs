use scopes_runtime::requires_scope;

#[requires_scope(spec = "../../spec/foxy.yaml", transactions_read)]
fn read_transaction(id: u32) -> u32 {
    id
}

fn main() {
    // The handler cannot be called without proof that the scope was checked.
    let _ = read_transaction(7);
}
