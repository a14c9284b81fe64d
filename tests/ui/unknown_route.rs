use scopes_runtime::requires_scope;

#[requires_scope(
    spec = "../../spec/foxy.yaml",
    transactions_resend,
    route = "POST /transactions/{id}/send_email"
)]
fn send_emails() {}

fn main() {}
