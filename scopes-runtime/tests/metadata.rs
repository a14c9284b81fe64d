//! RFC 9728 protected-resource metadata built from a spec, and the layer
//! serving it on any tower service (no axum).
#![cfg(feature = "http")]

use scopes_runtime::Tables;
use scopes_runtime::metadata::ResourceMetadata;

mod foxy {
    scopes_runtime::include_spec!("../spec/foxy.yaml");
}

fn tables() -> &'static Tables<'static> {
    foxy::TABLES
}

// RFC 9728 §3.1: the well-known string goes between host and path.
#[test]
fn urls_follow_rfc9728_section_3_1() {
    let m = ResourceMetadata::new("https://resource.example.com/resource1", tables()).unwrap();
    assert_eq!(
        m.url(),
        "https://resource.example.com/.well-known/oauth-protected-resource/resource1"
    );
    assert_eq!(
        m.paths(),
        [
            "/.well-known/oauth-protected-resource/resource1",
            "/.well-known/oauth-protected-resource"
        ]
    );
    let m = ResourceMetadata::new("https://resource.example.com", tables()).unwrap();
    assert_eq!(
        m.url(),
        "https://resource.example.com/.well-known/oauth-protected-resource"
    );
    assert_eq!(m.paths(), ["/.well-known/oauth-protected-resource"]);
}

#[test]
fn bad_resources() {
    for r in [
        "api.example",
        "https://",
        "https:///x",
        "https://a/b?c",
        "https://a#b",
        "ftp://a",
    ] {
        assert!(ResourceMetadata::new(r, tables()).is_err(), "{r}");
    }
}

#[test]
#[cfg(feature = "dynamic")]
fn document_lists_exactly_the_spec_scopes() {
    let m = ResourceMetadata::new("https://api.foxy.example", tables())
        .unwrap()
        .authorization_server("https://auth.foxy.example");
    let doc: serde_json::Value = serde_json::from_str(&m.to_json()).unwrap();
    assert_eq!(doc["resource"], "https://api.foxy.example");
    assert_eq!(doc["authorization_servers"][0], "https://auth.foxy.example");
    assert_eq!(
        doc["bearer_methods_supported"],
        serde_json::json!(["header"])
    );
    // Independent source: the spec file read by the runtime loader.
    let spec =
        scopes_runtime::LoadedSpec::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/foxy.yaml"))
            .unwrap();
    let mut expected: Vec<&str> = spec.spec().scopes.iter().map(|s| s.name.as_str()).collect();
    let mut listed: Vec<&str> = doc["scopes_supported"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    expected.sort_unstable();
    listed.sort_unstable();
    assert_eq!(listed, expected);
}
