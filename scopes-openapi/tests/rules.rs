//! What the import says and writes for each rule, on small documents:
//! refusals that list the operations, the flags that change them, the
//! reports on non-OAuth schemes and undeclared scopes, and the spec text.

use scopes_openapi::{ImportError, ImportOptions, Imported, Level, TokenOnly, Unsecured, import};

fn data(name: &str) -> String {
    let path = format!("{}/tests/data/rules/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn ok(name: &str, text: &str, opts: &ImportOptions) -> Imported {
    match import(name, text, opts) {
        Ok(i) => i,
        Err(e) => panic!("{name}: {e:?}"),
    }
}

fn refused(name: &str, text: &str, opts: &ImportOptions) -> String {
    match import(name, text, opts) {
        Ok(i) => panic!("{name}: imported:\n{}", i.yaml),
        Err(ImportError::Refused(f)) => {
            assert!(f.iter().any(|f| f.level == Level::Error));
            f.iter().map(ToString::to_string).collect()
        }
        Err(ImportError::Document(e)) => e.0,
    }
}

fn messages(i: &Imported) -> String {
    i.findings.iter().map(ToString::to_string).collect()
}

#[test]
fn missing_security_is_refused_by_default_and_listed() {
    let text = data("missing_security.yaml");
    let msg = refused("missing_security.yaml", &text, &ImportOptions::default());
    assert!(msg.contains("1 operation(s) have no `security`"), "{msg}");
    assert!(msg.contains("\n    GET /open\n"), "{msg}");
    assert!(msg.contains("--unsecured public"), "{msg}");

    let public = ok(
        "m.yaml",
        &text,
        &ImportOptions {
            unsecured: Unsecured::Public,
            ..ImportOptions::default()
        },
    );
    assert!(
        public
            .yaml
            .contains("  - path: /open\n    methods: [GET]\n    public: true\n"),
        "{}",
        public.yaml
    );
    let left = ok(
        "m.yaml",
        &text,
        &ImportOptions {
            unsecured: Unsecured::LeaveOut,
            ..ImportOptions::default()
        },
    );
    assert!(!left.yaml.contains("path: /open"), "{}", left.yaml);
    assert!(
        left.yaml.contains("#   GET /open: no security\n"),
        "{}",
        left.yaml
    );
    // openIdConnect scopes are declared by the provider, not the document.
    assert!(
        messages(&left).contains("declared by no oauth2 flow: profile"),
        "{}",
        messages(&left)
    );
}

#[test]
fn token_without_scope_is_the_authenticated_level_by_default_never_public_silently() {
    let text = data("token_only.yaml");
    let auth = ok("t.yaml", &text, &ImportOptions::default());
    assert!(
        auth.yaml
            .contains("  - path: /me\n    methods: [GET, PATCH]\n    authenticated: true\n"),
        "{}",
        auth.yaml
    );
    assert!(!auth.yaml.contains("public: true"), "{}", auth.yaml);
    let msg = messages(&auth);
    assert!(
        msg.contains("2 operation(s) need a valid token but no particular scope"),
        "{msg}"
    );
    assert!(msg.contains("`authenticated: true`"), "{msg}");
    assert!(msg.contains("\n    GET /me\n    PATCH /me\n"), "{msg}");
    assert!(
        scopes_spec::load_str("t.yaml", auth.yaml.clone()).is_ok(),
        "{}",
        auth.yaml
    );
    let left = ok(
        "t.yaml",
        &text,
        &ImportOptions {
            token_only: TokenOnly::LeaveOut,
            ..ImportOptions::default()
        },
    );
    assert!(
        left.yaml
            .contains("  - path: /me\n    methods: [PUT]\n    requires: profile:write\n"),
        "{}",
        left.yaml
    );
    assert!(!left.yaml.contains("public: true"), "{}", left.yaml);
    assert!(!left.yaml.contains("authenticated: true"), "{}", left.yaml);
    let public = ok(
        "t.yaml",
        &text,
        &ImportOptions {
            token_only: TokenOnly::Public,
            ..ImportOptions::default()
        },
    );
    assert!(
        public
            .yaml
            .contains("methods: [GET, PATCH]\n    public: true"),
        "{}",
        public.yaml
    );
    assert!(messages(&public).contains("requests without a token pass too"));
}

#[test]
fn or_of_and_objects_becomes_an_and_of_or_groups() {
    let i = ok(
        "or_and.yaml",
        &data("or_and.yaml"),
        &ImportOptions::default(),
    );
    // (write ∧ sharing) ∨ (admin ∧ audit) ∨ owner, distributed and absorbed.
    assert!(
        i.yaml.contains("requires: {all: [{any: [admin, owner, reports:write]}, {any: [admin, owner, sharing]}, {any: [audit, owner, reports:write]}, {any: [audit, owner, sharing]}]}"),
        "{}",
        i.yaml
    );
    assert!(
        i.yaml.contains("note: \"list-reports: List reports\""),
        "{}",
        i.yaml
    );
}

#[test]
fn root_default_public_list_and_empty_object() {
    let i = ok(
        "root_default.yaml",
        &data("root_default.yaml"),
        &ImportOptions::default(),
    );
    assert!(
        i.yaml
            .contains("  - path: /health\n    methods: [GET]\n    public: true\n"),
        "{}",
        i.yaml
    );
    assert!(
        i.yaml
            .contains("  - path: \"/items/{id}\"\n    methods: [GET]\n    public: true\n"),
        "{}",
        i.yaml
    );
    assert!(
        i.yaml
            .contains("  - path: /items\n    methods: [GET]\n    requires: basic\n"),
        "{}",
        i.yaml
    );
}

#[test]
fn non_oauth_schemes_are_reported_per_operation() {
    let i = ok(
        "mixed.json",
        &data("mixed_schemes.json"),
        &ImportOptions::default(),
    );
    let m = messages(&i);
    assert!(
        m.contains("GET /orders: 1 alternative(s) need only key (apiKey)"),
        "{m}"
    );
    assert!(m.contains("POST /orders: key (apiKey) is required along with OAuth scopes: only the scopes are imported"), "{m}");
    assert!(m.contains("GET /stats: needs basic (http) only"), "{m}");
    assert!(
        i.yaml
            .contains("#   GET /stats: non-OAuth security only: basic (http)"),
        "{}",
        i.yaml
    );
    // `{}` among the alternatives: public, whatever the others say.
    assert!(
        i.yaml
            .contains("  - path: /login\n    methods: [POST]\n    public: true\n"),
        "{}",
        i.yaml
    );
}

#[test]
fn any_of_reading_is_chosen_explicitly() {
    let text = data("any_of.yaml");
    let strict = ok("a.yaml", &text, &ImportOptions::default());
    assert!(
        strict
            .yaml
            .contains("requires: {all: [chat:write, chat:write:bot, chat:write:user]}"),
        "{}",
        strict.yaml
    );
    let one = ok(
        "a.yaml",
        &text,
        &ImportOptions {
            any_of: vec!["POST /chat.postMessage".into()],
            ..ImportOptions::default()
        },
    );
    assert!(
        one.yaml
            .contains("{any: [chat:write, chat:write:bot, chat:write:user]}"),
        "{}",
        one.yaml
    );
    assert!(messages(&one).contains("POST /chat.postMessage: scope lists read as any-of"));
    let msg = refused(
        "a.yaml",
        &text,
        &ImportOptions {
            any_of: vec!["POST /nope".into()],
            ..ImportOptions::default()
        },
    );
    assert!(
        msg.contains("--any-of `POST /nope`: no such operation"),
        "{msg}"
    );
}

#[test]
fn every_method_and_scopes_seen_only_in_security() {
    let i = ok(
        "methods.yaml",
        &data("methods.yaml"),
        &ImportOptions::default(),
    );
    for m in [
        "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "POST", "PATCH", "DELETE",
    ] {
        assert!(i.yaml.contains(m), "{m} missing:\n{}", i.yaml);
    }
    assert!(
        i.yaml.contains("methods: [OPTIONS]\n    public: true"),
        "{}",
        i.yaml
    );
    let m = messages(&i);
    assert!(
        m.contains("declared by no oauth2 flow: admin, probe, debug;"),
        "{m}"
    );
    assert!(
        i.yaml
            .contains("  debug:\n    description: \"(not declared"),
        "{}",
        i.yaml
    );
}

#[test]
fn schemes_given_as_references_are_followed() {
    let i = ok(
        "ref_schemes.yaml",
        &data("ref_schemes.yaml"),
        &ImportOptions::default(),
    );
    // Written from the document by hand: GET is drive.readonly OR drive,
    // POST drive AND openid, PUT (write AND read) OR admin.
    for line in [
        "  https://www.googleapis.com/auth/drive.readonly:\n    description: See your files\n",
        "  - path: /files\n    methods: [GET]\n    requires: {any: [https://www.googleapis.com/auth/drive, https://www.googleapis.com/auth/drive.readonly]}\n",
        "  - path: /files\n    methods: [POST]\n    requires: {all: [https://www.googleapis.com/auth/drive, openid]}\n",
        "    methods: [PUT]\n    requires: {all: [{any: [admin, read:pets]}, {any: [admin, write:pets]}]}\n",
    ] {
        assert!(i.yaml.contains(line), "{line}\nnot in:\n{}", i.yaml);
    }
    assert_eq!(i.kept, 3, "{}", i.yaml);
    let m = messages(&i);
    assert!(
        !m.contains("non-OAuth") && !m.contains("cannot express"),
        "{m}"
    );
}

#[test]
fn routes_whose_rust_name_is_reserved_or_taken_get_a_name() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nsecurity: [{o: [a]}]\npaths:\n  /all:\n    get: {}\n  /a_b:\n    get: {}\n  /a/b:\n    get: {}\ncomponents:\n  securitySchemes:\n    o: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a', scopes: {a: A}}}}\n";
    let i = ok("t.yaml", text, &ImportOptions::default());
    assert_eq!(i.kept, 3, "{}", i.yaml);
    assert!(i.yaml.contains("name: ALL_ROUTE"), "{}", i.yaml);
    assert_eq!(i.yaml.matches("name: A_B_ROUTE").count(), 1, "{}", i.yaml);
}

