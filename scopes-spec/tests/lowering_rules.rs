//! Lowering rules that cargo-mutants found unpinned (issue 14 item 2): each
//! test names the mutant of `src/lower.rs` it kills. Expected values come
//! from the README's spec format (delimiters are one visible ASCII
//! character, the naming pattern has both placeholders, requirements are an
//! AND of OR-groups, HEAD follows GET, ...) and positions are counted by
//! hand from the YAML here.

use scopes_spec::{Method, Report, load_str};

/// The first error whose message contains `message`, as (line, column).
fn error_at(yaml: &str, message: &str) -> (usize, usize) {
    let report = load_str("t.yaml", yaml).expect_err("the spec must be refused");
    located(&report, message)
}

fn located(report: &Report, message: &str) -> (usize, usize) {
    let d = report
        .errors()
        .find(|d| d.message.contains(message))
        .unwrap_or_else(|| {
            panic!(
                "no error containing {message:?} in {:#?}",
                report.diagnostics
            )
        });
    report.file.line_col(d.span.start)
}

const CONV: &str = "name: t
conventions:
  naming: \"{resource}_{action}\"
  actions:
    read: {methods: [GET]}
    write: {methods: [POST], implies: [read]}
";

/// lower.rs:147 `b.len() == 1 && ...` → `||`: a delimiter of two
/// characters (or none) must be refused, not cut to its first byte.
#[test]
fn a_delimiter_is_exactly_one_character() {
    for (delims, col) in [("[\",;\"]", 16), ("[\"\"]", 16)] {
        let yaml = format!("name: t\ngranted:\n  delimiters: {delims}\n");
        assert_eq!(
            error_at(&yaml, "a delimiter must be one visible ASCII character"),
            (3, col),
            "{delims}"
        );
    }
}

/// lower.rs:147 `... && b[0].is_ascii_graphic()` → `||`: a tab is one
/// character but not a visible one; the README says visible ASCII.
#[test]
fn a_delimiter_is_visible_ascii() {
    let yaml = "name: t\ngranted:\n  delimiters: [\"\\t\"]\n";
    assert_eq!(
        error_at(yaml, "a delimiter must be one visible ASCII character"),
        (3, 16)
    );
}

/// lower.rs:214 `contains("{resource}") && contains("{action}")` → `||`:
/// the naming pattern needs both placeholders, one is not enough.
#[test]
fn the_naming_pattern_needs_both_placeholders() {
    for naming in ["\"{resource}_x\"", "\"x_{action}\""] {
        let yaml = format!(
            "name: t\nconventions:\n  naming: {naming}\n  actions:\n    read: {{methods: [GET]}}\n"
        );
        assert_eq!(
            error_at(
                &yaml,
                "the naming pattern needs `{resource}` and `{action}`"
            ),
            (3, 11),
            "{naming}"
        );
    }
}

/// lower.rs:251 `!methods.iter().any(|m| m == "HEAD")` → `!=`: an action
/// covering GET covers HEAD too (HEAD follows GET, RFC 9110 §9.3.2), so a
/// resource route limited to HEAD gets the read scope, and an action that
/// lists HEAD itself does not get it twice.
#[test]
fn an_action_covering_get_covers_head() {
    let yaml = format!(
        "{CONV}resources:
  carts:
    scopes: {{read: r, write: w}}
    routes:
      - {{path: /carts, methods: [HEAD]}}
"
    );
    let spec = load_str("t.yaml", yaml).expect("valid").spec;
    let read = spec.actions.iter().find(|a| a.name == "read").unwrap();
    assert_eq!(read.methods, ["GET", "HEAD"]);
    let write = spec.actions.iter().find(|a| a.name == "write").unwrap();
    assert_eq!(write.methods, ["POST"]);
    let route = spec.route("/carts").expect("route");
    let carts_read = spec.scope_id("carts_read").unwrap();
    assert_eq!(
        route.methods[&Method("HEAD".into())],
        vec![vec![carts_read]]
    );

    let listed = "name: t\nconventions:\n  naming: \"{resource}_{action}\"\n  actions:\n    read: {methods: [GET, HEAD]}\n";
    let spec = load_str("t.yaml", listed).expect("valid").spec;
    assert_eq!(spec.actions[0].methods, ["GET", "HEAD"]);

    let off = format!("head_follows_get: false\n{CONV}");
    let spec = load_str("t.yaml", off).expect("valid").spec;
    assert_eq!(spec.actions[0].methods, ["GET"]);
}

