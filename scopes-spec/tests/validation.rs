//! One case per validation rule: the message, the help, and line:column of
//! the offending value. Positions are counted by hand from the YAML here.

use scopes_spec::{Severity, load_str};

const HEAD: &str = "name: t
conventions:
  naming: \"{resource}_{action}\"
  actions:
    read: {methods: [GET]}
    write: {methods: [POST], implies: [read]}
";

/// (case name, yaml, message fragment, help fragment, line, column)
const ERRORS: &[(&str, &str, &str, &str, usize, usize)] = &[
    (
        "yaml syntax",
        "name: t\nroutes: [\n",
        "unclosed bracket",
        "",
        2,
        9,
    ),
    (
        "unknown top-level key",
        "name: t\nscoeps: {}\n",
        "unknown field `scoeps`",
        "did you mean `scopes`?",
        2,
        1,
    ),
    (
        "unknown nested key",
        "name: t\nscopes:\n  a: {descripton: x}\n",
        "unknown field `descripton`",
        "did you mean `description`?",
        3,
        7,
    ),
    (
        "unknown scope in requires",
        "name: t\nscopes:\n  transactions_read: {description: x}\nroutes:\n  - {path: /t, methods: [GET], requires: tranactions_read}\n",
        "unknown scope `tranactions_read`",
        "did you mean `transactions_read`?",
        5,
        42,
    ),
    (
        "unknown scope in any",
        "name: t\nscopes:\n  carts_read: {description: x}\nroutes:\n  - {path: /t, methods: [GET], requires: {any: [carts_read, cart_write]}}\n",
        "unknown scope `cart_write`",
        "",
        5,
        61,
    ),
    (
        "duplicate scope key",
        "name: t\nscopes:\n  a: {description: x}\n  a: {description: y}\n",
        "duplicate mapping key",
        "",
        4,
        3,
    ),
    (
        "duplicate scope from a resource",
        "name: t\nconventions:\n  naming: \"{resource}_{action}\"\n  actions: {read: {methods: [GET]}}\nscopes:\n  carts_read: {description: x}\nresources:\n  carts:\n    scopes: {read: y}\n    routes: [/carts]\n",
        "duplicate scope `carts_read`",
        "declared once",
        9,
        14,
    ),
    (
        "scope name outside the grammar",
        "name: t\nscopes:\n  \"read pets\": {description: x}\n",
        "not a valid scope name",
        "RFC 6749",
        3,
        3,
    ),
    (
        "scope name with a quote",
        "name: t\nscopes:\n  'a\"b': {description: x}\n",
        "not a valid scope name",
        "",
        3,
        3,
    ),
    (
        "unbalanced brace",
        "name: t\nroutes:\n  - {path: \"/a/{id\", methods: [GET], public: true}\n",
        "unbalanced `{`",
        "",
        3,
        16,
    ),
    (
        "unbalanced closing brace",
        "name: t\nroutes:\n  - {path: \"/a/id}\", methods: [GET], public: true}\n",
        "unbalanced `}`",
        "",
        3,
        18,
    ),
    (
        "empty segment",
        "name: t\nroutes:\n  - {path: \"/a//b\", methods: [GET], public: true}\n",
        "empty segment",
        "remove the doubled",
        3,
        15,
    ),
    (
        "duplicate parameter",
        "name: t\nroutes:\n  - {path: \"/a/{id}/b/{id}\", methods: [GET], public: true}\n",
        "duplicate parameter name `id`",
        "",
        3,
        23,
    ),
    (
        "adjacent parameters",
        "name: t\nroutes:\n  - {path: \"/a/{x}{y}\", methods: [GET], public: true}\n",
        "two adjacent parameters",
        "separated",
        3,
        19,
    ),
    (
        "template without slash",
        "name: t\nroutes:\n  - {path: a/b, methods: [GET], public: true}\n",
        "must start with `/`",
        "`/a/b`",
        3,
        12,
    ),
    (
        "conflicting routes",
        "name: t\nscopes:\n  a: {description: x}\n  b: {description: y}\nroutes:\n  - {path: \"/x/{id}\", methods: [GET], requires: a}\n  - {path: \"/x/{key}\", methods: [GET], requires: b}\n",
        "can match the same request with different requirements",
        "more specific",
        7,
        13,
    ),
    (
        "method not a token",
        "name: t\nroutes:\n  - {path: /a, methods: [\"GE T\"], public: true}\n",
        "`GE T` is not an HTTP method",
        "did you mean `GET`?",
        3,
        26,
    ),
    (
        "lower-case method",
        "name: t\nroutes:\n  - {path: /a, methods: [get], public: true}\n",
        "methods are case-sensitive",
        "write `GET`",
        3,
        26,
    ),
    (
        "implication of an unknown scope",
        "name: t\nscopes:\n  a: {description: x, implies: [carts_raed]}\n  carts_read: {description: y}\n",
        "unknown scope `carts_raed`",
        "did you mean `carts_read`?",
        3,
        33,
    ),
    (
        "route without requirement",
        "name: t\nroutes:\n  - {path: /health, methods: [GET]}\n",
        "route has no requirement",
        "public: true",
        3,
        12,
    ),
    (
        "unknown action under a resource",
        "name: t\nconventions:\n  naming: \"{resource}_{action}\"\n  actions: {read: {methods: [GET]}}\nresources:\n  carts:\n    scopes: {raed: x}\n",
        "unknown action `raed`",
        "did you mean `read`?",
        7,
        14,
    ),
    (
        "route action the resource lacks",
        "name: t\nconventions:\n  naming: \"{resource}_{action}\"\n  actions: {read: {methods: [GET]}}\nresources:\n  carts:\n    scopes: {read: x}\n    routes:\n      - {path: /carts, actions: [resend]}\n",
        "resource `carts` has no `resend` scope",
        "",
        9,
        34,
    ),
    (
        "identifier collision",
        "name: t\nscopes:\n  read:pets: {description: x}\n  read_pets: {description: y}\n",
        "both become the Rust variant `ReadPets`",
        "ident",
        4,
        3,
    ),
    (
        "dot segment in a template",
        "name: t\nroutes:\n  - {path: \"/a/./b\", methods: [GET], public: true}\n",
        "`.` segment in path template never matches",
        "remove the `.` segment",
        3,
        16,
    ),
    (
        "dot-dot segment in a template",
        "name: t\nroutes:\n  - {path: \"/a/..\", methods: [GET], public: true}\n",
        "`..` segment in path template never matches",
        "not canonical",
        3,
        16,
    ),
    (
        "parameter names that become one Rust name",
        "name: t\nroutes:\n  - {path: \"/a/{drive-id}/{drive_id}\", methods: [GET], public: true}\n",
        "parameters `drive-id` and `drive_id` both become `drive_id` in Rust",
        "its own name",
        3,
        27,
    ),
    (
        "parameter name starting with a dash",
        "name: t\nroutes:\n  - {path: \"/a/{-x}\", methods: [GET], public: true}\n",
        "parameter name `-x` is not an identifier",
        "starts with a letter",
        3,
        16,
    ),
    (
        "delimiter inside a scope name",
        "name: t\ngranted: {delimiters: [\":\"]}\nscopes:\n  read:pets: {description: x}\n",
        "contains the delimiter `:`",
        "",
        4,
        3,
    ),
];

