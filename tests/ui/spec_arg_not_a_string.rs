mod api {
    scopes_runtime::include_spec!(spec / foxy.yaml);
}

fn main() {}