/// lower.rs:313 `find(|c| !is_scope_token(..))` → without `!`: the message
/// names the character outside the RFC 6749 scope-token grammar
/// (`%x21 / %x23-5B / %x5D-7E`), not the first allowed one.
#[test]
fn an_invalid_scope_name_names_the_bad_character() {
    for (key, bad) in [
        ("\"read pets\"", "` ` is not allowed"),
        ("'ab\"c'", "`\\\"` is not allowed"),
        ("\"x\\\\y\"", "`\\\\` is not allowed"),
    ] {
        let yaml = format!("name: t\nscopes:\n  {key}: {{description: x}}\n");
        let report = load_str("t.yaml", yaml).expect_err(key);
        let d = report
            .errors()
            .find(|d| d.message.contains("is not a valid scope name"))
            .expect(key);
        assert!(d.message.ends_with(bad), "{key}: {}", d.message);
        assert_eq!(report.file.line_col(d.span.start), (3, 3), "{key}");
    }
}

/// lower.rs:531 guard `!s.starts_with('/')` → `true`: a short route that
/// starts with `/` is a path, spaces and all (the README's short form is
/// `METHOD /path` or `/path`); its space is a template error at the space,
/// not a method named `/carts`.
#[test]
fn a_short_route_starting_with_a_slash_is_all_path() {
    let yaml = format!(
        "{CONV}resources:\n  carts:\n    scopes: {{read: r}}\n    routes:\n      - /carts x\n"
    );
    assert_eq!(
        error_at(&yaml, "character ` ` is not allowed in a path template"),
        (11, 15)
    );
    let report = load_str("t.yaml", yaml).unwrap_err();
    assert!(
        !report.errors().any(|d| d.message.contains("HTTP method")),
        "{:#?}",
        report.diagnostics
    );
}

/// The span of a diagnostic, as the text it covers.
fn covered<'a>(report: &'a Report, message: &str) -> &'a str {
    let d = report
        .errors()
        .find(|d| d.message.contains(message))
        .unwrap_or_else(|| {
            panic!(
                "no error containing {message:?} in {:#?}",
                report.diagnostics
            )
        });
    &report.file.text[d.span.clone()]
}

/// lower.rs:532/535 `start + method.len() + 1` and `start + method.len()`:
/// in the short form `METHOD /path`, an error in the path points into the
/// path and an error in the method covers the method, quoted or not.
#[test]
fn short_route_errors_cover_their_token() {
    for (route, line_col) in [
        ("GET /carts/{id", (11, 20)),
        ("\"GET /carts/{id\"", (11, 21)),
    ] {
        let yaml = format!(
            "{CONV}resources:\n  carts:\n    scopes: {{read: r}}\n    routes:\n      - {route}\n"
        );
        let report = load_str("t.yaml", yaml.clone()).unwrap_err();
        assert_eq!(located(&report, "unbalanced `{`"), line_col, "{route}");
        assert_eq!(covered(&report, "unbalanced `{`"), "{", "{route}");
    }
    for route in ["get /carts", "'get /carts'"] {
        let yaml = format!(
            "{CONV}resources:\n  carts:\n    scopes: {{read: r}}\n    routes:\n      - {route}\n"
        );
        let report = load_str("t.yaml", yaml).unwrap_err();
        assert_eq!(
            covered(&report, "methods are case-sensitive"),
            "get",
            "{route}"
        );
    }
    // The full form: the path's span starts past its quote.
    let yaml = "name: t\nroutes:\n  - {path: \"/a/{id\", methods: [GET], public: true}\n";
    let report = load_str("t.yaml", yaml).unwrap_err();
    assert_eq!(covered(&report, "unbalanced `{`"), "{");
}