#[test]
fn each_error_is_located_and_explained() {
    for &(case, yaml, message, help, line, col) in ERRORS {
        let report = load_str("t.yaml", yaml).expect_err(case);
        let d = report
            .errors()
            .find(|d| d.message.contains(message))
            .unwrap_or_else(|| {
                panic!(
                    "{case}: no error containing {message:?} in {:#?}",
                    report.diagnostics
                )
            });
        assert_eq!(
            report.file.line_col(d.span.start),
            (line, col),
            "{case}: {}",
            d.message
        );
        if !help.is_empty() {
            let h = d.help.as_deref().unwrap_or_default();
            assert!(h.contains(help), "{case}: help {h:?} lacks {help:?}");
        }
        let rendered = report.render(false);
        assert!(
            rendered.contains(&format!("t.yaml:{line}:{col}")),
            "{case}: {rendered}"
        );
        // The source line is shown under the location.
        let source_line = yaml.lines().nth(line - 1).unwrap();
        assert!(rendered.contains(source_line.trim()), "{case}: {rendered}");
    }
}

#[test]
fn every_error_of_a_file_is_reported_together() {
    let yaml = format!(
        "{HEAD}scopes:\n  \"bad name\": {{description: x, implies: [nope]}}\nroutes:\n  - {{path: \"/a//b\", methods: [GET], public: true}}\n  - {{path: /c, methods: [\"G T\"], public: true}}\n"
    );
    let report = load_str("t.yaml", yaml).expect_err("invalid");
    let messages: Vec<&str> = report.errors().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert!(report.render(false).contains("t.yaml has 4 errors"));
}

#[test]
fn warnings_do_not_reject_the_spec() {
    let yaml = "name: t
scopes:
  used: {description: x}
  idle: {description: never required}
  a: {description: x, implies: [b]}
  b: {description: y, implies: [a]}
routes:
  - {path: /u, methods: [GET], requires: used}
  - {path: /a, methods: [GET], requires: a}
";
    let loaded = load_str("t.yaml", yaml).expect("warnings only");
    let w: Vec<(&str, (usize, usize))> = loaded
        .report
        .warnings()
        .map(|d| {
            (
                d.message.as_str(),
                loaded.report.file.line_col(d.span.start),
            )
        })
        .collect();
    assert!(
        w.contains(&("scope `idle` is not used by any route", (4, 3))),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|(m, pos)| m.starts_with("implication cycle: a → b → a") && *pos == (5, 3)),
        "{w:?}"
    );
    assert!(
        loaded
            .report
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning)
    );
}

#[test]
fn public_routes_and_any_of_merging() {
    let yaml = format!(
        "{HEAD}resources:
  carts:
    scopes: {{read: r, write: w}}
    routes: [\"/shared/{{id}}\"]
  orders:
    scopes: {{read: r, write: w}}
    routes: [\"/shared/{{id}}\", \"POST /orders\"]
routes:
  - {{path: /health, methods: [GET], public: true}}
  - {{path: /checkout, methods: [POST], requires: {{all: [orders_write, carts_write]}}}}
"
    );
    let loaded = load_str("t.yaml", yaml).expect("valid");
    let json = scopes_spec::export::to_json(&loaded.spec);
    // Listed under two resources: met by either (write implies read).
    assert!(json.contains(r#"{"method":"GET","path":"/shared/{id}","requires":[["carts_read","carts_write","orders_read","orders_write"]]}"#), "{json}");
    assert!(json.contains(r#"{"method":"HEAD","path":"/shared/{id}","requires":[["carts_read","carts_write","orders_read","orders_write"]]}"#), "{json}");
    // Two scopes at once: two groups.
    assert!(
        json.contains(
            r#"{"method":"POST","path":"/checkout","requires":[["carts_write"],["orders_write"]]}"#
        ),
        "{json}"
    );
    assert!(
        json.contains(r#"{"method":"GET","path":"/health","requires":[]}"#),
        "{json}"
    );
    // `POST /orders` serves POST only.
    assert!(
        !json.contains(r#""method":"GET","path":"/orders""#),
        "{json}"
    );
}
