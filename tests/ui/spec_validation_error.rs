mod api {
    scopes_runtime::include_spec!("fixtures/invalid.yaml");
}

// The valid parts are still generated: this line adds no second error.
const _: api::Scope = api::Scope::ReadPets;

fn main() {}
