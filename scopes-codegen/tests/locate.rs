//! `include_spec!` finds a spec and adds the Rust-only naming rules
//! (`scopes_spec::rust_names`) to its report; runtime loading does not.

use scopes_codegen::locate::{Located, locate};

fn write(name: &str, text: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn an_ident_that_is_not_rust_is_a_macro_error_only() {
    let yaml = "name: t\nscopes:\n  a: {description: x, ident: foo-bar}\nroutes:\n  - {path: /a, methods: [GET], requires: a}\n";
    assert!(scopes_spec::load_str("t.yaml", yaml).is_ok());
    let path = write("bad_ident.yaml", yaml);
    let Located::Invalid { report, .. } = locate(&path, None) else {
        panic!("expected an invalid spec");
    };
    let d = report.errors().next().unwrap();
    assert_eq!(d.message, "`foo-bar` is not a Rust identifier");
    assert_eq!(report.file.line_col(d.span.start), (3, 30));
}

#[test]
fn valid_scope_names_with_one_derived_ident_load_for_the_macro() {
    let yaml = "name: t\nscopes:\n  a!b: {description: x}\n  a#b: {description: y}\nroutes:\n  - {path: /a, methods: [GET], requires: {any: [a!b, a#b]}}\n";
    let path = write("bang_hash.yaml", yaml);
    let Located::Loaded { loaded, .. } = locate(&path, None) else {
        panic!("expected a loaded spec");
    };
    let idents: Vec<&str> = loaded
        .spec
        .scopes
        .iter()
        .map(|s| s.ident.as_str())
        .collect();
    assert_eq!(idents, ["ABangB", "AHashB"]);
}
