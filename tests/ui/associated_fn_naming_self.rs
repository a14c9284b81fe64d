use scopes_runtime::requires_scope;

struct Store(u32);

impl Store {
    #[requires_scope(spec = "../../spec/foxy.yaml", transactions_read)]
    fn open() -> Self {
        Store(7)
    }
}

fn main() {
    let _ = Store::open;
}