#[test]
fn unsupported_templates_are_left_out_and_named() {
    // `{drive-id}` is in the template grammar; a trailing slash (an empty
    // segment) is not.
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nsecurity: [{o: [a]}]\npaths:\n  /drives/{drive-id}/items:\n    get: {}\n  /pets/:\n    get: {}\n  /ok:\n    get: {}\ncomponents:\n  securitySchemes:\n    o: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a', scopes: {a: A}}}}\n";
    let i = ok("t.yaml", text, &ImportOptions::default());
    let m = messages(&i);
    assert!(
        m.contains("path template the spec format does not support yet"),
        "{m}"
    );
    assert!(m.contains("GET /pets/"), "{m}");
    assert!(!m.contains("drive-id"), "{m}");
    assert!(i.yaml.contains("/drives/{drive-id}/items"), "{}", i.yaml);
    assert_eq!(i.kept, 2, "{}", i.yaml);
}

#[test]
fn requirements_too_large_to_express_fail_clearly() {
    // 11 alternatives of two scopes each: 2^11 OR-groups.
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      security:\n",
    );
    for i in 0..11 {
        text.push_str(&format!("        - o: [x{i}, y{i}]\n"));
    }
    text.push_str("components:\n  securitySchemes:\n    o: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a', scopes: {}}}}\n");
    let msg = refused("t.yaml", &text, &ImportOptions::default());
    assert!(
        msg.contains("GET /x: the requirement cannot be written as an AND of OR-groups"),
        "{msg}"
    );
}

