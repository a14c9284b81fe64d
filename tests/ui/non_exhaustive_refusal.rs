// `Refusal` will grow: a downstream match needs a `_` arm.
use scopes_runtime::axum::Refusal;

fn status(r: &Refusal) -> u16 {
    match r {
        Refusal::Unauthenticated | Refusal::InvalidToken(_) => 401,
        Refusal::InsufficientScope { .. } => 403,
        Refusal::NotFound => 404,
        Refusal::MethodNotAllowed(_) => 405,
    }
}

fn main() {
    let _ = status(&Refusal::NotFound);
}
