// `Engine` will grow (and has a variant behind the `dynamic` feature, so
// any crate in the graph can add one): a downstream match needs a `_` arm.
use scopes_runtime::Engine;

fn label(e: &Engine) -> &'static str {
    match e {
        Engine::Static(_) => "static",
        Engine::Loaded(_) => "loaded",
    }
}

fn main() {}
