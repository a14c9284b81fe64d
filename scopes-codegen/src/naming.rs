//! Rust names for generated items (route names: `scopes_spec::route_name`).

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
    use super::scope_const;

    #[test]
    fn names() {
        assert_eq!(scope_const("CartsRead"), "CARTS_READ");
    }
}
