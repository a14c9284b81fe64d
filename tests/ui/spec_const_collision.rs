// The spec passes its own checks, but two scopes would get the same
// `scopes::` constant: one error naming both, and the first one's items.
mod api {
    scopes_runtime::include_spec!("fixtures/const_collision.yaml");
}

fn main() {
    let _ = api::Scope::ReadPets;
    let _: &str = api::scopes::READ_PETS;
    let _ = api::routes::PETS_ID;
}
