mod api {
    scopes_runtime::include_spec!("fixtures/duplicate_scope.yaml");
}

// Every generated name is used: none adds a second error.
fn uses() {
    let _ = api::Scope::PetsRead;
    let _ = api::Scope::ALL;
    let _: &str = api::scopes::PETS_READ;
    let _ = api::routes::PETS_ID;
    let _ = api::routes::ALL;
    let _ = api::Granted::parse("pets_read");
    let _ = api::TABLES;
    let _ = api::SPEC_ID;
}

fn main() {
    uses();
}
