mod api {
    scopes_runtime::include_spec!("fixtures/does_not_exist.yaml");
}

fn main() {}
