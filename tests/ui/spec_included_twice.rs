mod foxy {
    scopes_runtime::include_spec!("../../spec/foxy.yaml");
    scopes_runtime::include_spec!("../../spec/fluveo.yaml");
}

// The first spec's items are still there: no cascade.
fn main() {
    let _ = foxy::Scope::CartsRead;
    let _ = foxy::scopes::CARTS_READ;
    let _ = foxy::Granted::parse("carts_read");
}
