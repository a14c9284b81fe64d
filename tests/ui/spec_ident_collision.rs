mod api {
    scopes_runtime::include_spec!("fixtures/ident_collision.yaml");
}

// Every generated name is used: none adds a second error.
fn uses() {
    let _ = api::Scope::Pets;
    let _ = api::Scope::ALL;
    let _: &str = api::scopes::PETS;
    let _ = api::routes::PETS_ID;
    let _ = api::routes::ALL;
    let _ = api::Granted::parse("read:pets");
    let _ = api::TABLES;
    let _ = api::SPEC_ID;
}

fn main() {
    uses();
}
