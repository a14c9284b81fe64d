//! The optional `openapi:` section: the scheme name and flow URLs that
//! `scopes export --format openapi` writes. Each mistake is located at the
//! value (line and column found by searching the YAML text here) with a fix.

use scopes_spec::load_str;
use scopes_spec::model::{Flow, FlowKind, OpenApi};

const HEAD: &str = "name: t\nscopes:\n  a: {description: x}\nroutes:\n  - {path: /a, methods: [GET], requires: a}\n";

#[test]
fn the_section_is_lowered_in_openapi_order() {
    let yaml = format!(
        "{HEAD}openapi:
  scheme: petstore_auth
  flows:
    authorizationCode:
      authorizationUrl: https://auth.example/authorize
      tokenUrl: https://auth.example/token
      refreshUrl: https://auth.example/refresh
    clientCredentials: {{tokenUrl: \"https://auth.example/token\"}}
"
    );
    let spec = load_str("t.yaml", yaml).expect("valid").spec;
    assert_eq!(
        spec.openapi,
        OpenApi {
            scheme: Some("petstore_auth".into()),
            flows: vec![
                Flow {
                    kind: FlowKind::ClientCredentials,
                    authorization_url: None,
                    token_url: Some("https://auth.example/token".into()),
                    refresh_url: None,
                },
                Flow {
                    kind: FlowKind::AuthorizationCode,
                    authorization_url: Some("https://auth.example/authorize".into()),
                    token_url: Some("https://auth.example/token".into()),
                    refresh_url: Some("https://auth.example/refresh".into()),
                },
            ],
            open_id_connect_url: None,
        }
    );
    let oidc = format!(
        "{HEAD}openapi: {{openIdConnectUrl: \"https://auth.example/.well-known/openid-configuration\"}}\n"
    );
    let spec = load_str("t.yaml", oidc).expect("valid").spec;
    assert_eq!(
        spec.openapi.open_id_connect_url.as_deref(),
        Some("https://auth.example/.well-known/openid-configuration")
    );
    // No section: nothing (flags decide).
    assert_eq!(
        load_str("t.yaml", HEAD).unwrap().spec.openapi,
        OpenApi::default()
    );
}

/// (case, section text, message fragment, help fragment, the text the error
/// points at, searched in the section)
const ERRORS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "relative URL",
        "openapi:\n  flows:\n    clientCredentials: {tokenUrl: /oauth/token}\n",
        "`tokenUrl` must be an absolute URL",
        "e.g. `tokenUrl: https://auth.example/oauth/token`",
        "/oauth/token",
    ),
    (
        "URL without a host",
        "openapi:\n  flows:\n    implicit: {authorizationUrl: \"https:///x\"}\n",
        "`authorizationUrl` must be an absolute URL",
        "",
        "\"https:///x\"",
    ),
    (
        "missing tokenUrl",
        "openapi:\n  flows:\n    authorizationCode: {authorizationUrl: \"https://a.example/authorize\"}\n",
        "the `authorizationCode` flow needs `tokenUrl`",
        "`authorizationCode` takes `authorizationUrl` and `tokenUrl`",
        "{authorizationUrl",
    ),
    (
        "a URL the flow does not have",
        "openapi:\n  flows:\n    clientCredentials: {tokenUrl: \"https://a.example/t\", authorizationUrl: \"https://a.example/a\"}\n",
        "the `clientCredentials` flow has no `authorizationUrl`",
        "`clientCredentials` takes `tokenUrl`",
        "\"https://a.example/a\"",
    ),
    (
        "flows and openIdConnectUrl",
        "openapi:\n  flows:\n    password: {tokenUrl: \"https://a.example/t\"}\n  openIdConnectUrl: \"https://a.example/.well-known/openid-configuration\"\n",
        "a scheme has `flows` or `openIdConnectUrl`, not both",
        "keep `flows` for an oauth2 scheme",
        "\"https://a.example/.well-known",
    ),
    (
        "scheme name",
        "openapi:\n  scheme: \"my scheme\"\n",
        "`my scheme` is not an OpenAPI component name",
        "letters",
        "\"my scheme\"",
    ),
    (
        "unknown flow",
        "openapi:\n  flows:\n    clientCredential: {tokenUrl: \"https://a.example/t\"}\n",
        "unknown key `clientCredential`",
        "did you mean `clientCredentials`?",
        "clientCredential:",
    ),
];

#[test]
fn each_section_error_is_located_with_the_fix() {
    for &(case, section, message, help, token) in ERRORS {
        let yaml = format!("{HEAD}{section}");
        let report = load_str("t.yaml", yaml.clone()).expect_err(case);
        let d = report
            .errors()
            .find(|d| d.message.contains(message))
            .unwrap_or_else(|| panic!("{case}: no {message:?} in {:#?}", report.diagnostics));
        let offset = HEAD.len() + section.find(token).expect("token in section");
        let line = yaml[..offset].matches('\n').count() + 1;
        let col = offset - yaml[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
        let got = report.file.line_col(d.span.start);
        assert_eq!(got, (line, col), "{case}: {}", d.message);
        if !help.is_empty() {
            let h = d.help.as_deref().unwrap_or_default();
            assert!(h.contains(help), "{case}: help {h:?} lacks {help:?}");
        }
    }
}
