// `PathError` will grow: a downstream match needs a `_` arm.
use scopes_runtime::PathError;

fn label(e: PathError) -> &'static str {
    match e {
        PathError::NotAbsolute
        | PathError::EmptySegment
        | PathError::DotSegment
        | PathError::EncodedSlash
        | PathError::Nul
        | PathError::BadEscape
        | PathError::BadCharacter
        | PathError::TooLong => "invalid",
    }
}

fn main() {
    let _ = label(PathError::Nul);
}
