mod api {
    scopes_runtime::include_spec!("fixtures/yaml_error.yaml");
}

fn main() {}
