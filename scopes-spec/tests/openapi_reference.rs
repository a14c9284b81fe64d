//! The `openapi:` section against OpenAPI 3.1's rules (issue 14 item 2,
//! mutation testing of `src/openapi_section.rs` and the flow kinds of
//! `src/model.rs`): §4.8.29 (OAuth Flow Object) says which URLs each flow
//! requires, §4.8.7 the component-name pattern `^[a-zA-Z0-9._-]+$`; the
//! README asks for absolute URLs published as written.

use scopes_spec::load_str;
use scopes_spec::model::{FlowKind, OpenApi};

const HEAD: &str = "name: t\n";
const AUTH: &str = "https://auth.example/authorize";
const TOKEN: &str = "https://auth.example/token";
const REFRESH: &str = "https://auth.example/refresh";

/// (key, kind, needs authorizationUrl, needs tokenUrl), from OpenAPI 3.1
/// §4.8.29: implicit and authorizationCode have an authorization endpoint;
/// password, clientCredentials and authorizationCode a token endpoint.
const FLOWS: [(&str, FlowKind, bool, bool); 4] = [
    ("implicit", FlowKind::Implicit, true, false),
    ("password", FlowKind::Password, false, true),
    (
        "clientCredentials",
        FlowKind::ClientCredentials,
        false,
        true,
    ),
    ("authorizationCode", FlowKind::AuthorizationCode, true, true),
];

fn section(yaml_section: &str) -> Result<OpenApi, Vec<(String, Option<String>)>> {
    match load_str("t.yaml", format!("{HEAD}openapi:\n{yaml_section}")) {
        Ok(l) => Ok(l.spec.openapi),
        Err(r) => Err(r
            .errors()
            .map(|d| (d.message.clone(), d.help.clone()))
            .collect()),
    }
}

#[test]
fn each_flow_takes_exactly_its_urls() {
    for (key, kind, auth, token) in FLOWS {
        assert_eq!(kind.key(), key);
        assert_eq!(kind.endpoints(), (auth, token), "{key}");
        for (give_auth, give_token) in [(false, false), (true, false), (false, true), (true, true)]
        {
            let mut fields = Vec::new();
            if give_auth {
                fields.push(format!("authorizationUrl: \"{AUTH}\""));
            }
            if give_token {
                fields.push(format!("tokenUrl: \"{TOKEN}\""));
            }
            fields.push(format!("refreshUrl: \"{REFRESH}\""));
            let got = section(&format!("  flows:\n    {key}: {{{}}}\n", fields.join(", ")));
            let case = format!("{key} auth={give_auth} token={give_token}");
            if (give_auth, give_token) == (auth, token) {
                let openapi = got.unwrap_or_else(|e| panic!("{case}: {e:?}"));
                assert_eq!(openapi.flows.len(), 1, "{case}");
                let flow = &openapi.flows[0];
                assert_eq!(flow.kind, kind, "{case}");
                assert_eq!(
                    flow.authorization_url.as_deref(),
                    auth.then_some(AUTH),
                    "{case}"
                );
                assert_eq!(flow.token_url.as_deref(), token.then_some(TOKEN), "{case}");
                assert_eq!(flow.refresh_url.as_deref(), Some(REFRESH), "{case}");
                continue;
            }
            let errors = got.expect_err(&case);
            for (name, needed, given) in [
                ("authorizationUrl", auth, give_auth),
                ("tokenUrl", token, give_token),
            ] {
                let message = match (needed, given) {
                    (true, false) => format!("the `{key}` flow needs `{name}`"),
                    (false, true) => format!("the `{key}` flow has no `{name}`"),
                    _ => continue,
                };
                let (_, help) = errors
                    .iter()
                    .find(|(m, _)| *m == message)
                    .unwrap_or_else(|| panic!("{case}: no {message:?} in {errors:?}"));
                let help = help.as_deref().unwrap_or_default();
                // The help names what the flow takes, and nothing else.
                assert!(
                    help.starts_with(&format!("`{key}` takes ")),
                    "{case}: {help}"
                );
                assert_eq!(help.contains("`authorizationUrl`"), auth, "{case}: {help}");
                assert_eq!(help.contains("`tokenUrl`"), token, "{case}: {help}");
            }
        }
    }
}

