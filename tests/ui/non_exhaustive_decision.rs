// `Decision` will grow: a downstream match needs a `_` arm.
use scopes_runtime::Decision;

fn label(d: Decision) -> &'static str {
    match d {
        Decision::Allow { .. } => "allow",
        Decision::Deny { .. } => "deny",
        Decision::NoRoute => "no route",
        Decision::MethodNotAllowed { .. } => "method",
        Decision::InvalidPath(_) => "path",
    }
}

fn main() {
    let _ = label(Decision::NoRoute);
}