#[test]
fn documents_that_are_not_openapi_3_are_refused_with_a_location() {
    let msg = refused(
        "s.json",
        "{\"swagger\": \"2.0\"}",
        &ImportOptions::default(),
    );
    assert!(msg.contains("Swagger 2.0"), "{msg}");
    let msg = refused(
        "bad.yaml",
        "openapi: 3.0.0\npaths: [\n",
        &ImportOptions::default(),
    );
    assert!(msg.starts_with("bad.yaml:"), "{msg}");
    let msg = refused("v.yaml", "openapi: 4.0.0\n", &ImportOptions::default());
    assert!(msg.contains("OpenAPI 4.0.0 is not supported"), "{msg}");
}

#[test]
fn paths_differing_only_in_parameter_names_are_refused_clearly() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nsecurity: [{o: [a]}]\npaths:\n  /o/{a}:\n    get: {}\n  /o/{b}:\n    put: {}\ncomponents:\n  securitySchemes:\n    o: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a', scopes: {a: A}}}}\n";
    let msg = refused("t.yaml", text, &ImportOptions::default());
    assert!(
        msg.contains("error: paths `/o/{a}` and `/o/{b}` differ only in their parameter names"),
        "{msg}"
    );
    assert!(!msg.contains("report this document"), "{msg}");
}