#[test]
fn flows_are_kept_in_openapi_order() {
    let all = FLOWS
        .iter()
        .rev()
        .map(|(key, _, auth, token)| {
            let mut f = Vec::new();
            if *auth {
                f.push(format!("authorizationUrl: \"{AUTH}\""));
            }
            if *token {
                f.push(format!("tokenUrl: \"{TOKEN}\""));
            }
            format!("    {key}: {{{}}}\n", f.join(", "))
        })
        .collect::<String>();
    let openapi = section(&format!("  scheme: my.auth-2_x\n  flows:\n{all}")).expect("valid");
    let kinds: Vec<FlowKind> = openapi.flows.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, FLOWS.map(|f| f.1));
    assert_eq!(openapi.scheme.as_deref(), Some("my.auth-2_x"));
    assert_eq!(openapi.open_id_connect_url, None);
    // One bad flow is left out, the others stay, and the section errs.
    let errors = section(&format!(
        "  flows:\n    password: {{tokenUrl: \"{TOKEN}\"}}\n    implicit: {{tokenUrl: \"{TOKEN}\"}}\n"
    ))
    .expect_err("implicit has no tokenUrl");
    assert!(
        errors.iter().all(|(m, _)| !m.contains("lists no flow")),
        "{errors:?}"
    );
}

#[test]
fn an_empty_flows_mapping_is_an_error() {
    let errors = section("  flows: {}\n").expect_err("no flow");
    assert!(
        errors.iter().any(|(m, _)| m == "`flows` lists no flow"),
        "{errors:?}"
    );
}

/// `^[a-zA-Z0-9._-]+$`, brute force over one- and two-character names.
#[test]
fn scheme_names_are_openapi_component_keys() {
    let component = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-')
    };
    let chars: Vec<char> = (0x21u8..0x7f)
        .map(char::from)
        .filter(|c| !"\"\\'#&*!|>%@`{}[],:?".contains(*c))
        .collect();
    let mut names: Vec<String> = vec!["\"\"".into()];
    for a in &chars {
        names.push(format!("a{a}"));
        names.push(format!("{a}z"));
    }
    for name in names {
        let got = section(&format!("  scheme: \"{name}\"\n"));
        let plain = name.trim_matches('"');
        assert_eq!(got.is_ok(), component(plain), "{name:?}: {got:?}");
        if let Ok(o) = got {
            assert_eq!(o.scheme.as_deref(), Some(plain));
        }
    }
}

/// Absolute `https://` or `http://` URLs with a host, nothing a publisher
/// would have to escape.
#[test]
fn urls_must_be_absolute_with_a_host() {
    for (url, ok) in [
        ("https://a.example/token", true),
        ("http://a.example", true),
        ("https://a.example:8443/t?x=1#f", true),
        ("https://a.example?x", true),
        ("ftp://a.example/t", false),
        ("/oauth/token", false),
        ("https://", false),
        ("https:///t", false),
        ("https://:443/t", false),
        ("https://?x", false),
        ("https://a.example/t x", false),
        ("https://a.example/t\\u0009", false),
        ("https://a.example/<t>", false),
        ("https://a.example/\\\"t", false),
        ("https://a.example/\\\\t", false),
        ("https://a.example/t\\u007f", false),
    ] {
        let got = section(&format!("  openIdConnectUrl: \"{url}\"\n"));
        assert_eq!(got.is_ok(), ok, "{url}: {got:?}");
        if let Ok(o) = got {
            assert_eq!(o.open_id_connect_url.as_deref(), Some(url));
        } else {
            let errors = got.unwrap_err();
            assert!(
                errors
                    .iter()
                    .any(|(m, _)| m == "`openIdConnectUrl` must be an absolute URL"),
                "{url}: {errors:?}"
            );
        }
    }
}

/// `flows` that lists flows, all of them wrong, gets each flow's error
/// and not also "lists no flow" (one mistake, one error).
#[test]
fn a_wrong_flow_is_not_also_a_missing_one() {
    for (key, _, auth, _) in FLOWS {
        // Each flow given only the URL it lacks, or none when it has both.
        let field = if auth {
            String::new()
        } else {
            format!("authorizationUrl: \"{AUTH}\"")
        };
        let errors = section(&format!("  flows:\n    {key}: {{{field}}}\n")).expect_err(key);
        assert!(
            errors.iter().all(|(m, _)| !m.contains("lists no flow")),
            "{key}: {errors:?}"
        );
        assert!(
            errors
                .iter()
                .any(|(m, _)| m.starts_with(&format!("the `{key}` flow"))),
            "{key}: {errors:?}"
        );
    }
}
