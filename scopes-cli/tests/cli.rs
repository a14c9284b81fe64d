//! The `scopes` binary, run as users run it: every subcommand, exit codes
//! included, on both shipped specs.

use std::collections::{BTreeMap, BTreeSet};

mod common;

use common::{root, run, run_stdin};

fn temp_spec(name: &str, text: &str) -> String {
    common::temp_file("cli", name, text)
}

#[test]
fn check_accepts_the_shipped_specs_and_locates_errors() {
    let r = run(&["check", "spec/foxy.yaml", "spec/fluveo.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("spec/foxy.yaml: ok (45 scopes, 183 routes)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("spec/fluveo.yaml: ok (33 scopes"),
        "{}",
        r.stdout
    );
    let bad = temp_spec(
        "bad.yaml",
        "name: t\nscopes:\n  a: {description: x}\nroutes:\n  - {path: /x, methods: [GET], requires: b}\n",
    );
    let r = run(&["check", &bad]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("bad.yaml:5:42"), "{}", r.stderr);
    assert!(r.stderr.contains("unknown scope `b`"), "{}", r.stderr);
    assert!(
        !r.stderr.contains('\u{1b}'),
        "no colour when not a terminal"
    );
}

#[test]
fn check_locates_a_byte_that_is_not_utf8_and_runs_any_valid_scope_name() {
    // A Latin-1 `é` on line 4 (the 24th column), not at 1:1.
    let dir = root().join("target/tests/cli");
    std::fs::create_dir_all(&dir).unwrap();
    let latin1 = dir.join("latin1.yaml");
    std::fs::write(
        &latin1,
        b"name: t\nscopes:\n  a: {description: x}\n  b: {description: \"caf\xe9\"}\n",
    )
    .unwrap();
    let r = run(&["check", &latin1.display().to_string()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("latin1.yaml:4:24"), "{}", r.stderr);
    assert!(r.stderr.contains("not UTF-8"), "{}", r.stderr);
    // `a!b` and `a#b` are valid RFC 6749 names; the CLI never refuses a
    // spec for Rust naming.
    let names = temp_spec(
        "bang_hash.yaml",
        "name: t\nscopes:\n  a!b: {description: x}\n  a#b: {description: y}\nroutes:\n  - {path: /a, methods: [GET], requires: {any: [a!b, a#b]}}\n",
    );
    let r = run(&["check", &names]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    // Two names that derive one Rust variant: valid, so `check` passes, with
    // a warning at the second that `include_spec!` will refuse it.
    let twins = temp_spec(
        "twins.yaml",
        "name: t\nscopes:\n  read:pets: {description: x}\n  read_pets: {description: y}\nroutes:\n  - {path: /a, methods: [GET], requires: {any: [read:pets, read_pets]}}\n",
    );
    let r = run(&["check", &twins]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("ok (2 scopes, 1 routes, 1 warnings)"),
        "{}",
        r.stdout
    );
    for expected in [
        "warning: scopes `read:pets` and `read_pets` both become the Rust variant `ReadPets` (an error in `include_spec!`)",
        "twins.yaml:4:3",
        "`ident: ReadUnderscorePets`",
    ] {
        assert!(r.stderr.contains(expected), "{expected}: {}", r.stderr);
    }
}

#[test]
fn export_prints_the_documented_shape() {
    let r = run(&["export", "spec/foxy.yaml"]);
    assert_eq!(r.code, 0);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["scopes"].as_array().unwrap().len(), 45);
    assert_eq!(json["scopes"][0]["name"], "carts_read");
    let first = &json["routes"][0];
    assert_eq!(first["method"], "GET");
    assert_eq!(first["path"], "/applied_coupon_codes/{id}");
    assert_eq!(
        first["requires"],
        serde_json::json!([[
            "carts_read",
            "carts_write",
            "store_full_access",
            "transactions_read",
            "transactions_write"
        ]])
    );
    let bad = temp_spec("bad_export.yaml", "name: t\nroutes: [\n");
    assert_eq!(run(&["export", &bad]).code, 2);
}

#[test]
fn authorize_explains_and_exits_by_decision() {
    let r = run(&[
        "authorize",
        "spec/foxy.yaml",
        "--granted",
        "transactions_write",
        "POST",
        "/transactions/7/send_emails",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .starts_with("deny: POST /transactions/7/send_emails\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("route:    POST /transactions/{id}/send_emails")
    );
    assert!(
        r.stdout
            .contains("missing:  one of store_full_access, transactions_resend")
    );

    let r = run(&[
        "authorize",
        "spec/foxy.yaml",
        "--granted",
        "transactions_resend",
        "POST",
        "/transactions/7/send_emails",
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.starts_with("allow:"));

    let r = run(&[
        "authorize",
        "spec/fluveo.yaml",
        "--granted",
        "write_products",
        "GET",
        "/v1/products",
        "--json",
    ]);
    assert_eq!(r.code, 1);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"decision":"deny","reason":"insufficient_scope","route":"/v1/products","missing":[["read_products"]]})
    );
    let r = run(&[
        "authorize",
        "spec/fluveo.yaml",
        "--granted",
        "read_products,write_products",
        "GET",
        "/v1/products?limit=3",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);

    for (path, reason) in [
        ("/v1/nope", "no_route"),
        ("/v1/products/", "invalid_path"),
        ("/v1/../v1/products", "invalid_path"),
    ] {
        let r = run(&[
            "authorize",
            "spec/fluveo.yaml",
            "--granted",
            "read_products",
            "GET",
            path,
            "--json",
        ]);
        assert_eq!(r.code, 1, "{path}");
        assert!(
            r.stdout.contains(&format!("\"reason\":\"{reason}\"")),
            "{path}: {}",
            r.stdout
        );
    }
    let r = run(&[
        "authorize",
        "spec/fluveo.yaml",
        "--granted",
        "read_products",
        "DELETE",
        "/v1/balance",
        "--json",
    ]);
    assert!(r.stdout.contains("\"reason\":\"method_not_allowed\""));

    // Usage and input errors: 2.
    assert_eq!(
        run(&[
            "authorize",
            "spec/foxy.yaml",
            "--granted",
            "a\"b",
            "GET",
            "/carts/1"
        ])
        .code,
        2
    );
    assert_eq!(run(&["authorize", "spec/foxy.yaml", "GET"]).code, 2);
    assert_eq!(run(&["authorize", "spec/nope.yaml", "GET", "/x"]).code, 2);
}

#[test]
fn batch_streams_one_line_per_input_line_in_order() {
    let input = [
        r#"{"method":"GET","path":"/v1/products","granted":"read_products"}"#,
        r#"{"method":"GET","path":"/v1/products","granted":"write_products"}"#,
        "this is not json",
        r#"{"method":"POST","path":"/v1/payouts/p1/cancel","granted":"write_payouts"}"#,
        r#"{"method":"GET","path":"/v1/products","granted":"bad\"scope"}"#,
        r#"{"method":"GET","path":"/nope"}"#,
    ]
    .join("\n");
    let r = run_stdin(&["authorize", "spec/fluveo.yaml", "--batch", "-"], &input);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6);
    assert_eq!(lines[0]["decision"], "allow");
    assert_eq!(lines[1]["missing"], serde_json::json!([["read_products"]]));
    assert!(lines[2]["error"].as_str().unwrap().starts_with("line 3:"));
    assert_eq!(lines[3]["route"], "/v1/payouts/{id}/cancel");
    assert!(lines[4]["error"].as_str().unwrap().contains("granted"));
    assert_eq!(
        lines[5],
        serde_json::json!({"decision":"deny","reason":"no_route","route":null,"missing":[]})
    );
    // From a file, same result.
    let file = temp_spec("log.jsonl", &input);
    let r2 = run(&["authorize", "spec/fluveo.yaml", "--batch", &file]);
    assert_eq!(r2.stdout, r.stdout);
}

#[test]
fn batch_reads_only_the_documented_object_shape() {
    // The help text documents one shape: an object with method, path and
    // (optional) granted. A positional array or a misspelled key is an
    // error line, never a decision.
    let input = [
        r#"["GET","/carts/1","carts_read"]"#,
        r#"{"method":"GET","path":"/v1/products","grantd":"read_products"}"#,
        r#""GET /v1/products""#,
        r#"{"method":"GET","path":"/v1/products","granted":"read_products"}"#,
    ]
    .join("\n");
    let lines = batch_lines(&input);
    assert_eq!(lines.len(), 4, "{lines:?}");
    for (i, line) in lines[..3].iter().enumerate() {
        let e = line["error"].as_str().unwrap_or_else(|| panic!("{line}"));
        assert!(e.starts_with(&format!("line {}:", i + 1)), "{e}");
        assert!(line.get("decision").is_none(), "{line}");
    }
    assert!(
        lines[0]["error"].as_str().unwrap().contains("object"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1]["error"].as_str().unwrap().contains("grantd"),
        "{}",
        lines[1]
    );
    assert_eq!(lines[3]["decision"], "allow");
}

/// The output lines of a Fluveo batch run over `input`.
fn batch_lines(input: &str) -> Vec<serde_json::Value> {
    let r = run_stdin(&["authorize", "spec/fluveo.yaml", "--batch", "-"], input);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The error lines of a Fluveo batch run over `input`.
fn batch_errors(input: &str) -> Vec<String> {
    batch_lines(input)
        .iter()
        .filter_map(|v| v["error"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn batch_errors_name_their_own_line_when_a_bad_grant_repeats() {
    let bad = r#"{"method":"GET","path":"/v1/products","granted":"bad\"scope"}"#;
    let good = r#"{"method":"GET","path":"/v1/products","granted":"read_products"}"#;
    let input = [bad, good, bad, bad].join("\n");
    let errors = batch_errors(&input);
    assert_eq!(errors.len(), 3, "{errors:?}");
    for (e, line) in errors.iter().zip([1, 3, 4]) {
        assert!(e.starts_with(&format!("line {line}: granted:")), "{e}");
    }
}

/// The Foxy document's resources, scopes and paths, from the project's
/// fixture of the seed document.
fn foxy_document() -> BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/foxy_document.txt")).unwrap();
    let mut out: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    let mut current = String::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("superuser"))
    {
        if let Some(rest) = line.strip_prefix('[') {
            let (title, scopes) = rest.split_once("] ").unwrap();
            current = title.to_owned();
            out.entry(current.clone()).or_default().0 =
                scopes.split_whitespace().map(str::to_owned).collect();
        } else {
            let path = line.trim_end_matches(" *resend").to_owned();
            out.get_mut(&current).unwrap().1.insert(path);
        }
    }
    out
}

#[test]
fn docs_list_the_same_resources_scopes_and_routes_as_the_foxy_document() {
    let r = run(&["docs", "spec/foxy.yaml"]);
    assert_eq!(r.code, 0);
    let mut found: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    let mut current = None;
    for line in r.stdout.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            current = (h != "Superuser scopes").then(|| h.to_owned());
            if let Some(c) = &current {
                found.entry(c.clone()).or_default();
            }
        } else if let (Some(c), Some(list)) = (&current, line.strip_prefix("Scopes: ")) {
            found.get_mut(c).unwrap().0 = list
                .split(", ")
                .map(|s| s.trim_matches('`').to_owned())
                .collect();
        } else if let (Some(c), Some(item)) = (&current, line.strip_prefix("- `")) {
            found
                .get_mut(c)
                .unwrap()
                .1
                .insert(item.split('`').next().unwrap().to_owned());
        }
    }
    assert_eq!(found, foxy_document());
    assert!(r.stdout.contains("`store_full_access`"));
    assert!(
        r.stdout
            .contains("| `write` | POST, PUT, PATCH, DELETE | `read` |")
    );
    let html = run(&["docs", "spec/fluveo.yaml", "--format", "html"]);
    assert_eq!(html.code, 0);
    assert!(html.stdout.starts_with("<!doctype html>"));
    assert!(html.stdout.contains("<h2>Balance &amp; Payouts</h2>"));
    assert!(html.stdout.contains("<code>read_balance</code>"));
}

#[test]
fn minimal_finds_the_least_privilege_set() {
    let r = run(&[
        "minimal",
        "spec/fluveo.yaml",
        "GET /v1/products",
        "POST /v1/refunds",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let first = r.stdout.lines().next().unwrap();
    let set: BTreeSet<&str> = first.split(' ').collect();
    // Fluveo: write does not include read, so both are needed.
    assert_eq!(set, BTreeSet::from(["read_products", "write_refunds"]));
    assert!(
        r.stdout
            .contains("write_refunds: needed for POST /v1/refunds")
    );
    // Foxy: write implies read, a shared route is met by either resource, and
    // the superuser is never chosen while narrower scopes do.
    let r = run(&[
        "minimal",
        "spec/foxy.yaml",
        "GET /carts/1",
        "GET /applied_coupon_codes/1",
        "PATCH /transactions/{id}",
        "POST /transactions/1/send_emails",
    ]);
    let set: BTreeSet<&str> = r.stdout.lines().next().unwrap().split(' ').collect();
    assert_eq!(
        set,
        BTreeSet::from(["carts_read", "transactions_resend", "transactions_write"])
    );
    let r = run(&["minimal", "spec/foxy.yaml", "GET /carts/1", "POST /carts/1"]);
    assert_eq!(r.stdout.lines().next().unwrap(), "carts_write");
    assert_eq!(run(&["minimal", "spec/foxy.yaml", "GET /nope"]).code, 2);
    assert_eq!(run(&["minimal", "spec/foxy.yaml", "/carts/1"]).code, 2);
}

#[test]
fn diff_reports_grants_and_revocations_and_gates_on_widening() {
    let same = run(&["diff", "spec/fluveo.yaml", "spec/fluveo.yaml"]);
    assert_eq!(same.code, 0);
    assert!(same.stdout.contains("0 change(s); 0 widen access"));
    let original = std::fs::read_to_string(root().join("spec/fluveo.yaml")).unwrap();
    // Write now implies read: GET routes open to write scopes.
    let widened = original.replace(
        "      methods: [POST, PATCH, DELETE]\n",
        "      methods: [POST, PATCH, DELETE]\n      implies: [read]\n",
    );
    assert_ne!(widened, original);
    let w = temp_spec("fluveo_widened.yaml", &widened);
    let r = run(&["diff", "spec/fluveo.yaml", &w]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "grants   GET /v1/products: was read_products; now read_products or write_products"
        ),
        "{}",
        r.stdout
    );
    let r = run(&["diff", &w, "spec/fluveo.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("revokes  GET /v1/products"));
    // Removing a route revokes; adding one widens.
    let fewer = original.replace("      - POST /v1/orders/{id}/complete\n", "");
    let f = temp_spec("fluveo_fewer.yaml", &fewer);
    let r = run(&["diff", "spec/fluveo.yaml", &f]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .contains("removed  POST /v1/orders/{id}/complete: was write_orders")
    );
    let r = run(&["diff", &f, "spec/fluveo.yaml"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("added    POST /v1/orders/{id}/complete: requires write_orders")
    );
}

#[test]
fn help_has_an_example_for_every_subcommand_and_completions_work() {
    for sub in [
        "check",
        "export",
        "authorize",
        "docs",
        "minimal",
        "diff",
        "completions",
    ] {
        let r = run(&[sub, "--help"]);
        assert_eq!(r.code, 0, "{sub}");
        assert!(r.stdout.contains("Example"), "{sub}: {}", r.stdout);
    }
    let r = run(&["completions", "bash"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("_scopes()"),
        "{}",
        &r.stdout[..200.min(r.stdout.len())]
    );
}

#[test]
fn batch_json_errors_name_the_input_line_and_its_column() {
    // serde_json sees each input line as a whole JSON text, so its own
    // position is always "line 1"; the error must say the input's line and
    // the column within it.
    let good = r#"{"method":"GET","path":"/v1/products","granted":"read_products"}"#;
    let trailing = format!("{good} trailing");
    let input = [good, &trailing, r#"{"method":"GET","path":7}"#].join("\n");
    let errors = batch_errors(&input);
    assert_eq!(errors.len(), 2, "{errors:?}");
    // `trailing` starts after the object and one space (1-based column).
    let column = good.chars().count() + 2;
    assert!(errors[0].starts_with("line 2: "), "{}", errors[0]);
    assert!(
        errors[0].ends_with(&format!("(column {column})")),
        "{}",
        errors[0]
    );
    // The number 7 is the 24th character of line 3.
    assert!(errors[1].starts_with("line 3: "), "{}", errors[1]);
    assert!(errors[1].ends_with("(column 24)"), "{}", errors[1]);
    for e in &errors {
        assert!(!e.contains("at line 1"), "{e}");
    }
}