#[test]
fn an_operation_that_is_not_an_object_is_an_error() {
    // With a root `security`, a malformed operation must not inherit it.
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nsecurity: [{o: [a]}]\npaths:\n  /x:\n    get: just text\n    put:\n    post: {}\ncomponents:\n  securitySchemes:\n    o: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a', scopes: {a: A}}}}\n";
    let msg = refused("t.yaml", text, &ImportOptions::default());
    assert!(
        msg.contains("error: GET /x: the operation is not an object"),
        "{msg}"
    );
    assert!(
        msg.contains("error: PUT /x: the operation is not an object"),
        "{msg}"
    );
    let text = text.replace("  /x:\n", "  /y: [get]\n  /z:\n  /x:\n");
    let msg = refused("t.yaml", &text, &ImportOptions::default());
    assert!(
        msg.contains("error: /y: the path item is not an object"),
        "{msg}"
    );
    // An empty path item (`/z:`) holds no operation: nothing to decide.
    assert!(!msg.contains("/z"), "{msg}");
}

#[test]
fn only_alternatives_that_grow_are_called_large() {
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /all:\n    get:\n      security:\n        - o: [",
    );
    // One alternative of 20 scopes: an `all` of 20, as written.
    text.push_str(
        &(0..20)
            .map(|i| format!("s{i}"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    text.push_str("]\n  /grow:\n    get:\n      security:\n");
    // Five alternatives of two scopes: 2^5 = 32 OR-groups.
    for i in 0..5 {
        text.push_str(&format!("        - o: [x{i}, y{i}]\n"));
    }
    text.push_str("components:\n  securitySchemes:\n    o: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a', scopes: {}}}}\n");
    let m = messages(&ok("t.yaml", &text, &ImportOptions::default()));
    assert!(!m.contains("GET /all: the alternatives become"), "{m}");
    assert!(
        m.contains("GET /grow: the alternatives become a large AND of OR-groups"),
        "{m}"
    );
}

#[test]
fn the_servers_base_path_is_named() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers:\n  - url: https://api.example.com/v2/\n  - url: /v2\n  - url: https://sandbox.example.com\nsecurity: [{o: [a]}]\npaths:\n  /x:\n    get: {}\ncomponents:\n  securitySchemes:\n    o: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a', scopes: {a: A}}}}\n";
    let i = ok("t.yaml", text, &ImportOptions::default());
    assert!(
        i.yaml
            .contains("\n# Paths are relative to the servers' base path /v2: match requests\n"),
        "{}",
        i.yaml
    );
    assert!(i.yaml.contains("  - path: /x\n"), "{}", i.yaml);
}
