use scopes_runtime::requires_scope;

struct Store;

impl Store {
    #[requires_scope(spec = "../../spec/foxy.yaml", transactions_read)]
    fn read(&self) -> u32 {
        7
    }
}

fn main() {
    let _ = Store.read();
}
