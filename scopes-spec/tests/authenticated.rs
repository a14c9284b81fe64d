//! The "authenticated, no scope" level (`authenticated: true`): any valid
//! token, no particular scope. Distinct from public in the model, the
//! export and every conflict rule; positions counted by hand.

use scopes_spec::model::Access;
use scopes_spec::{Method, load_str};

const HEAD: &str = "name: t
conventions:
  naming: \"{resource}_{action}\"
  actions:
    read: {methods: [GET]}
    write: {methods: [POST], implies: [read]}
";

fn access_of(yaml: &str, template: &str, method: &str) -> String {
    let loaded = load_str("t.yaml", yaml).expect("valid");
    let route = loaded.spec.route(template).expect("route");
    let req = &route.methods[&Method(method.to_owned())];
    match scopes_spec::model::access(req) {
        Access::Public => "public".to_owned(),
        Access::Authenticated => "authenticated".to_owned(),
        Access::Scopes(groups) => format!("scopes {groups:?}"),
    }
}

#[test]
fn authenticated_is_its_own_level_in_the_model_and_the_export() {
    let yaml = "name: t
scopes:
  a: {description: x}
routes:
  - {path: /me, methods: [GET], authenticated: true}
  - {path: /health, methods: [GET], public: true}
  - {path: /a, methods: [GET], requires: a}
";
    assert_eq!(access_of(yaml, "/me", "GET"), "authenticated");
    // HEAD follows GET at the same level.
    assert_eq!(access_of(yaml, "/me", "HEAD"), "authenticated");
    assert_eq!(access_of(yaml, "/health", "GET"), "public");
    assert_eq!(access_of(yaml, "/a", "GET"), "scopes [[0]]");
    let json = scopes_spec::export::to_json(&load_str("t.yaml", yaml).unwrap().spec);
    // One group that no scope meets alone: a token is needed, no scope.
    assert!(
        json.contains(r#"{"method":"GET","path":"/me","requires":[[]]}"#),
        "{json}"
    );
    assert!(
        json.contains(r#"{"method":"GET","path":"/health","requires":[]}"#),
        "{json}"
    );
}

#[test]
fn a_resource_route_can_be_authenticated() {
    let yaml = format!(
        "{HEAD}resources:
  carts:
    scopes: {{read: r, write: w}}
    routes:
      - {{path: /carts/mine, methods: [GET], authenticated: true}}
      - /carts/{{id}}
"
    );
    assert_eq!(access_of(&yaml, "/carts/mine", "GET"), "authenticated");
    assert_eq!(access_of(&yaml, "/carts/{id}", "GET"), "scopes [[0]]");
}

/// (case, yaml, message fragment, help fragment, line, column)
const ERRORS: &[(&str, &str, &str, &str, usize, usize)] = &[
    (
        "authenticated and public",
        "name: t\nroutes:\n  - {path: /a, methods: [GET], public: true, authenticated: true}\n",
        "a route cannot be both `public` and `authenticated`",
        "public: any request; authenticated: any valid token",
        3,
        61,
    ),
    (
        "authenticated and requires",
        "name: t\nscopes:\n  a: {description: x}\nroutes:\n  - {path: /a, methods: [GET], requires: a, authenticated: true}\n",
        "a route cannot be both `authenticated` and `requires` a scope",
        "`requires:` already needs a valid token",
        5,
        60,
    ),
    (
        "authenticated false",
        "name: t\nroutes:\n  - {path: /a, methods: [GET], authenticated: false}\n",
        "`authenticated: false` says nothing about what the route needs",
        "`requires: <scope>`, `authenticated: true` or `public: true`",
        3,
        47,
    ),
    (
        "authenticated as a string",
        "name: t\nroutes:\n  - {path: /a, methods: [GET], authenticated: \"true\"}\n",
        "",
        "",
        3,
        47,
    ),
    (
        "authenticated in one place, public in another",
        "name: t\nroutes:\n  - {path: /a, methods: [GET], authenticated: true}\n  - {path: /a, methods: [GET], public: true}\n",
        "`GET /a` is declared public and authenticated",
        "one place decides",
        4,
        12,
    ),
    (
        "authenticated in one place, scoped by a resource",
        "name: t\nconventions:\n  naming: \"{resource}_{action}\"\n  actions:\n    read: {methods: [GET]}\nresources:\n  carts:\n    scopes: {read: r}\n    routes: [/a]\nroutes:\n  - {path: /a, methods: [GET], authenticated: true}\n",
        "`GET /a` is declared authenticated and protected by resource `carts`",
        "one place decides: remove `authenticated: true`, or remove the route from resource `carts`",
        11,
        12,
    ),
    (
        "HEAD authenticated where GET needs scopes",
        "name: t\nscopes:\n  a: {description: x}\nroutes:\n  - {path: /a, methods: [GET], requires: a}\n  - {path: /a, methods: [HEAD], authenticated: true}\n",
        "`HEAD /a` is declared authenticated, but `GET /a` is protected",
        "HEAD follows GET",
        6,
        12,
    ),
    (
        "HEAD public where GET is authenticated",
        "name: t\nroutes:\n  - {path: /a, methods: [GET], authenticated: true}\n  - {path: /a, methods: [HEAD], public: true}\n",
        "`HEAD /a` is declared public, but `GET /a` needs a valid token",
        "HEAD follows GET",
        4,
        12,
    ),
];

#[test]
fn conflicts_are_located_with_the_fix() {
    for &(case, yaml, message, help, line, col) in ERRORS {
        let report = load_str("t.yaml", yaml).expect_err(case);
        let d = report
            .errors()
            .find(|d| d.message.contains(message))
            .unwrap_or_else(|| panic!("{case}: no {message:?} in {:#?}", report.diagnostics));
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
    }
}

#[test]
fn the_shipped_specs_have_no_authenticated_route() {
    // The seeds are unchanged: every requirement is public or scoped.
    for path in ["../spec/foxy.yaml", "../spec/fluveo.yaml"] {
        let text = std::fs::read_to_string(path).unwrap();
        let spec = load_str(path, &text).unwrap().spec;
        for r in &spec.routes {
            for req in r.methods.values() {
                assert!(
                    !matches!(scopes_spec::model::access(req), Access::Authenticated),
                    "{path} {}",
                    r.template.text
                );
            }
        }
    }
}

#[test]
fn the_tables_need_a_token_for_the_authenticated_level() {
    use scopes_core::Decision;
    let yaml = "name: t
scopes:
  a: {description: x}
  b: {description: y}
routes:
  - {path: /me, methods: [GET], authenticated: true}
  - {path: /health, methods: [GET], public: true}
  - {path: /a, methods: [GET], requires: a}
";
    let spec = load_str("t.yaml", yaml).unwrap().spec;
    let owned = scopes_spec::tables::build(&spec);
    let t = owned.view();
    let (none, a) = ([0u64], [1u64]);
    let reason = |method: &str, path: &str, token: Option<&[u64]>| {
        t.authorize_token(method, path, token).reason()
    };
    // Without a token: only public; with any token: authenticated too.
    assert_eq!(reason("GET", "/me", None), "unauthenticated");
    assert_eq!(reason("GET", "/me", Some(&none)), "ok");
    assert_eq!(reason("GET", "/me", Some(&a)), "ok");
    assert_eq!(reason("HEAD", "/me", None), "unauthenticated");
    assert_eq!(reason("GET", "/health", None), "ok");
    assert_eq!(reason("GET", "/a", None), "unauthenticated");
    assert_eq!(reason("GET", "/a", Some(&none)), "insufficient_scope");
    assert_eq!(reason("GET", "/a", Some(&a)), "ok");
    // A scope set alone (no word on a token) never meets the level: deny
    // by default for every caller that does not say a token was there.
    assert!(matches!(
        t.authorize("GET", "/me", &a),
        Decision::Deny { .. }
    ));
    let Decision::Deny { requirement, .. } = t.authorize("GET", "/me", &none) else {
        panic!("allowed without a token");
    };
    assert!(!t.is_public(requirement));
    assert!(!t.admits(requirement, None));
    assert!(t.admits(requirement, Some(&none)));
}