/// lower.rs:545 and 573 (`start..start + len` of a route's path): a
/// diagnostic about a route covers its whole path, in the short form and
/// in the full one.
#[test]
fn route_diagnostics_cover_the_whole_path() {
    let short = format!(
        "{CONV}resources:\n  carts:\n    scopes: {{read: r}}\n    routes:\n      - /carts/{{x}}\n  items:\n    scopes: {{read: r}}\n    routes:\n      - /carts/{{y}}\n"
    );
    let report = load_str("t.yaml", short).unwrap_err();
    let message = "can match the same request with different requirements";
    assert_eq!(covered(&report, message), "/carts/{y}");
    let full = "name: t\nscopes:\n  a: {description: x}\n  b: {description: y}\nroutes:\n  - {path: \"/a/{x}\", methods: [GET], requires: a}\n  - {path: \"/a/{y}\", methods: [GET], requires: b}\n";
    let report = load_str("t.yaml", full).unwrap_err();
    assert_eq!(covered(&report, message), "/a/{y}");
    assert_eq!(located(&report, message), (7, 13));
}

/// lower.rs:585-586 (`at = path start + offset`, `end = at + len`, at
/// least one byte): a template error covers exactly its token, and an
/// empty path still gets a one-byte caret.
#[test]
fn template_errors_cover_their_token() {
    for (path, message, token) in [
        ("/a/..", "`..` segment", ".."),
        ("/a/{x}{y}", "two adjacent parameters", "{y}"),
        ("/a/b\u{e9}", "is not allowed in a path template", "\u{e9}"),
        ("/a/{*rest}", "catch-all parameter", "{*rest}"),
    ] {
        let yaml =
            format!("name: t\nroutes:\n  - {{path: \"{path}\", methods: [GET], public: true}}\n");
        let report = load_str("t.yaml", yaml).unwrap_err();
        assert_eq!(covered(&report, message), token, "{path}");
    }
    let yaml = "name: t\nroutes:\n  - {path: \"\", methods: [GET], public: true}\n";
    let report = load_str("t.yaml", yaml).unwrap_err();
    let d = report
        .errors()
        .find(|d| d.message.contains("must start with `/`"))
        .unwrap();
    assert_eq!(d.span.len(), 1);
    assert_eq!(report.file.line_col(d.span.start), (3, 13));
}

/// lower.rs:663 guard `p.value.0` → `true`: `public: false` must never
/// make a route public; it says nothing, so it is an error at `false`
/// (README: public is said, never implied), at the top level and in a
/// resource.
#[test]
fn public_false_is_an_error_never_public() {
    let yaml = "name: t\nroutes:\n  - {path: /a, methods: [GET], public: false}\n";
    assert_eq!(
        error_at(
            yaml,
            "`public: false` says nothing about what the route needs"
        ),
        (3, 40)
    );
    let yaml = format!(
        "{CONV}resources:\n  carts:\n    scopes: {{read: r}}\n    routes:\n      - {{path: /carts, methods: [GET], public: false}}\n"
    );
    assert_eq!(
        error_at(
            &yaml,
            "`public: false` says nothing about what the route needs"
        ),
        (11, 48)
    );
}

