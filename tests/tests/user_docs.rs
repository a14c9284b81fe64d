//! User documentation: the macros' rustdoc (what docs.rs shows for
//! `scopes_runtime::include_spec` and `scopes_runtime::requires_scope`;
//! its examples run as doctests of `scopes-macros`) and README's "Using it
//! in a service".

use scopes_tests::root;

/// The `///` lines right above `pub fn {name}`.
fn docs_of(name: &str) -> String {
    let text = std::fs::read_to_string(root().join("scopes-macros/src/lib.rs")).expect("read");
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(&format!("pub fn {name}(")))
        .unwrap_or_else(|| panic!("pub fn {name} in scopes-macros"));
    let mut docs: Vec<&str> = lines[..at]
        .iter()
        .rev()
        .skip_while(|l| l.starts_with("#["))
        .take_while(|l| l.starts_with("///"))
        .map(|l| l.trim_start_matches("///"))
        .collect();
    docs.reverse();
    docs.join("\n")
}

#[test]
fn requires_scope_documents_its_syntax_and_parameter() {
    let docs = docs_of("requires_scope");
    assert!(
        !docs.contains("see `scopes_runtime::requires_scope`"),
        "the docs point at themselves"
    );
    for needle in [
        "any(",
        "all(",
        "spec = \"",
        "route = \"",
        "\"read:pets\"",
        "Require<R>",
        "Require::check_set",
        "```compile_fail",
    ] {
        assert!(docs.contains(needle), "requires_scope docs lack {needle}");
    }
}

#[test]
fn include_spec_documents_paths_items_and_errors() {
    let docs = docs_of("include_spec");
    for needle in [
        "[package.metadata.scopes]",
        "CARGO_MANIFEST_DIR",
        "Scope::ALL",
        "scopes::CARTS_READ",
        "routes::",
        "Granted",
        "TABLES",
        "one spec per module",
    ] {
        assert!(docs.contains(needle), "include_spec docs lack {needle}");
    }
}

/// README's "Using it in a service", up to the next `## ` heading.
fn readme_service_section() -> String {
    let text = std::fs::read_to_string(root().join("README.md")).expect("read README");
    let start = text
        .find("## Using it in a service")
        .expect("README section");
    let rest = &text[start + 3..];
    let end = rest.find("\n## ").map_or(rest.len(), |e| e);
    rest[..end].to_owned()
}

#[test]
fn readme_dependency_line_works_before_a_release() {
    let section = readme_service_section();
    // The uncommented dependency line must resolve today: a path or git
    // dependency, not a crates.io version that does not exist yet.
    let dep = section
        .lines()
        .find(|l| l.starts_with("scopes-runtime ="))
        .expect("a scopes-runtime dependency line");
    assert!(dep.contains("path =") || dep.contains("git ="), "{dep}");
    assert!(section.contains("git = "), "say how to use git too");
}

#[test]
fn readme_shows_a_crate_with_two_specs() {
    let section = readme_service_section();
    assert!(section.contains("include_spec!(\"spec/fluveo.yaml\")"));
    assert!(section.contains("#[requires_scope(spec = \"spec/fluveo.yaml\""));
}
