//! Flow URLs from the spec's `openapi:` section: the export and `--merge`
//! write them; URL flags override them. Expected documents are written out
//! by hand from OpenAPI 3.1 §4.8.27-29 (OAuth Flows Object).

use scopes_openapi::export::ExportOptions;
use scopes_runtime::LoadedSpec;
use serde_json::{Value, json};

const ROUTES: &str = "name: t\nscopes:\n  a: {description: A}\nroutes:\n  - {path: /x, methods: [GET], requires: a}\n  - {path: /me, methods: [GET], authenticated: true}\n";

const FLOWS: &str = "openapi:
  scheme: corp
  flows:
    authorizationCode:
      authorizationUrl: https://auth.example/authorize
      tokenUrl: https://auth.example/token
      refreshUrl: https://auth.example/refresh
    clientCredentials: {tokenUrl: \"https://auth.example/token\"}
";

fn spec(section: &str) -> LoadedSpec {
    LoadedSpec::from_str("t.yaml", &format!("{ROUTES}{section}")).expect("spec")
}

fn export(spec: &LoadedSpec, opts: &ExportOptions) -> Value {
    let (text, _) = scopes_openapi::export::document(spec.spec(), opts).expect("export");
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn the_section_gives_the_scheme_and_its_flows() {
    let s = spec(FLOWS);
    let doc = export(&s, &ExportOptions::for_spec(s.spec()));
    let scopes = json!({"a": "A"});
    assert_eq!(
        doc["components"]["securitySchemes"],
        json!({"corp": {"type": "oauth2", "flows": {
            "clientCredentials": {"tokenUrl": "https://auth.example/token", "scopes": scopes},
            "authorizationCode": {
                "authorizationUrl": "https://auth.example/authorize",
                "tokenUrl": "https://auth.example/token",
                "refreshUrl": "https://auth.example/refresh",
                "scopes": scopes
            }
        }}})
    );
    assert_eq!(
        doc["paths"]["/x"]["get"]["security"],
        json!([{"corp": ["a"]}])
    );
    // The authenticated level: the scheme with no scope, never `[]`.
    assert_eq!(
        doc["paths"]["/me"]["get"]["security"],
        json!([{"corp": []}])
    );
}

#[test]
fn url_flags_override_the_section() {
    let s = spec(FLOWS);
    let opts = ExportOptions {
        token_url: Some("https://staging.example/token".into()),
        ..ExportOptions::for_spec(s.spec())
    };
    let doc = export(&s, &opts);
    assert_eq!(
        doc["components"]["securitySchemes"]["corp"]["flows"],
        json!({"clientCredentials": {"tokenUrl": "https://staging.example/token", "scopes": {"a": "A"}}})
    );
    let opts = ExportOptions {
        scheme: "other".into(),
        ..ExportOptions::for_spec(s.spec())
    };
    assert!(export(&s, &opts)["components"]["securitySchemes"]["other"].is_object());
}

#[test]
fn an_open_id_connect_section_and_no_section() {
    let s = spec(
        "openapi: {openIdConnectUrl: \"https://auth.example/.well-known/openid-configuration\"}\n",
    );
    let doc = export(&s, &ExportOptions::for_spec(s.spec()));
    assert_eq!(
        doc["components"]["securitySchemes"]["oauth2"],
        json!({"type": "openIdConnect", "openIdConnectUrl": "https://auth.example/.well-known/openid-configuration"})
    );
    let none = spec("");
    let err = scopes_openapi::export::document(none.spec(), &ExportOptions::for_spec(none.spec()))
        .expect_err("no URL anywhere");
    assert!(err.0.contains("--token-url"), "{err}");
    assert!(err.0.contains("`openapi:` section"), "{err}");
}

#[test]
fn merge_writes_the_sections_scheme() {
    let s = spec(FLOWS);
    let doc = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get: {summary: x}\n  /me:\n    get: {summary: me}\n";
    let merged = scopes_openapi::merge::merge(
        "doc",
        doc,
        s.spec(),
        &ExportOptions::for_spec(s.spec()),
        true,
    )
    .expect("merge");
    let v: Value = serde_saphyr::from_str(&merged.text).expect("YAML");
    let v: Value = serde_json::to_value(v).unwrap();
    assert_eq!(
        v["paths"]["/x"]["get"]["security"],
        json!([{"corp": ["a"]}])
    );
    assert_eq!(v["paths"]["/me"]["get"]["security"], json!([{"corp": []}]));
    let flows = &v["components"]["securitySchemes"]["corp"]["flows"];
    assert_eq!(
        flows["authorizationCode"]["refreshUrl"],
        "https://auth.example/refresh"
    );
    assert_eq!(
        flows["clientCredentials"]["tokenUrl"],
        "https://auth.example/token"
    );
}