/// lower.rs:734 `reconstructed_list || map.reconstructed` → `&&`: a route
/// is reconstructed when it is listed under `reconstructed_routes` or says
/// `reconstructed: true`, and stays so only if every declaration says so.
#[test]
fn reconstructed_routes_are_marked() {
    let yaml = format!(
        "{CONV}resources:
  carts:
    scopes: {{read: r, write: w}}
    routes:
      - /carts/{{id}}
      - {{path: \"/carts/{{id}}/items\", reconstructed: true}}
      - {{path: /both, methods: [GET]}}
    reconstructed_routes:
      - GET /carts/{{id}}/lines
      - {{path: \"/carts/{{id}}/notes\", methods: [GET]}}
      - {{path: /both, methods: [POST]}}
routes:
  - {{path: /top, methods: [GET], public: true, reconstructed: true}}
  - {{path: /plain, methods: [GET], public: true}}
"
    );
    let spec = load_str("t.yaml", yaml).expect("valid").spec;
    let marked = |t: &str| spec.route(t).unwrap_or_else(|| panic!("{t}")).reconstructed;
    assert!(!marked("/carts/{id}"));
    assert!(marked("/carts/{id}/items"));
    assert!(marked("/carts/{id}/lines"));
    assert!(marked("/carts/{id}/notes"));
    assert!(!marked("/both"));
    assert!(marked("/top"));
    assert!(!marked("/plain"));
}

/// lower.rs:736 `public || requires || authenticated` → `&&`: any one of
/// the three makes a resource route's requirement explicit, and the
/// explicit requirement replaces the action's scope.
#[test]
fn an_explicit_requirement_on_a_resource_route_replaces_the_action() {
    let yaml = format!(
        "{CONV}scopes:
  pay: {{description: p}}
resources:
  carts:
    scopes: {{read: r, write: w}}
    routes:
      - /carts/{{id}}
      - {{path: \"/carts/{{id}}/pay\", methods: [POST], requires: pay}}
      - {{path: /carts/open, methods: [GET], public: true}}
      - {{path: /carts/mine, methods: [GET], authenticated: true}}
"
    );
    let spec = load_str("t.yaml", yaml).expect("valid").spec;
    let req = |t: &str, m: &str| spec.route(t).unwrap().methods[&Method(m.into())].clone();
    let pay = spec.scope_id("pay").unwrap();
    assert_eq!(req("/carts/{id}/pay", "POST"), vec![vec![pay]]);
    assert_eq!(req("/carts/open", "GET"), Vec::<Vec<usize>>::new());
    assert_eq!(req("/carts/mine", "GET"), vec![Vec::<usize>::new()]);
    let read = spec.scope_id("carts_read").unwrap();
    assert_eq!(req("/carts/{id}", "GET"), vec![vec![read]]);
}

/// lower.rs:741 `is_some_and(|m| !m.is_empty())`: an explicit resource
/// route with `methods: []` is an error (never silently dropped), and one
/// whose only method is invalid gets that error alone, not a second one.
#[test]
fn an_explicit_resource_route_needs_methods_once() {
    let route = |methods: &str| {
        format!(
            "{CONV}scopes:\n  pay: {{description: p}}\nresources:\n  carts:\n    scopes: {{read: r}}\n    routes:\n      - {{path: /carts/pay, {methods}requires: pay}}\n      - /carts\n"
        )
    };
    for methods in ["methods: [], ", ""] {
        assert_eq!(
            error_at(
                &route(methods),
                "a route with an explicit requirement needs `methods`"
            ),
            (13, 16),
            "{methods}"
        );
    }
    let report = load_str("t.yaml", route("methods: [get], ")).unwrap_err();
    let messages: Vec<&str> = report.errors().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("methods are case-sensitive"),
        "{messages:?}"
    );
}

/// lower.rs:985 `!route.resources.contains(&r)`: a route records each
/// resource that lists it, once, in declaration order; a top-level route
/// belongs to none.
#[test]
fn a_route_records_the_resources_that_list_it() {
    let yaml = format!(
        "{CONV}resources:
  carts:
    scopes: {{read: r, write: w}}
    routes:
      - /carts/{{id}}
      - GET /carts/{{id}}
  items:
    scopes: {{read: r}}
    routes:
      - /carts/{{id}}
      - /items
routes:
  - {{path: /health, methods: [GET], public: true}}
"
    );
    let spec = load_str("t.yaml", yaml).expect("valid").spec;
    let keys = |t: &str| -> Vec<&str> {
        spec.route(t)
            .unwrap()
            .resources
            .iter()
            .map(|&r| spec.resources[r].key.as_str())
            .collect()
    };
    assert_eq!(keys("/carts/{id}"), ["carts", "items"]);
    assert_eq!(keys("/items"), ["items"]);
    assert!(keys("/health").is_empty());
}

/// lower.rs:535 (`path_start + path.len()`, the end of the path in the
/// `METHOD /path` form): a route diagnostic covers the path and a template
/// error of two bytes covers both.
#[test]
fn method_form_diagnostics_cover_the_path() {
    let yaml = format!(
        "{CONV}resources:\n  carts:\n    scopes: {{read: r}}\n    routes:\n      - GET /carts/{{x}}\n  items:\n    scopes: {{read: r}}\n    routes:\n      - GET /carts/{{y}}\n"
    );
    let report = load_str("t.yaml", yaml).unwrap_err();
    let message = "can match the same request with different requirements";
    assert_eq!(covered(&report, message), "/carts/{y}");
    let yaml = format!(
        "{CONV}resources:\n  carts:\n    scopes: {{read: r}}\n    routes:\n      - GET /carts/..\n"
    );
    let report = load_str("t.yaml", yaml).unwrap_err();
    assert_eq!(covered(&report, "`..` segment"), "..");
}
