use scopes_runtime::requires_scope;

#[requires_scope(
    spec = "../../spec/foxy.yaml",
    transactions_resend,
    route = "GET /transactions/{id}/send_emails"
)]
fn send_emails() {}

fn main() {}
