// `BodyFormat` will grow: a downstream match needs a `_` arm.
use scopes_runtime::axum::BodyFormat;

fn mime(f: BodyFormat) -> &'static str {
    match f {
        BodyFormat::Text => "text/plain",
        BodyFormat::ProblemJson => "application/problem+json",
    }
}

fn main() {
    let _ = mime(BodyFormat::Text);
}
