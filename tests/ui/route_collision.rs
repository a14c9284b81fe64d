mod api {
    scopes_runtime::include_spec!("fixtures/route_collision.yaml");
}

fn main() {}
