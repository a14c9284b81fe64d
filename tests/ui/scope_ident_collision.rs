// `read:pets` and `read_pets` both derive `ReadPets`; the second scope is
// told which `ident:` to add. Neither is renamed behind the author's back.
mod api {
    scopes_runtime::include_spec!("fixtures/ident_derived_collision.yaml");
}

// The rest of the spec is still generated: this line adds no second error.
const _: api::Scope = api::Scope::ReadPets;

fn main() {}
