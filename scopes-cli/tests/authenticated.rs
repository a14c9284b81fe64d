//! The authenticated level in the CLI: `authorize` tells a request without
//! a token from a token with no scope, `docs` and `export` write it,
//! `diff` ranks public < authenticated < scopes.

mod common;

use common::{run, run_stdin};

fn temp_spec(name: &str, text: &str) -> String {
    common::temp_file("cli-authenticated", name, text)
}

const SPEC: &str = "name: t
scopes:
  a: {description: x}
routes:
  - {path: /me, methods: [GET], LEVEL}
  - {path: /a, methods: [GET], requires: a}
";

fn spec(name: &str, level: &str) -> String {
    temp_spec(name, &SPEC.replace("LEVEL", level))
}

#[test]
fn authorize_tells_no_token_from_a_token_without_scopes() {
    let s = spec("auth.yaml", "authenticated: true");
    let r = run(&["authorize", &s, "--no-token", "GET", "/me"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains("requires: any valid token"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("granted:  no token"), "{}", r.stdout);
    assert!(
        r.stdout.contains("reason:   unauthenticated"),
        "{}",
        r.stdout
    );
    let r = run(&["authorize", &s, "--granted", "", "GET", "/me"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.starts_with("allow: GET /me"), "{}", r.stdout);
    let r = run(&["authorize", &s, "--no-token", "--json", "GET", "/a"]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["reason"], "unauthenticated");
    let r = run(&["authorize", &s, "--json", "GET", "/a"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["reason"], "insufficient_scope");
    // --no-token with --granted is a usage error.
    assert_eq!(
        run(&["authorize", &s, "--no-token", "--granted", "a", "GET", "/a"]).code,
        2
    );
    let help = run(&["authorize", "--help"]).stdout;
    assert!(help.contains("--no-token"), "{help}");
    assert!(help.contains("\"token\":false"), "{help}");
}

#[test]
fn batch_lines_say_token_false_for_no_token() {
    let s = spec("batch.yaml", "authenticated: true");
    let input = concat!(
        r#"{"method":"GET","path":"/me","token":false}"#,
        "\n",
        r#"{"method":"GET","path":"/me"}"#,
        "\n",
        r#"{"method":"GET","path":"/me","granted":"a","token":false}"#,
        "\n",
    );
    let out = run_stdin(&["authorize", &s, "--batch", "-"], input);
    let lines: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["reason"], "unauthenticated");
    assert_eq!(lines[1]["reason"], "ok");
    assert!(
        lines[2]["error"].as_str().unwrap().starts_with("line 3: "),
        "{}",
        lines[2]
    );
}

#[test]
fn docs_and_export_write_the_level() {
    let s = spec("docs.yaml", "authenticated: true");
    let docs = run(&["docs", &s]).stdout;
    assert!(
        docs.contains("- `/me`: GET, HEAD (any valid token)"),
        "{docs}"
    );
    let json = run(&["export", &s]).stdout;
    assert!(
        json.contains(r#"{"method":"GET","path":"/me","requires":[[]]}"#),
        "{json}"
    );
}

#[test]
fn diff_ranks_public_authenticated_scopes() {
    let public = spec("public.yaml", "public: true");
    let auth = spec("authenticated.yaml", "authenticated: true");
    let scoped = spec("scoped.yaml", "requires: a");
    // Narrowing: exit 0, "revokes".
    for (old, new) in [(&public, &auth), (&auth, &scoped), (&public, &scoped)] {
        let r = run(&["diff", old, new]);
        assert_eq!(r.code, 0, "{old} -> {new}: {}", r.stdout);
        assert!(r.stdout.contains("revokes  GET /me"), "{}", r.stdout);
    }
    // Widening: exit 1, "grants".
    for (old, new) in [(&auth, &public), (&scoped, &auth), (&scoped, &public)] {
        let r = run(&["diff", old, new]);
        assert_eq!(r.code, 1, "{old} -> {new}: {}", r.stdout);
        assert!(r.stdout.contains("grants   GET /me"), "{}", r.stdout);
    }
    let r = run(&["diff", &public, &auth]);
    assert!(
        r.stdout
            .contains("GET /me: was public; now any valid token"),
        "{}",
        r.stdout
    );
    assert_eq!(run(&["diff", &auth, &auth]).code, 0);
}

#[test]
fn minimal_needs_no_scope_for_an_authenticated_endpoint() {
    let s = spec("minimal.yaml", "authenticated: true");
    let r = run(&["minimal", &s, "GET /me", "GET /a"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("a: needed for GET /a\n"), "{}", r.stdout);
    assert!(!r.stdout.contains("/me"), "{}", r.stdout);
    let r = run(&["minimal", &s, "GET /me"]);
    assert_eq!((r.code, r.stdout.trim()), (0, ""));
}
