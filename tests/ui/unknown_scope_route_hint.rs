use scopes_runtime::requires_scope;

// Nothing is spelled close: the route says what would meet it.
#[requires_scope(
    spec = "../../spec/foxy.yaml",
    emails,
    route = "POST /transactions/{id}/send_emails"
)]
fn send_emails() {}

fn main() {}
