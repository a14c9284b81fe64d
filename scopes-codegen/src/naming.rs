//! Rust names for generated items.

use std::collections::HashSet;

/// `/transactions/{id}/send_emails` → `TRANSACTIONS_ID_SEND_EMAILS`;
/// `/` → `ROOT`. Collisions get a numeric suffix.
#[must_use]
pub fn route_const(template: &str, taken: &mut HashSet<String>) -> String {
    let mut out = String::new();
    for word in template
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(&word.to_ascii_uppercase());
    }
    if out.is_empty() {
        out.push_str("ROOT");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    let base = out.clone();
    let mut n = 2;
    while !taken.insert(out.clone()) {
        out = format!("{base}_{n}");
        n += 1;
    }
    out
}

/// `carts_read` → `CARTS_READ`; `read:pets` → `READ_PETS`.
#[must_use]
pub fn scope_const(ident: &str) -> String {
    let mut out = String::new();
    for (i, c) in ident.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::{route_const, scope_const};

    #[test]
    fn names() {
        let mut taken = HashSet::new();
        assert_eq!(
            route_const("/transactions/{id}/send_emails", &mut taken),
            "TRANSACTIONS_ID_SEND_EMAILS"
        );
        assert_eq!(
            route_const("/{type}_templates/{id}/cache", &mut taken),
            "TYPE_TEMPLATES_ID_CACHE"
        );
        assert_eq!(route_const("/", &mut taken), "ROOT");
        assert_eq!(route_const("/a_b", &mut taken), "A_B");
        assert_eq!(route_const("/a/b", &mut taken), "A_B_2");
        assert_eq!(scope_const("CartsRead"), "CARTS_READ");
    }
}
