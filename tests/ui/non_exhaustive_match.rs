mod fluveo {
    scopes_runtime::include_spec!("../../spec/fluveo.yaml");
}

// Adding a scope to the spec breaks exhaustive matches: intended.
fn label(s: fluveo::Scope) -> &'static str {
    match s {
        fluveo::Scope::ReadPayments => "payments",
        fluveo::Scope::WritePayments => "payments",
    }
}

fn main() {
    let _ = label(fluveo::Scope::ReadPayments);
}
