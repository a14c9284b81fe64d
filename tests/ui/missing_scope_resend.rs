use scopes_runtime::requires_scope;

// Write does not grant resend: the spec requires transactions_resend here.
#[requires_scope(
    spec = "../../spec/foxy.yaml",
    transactions_write,
    route = "POST /transactions/{id}/send_emails"
)]
fn send_emails() {}

fn main() {}
