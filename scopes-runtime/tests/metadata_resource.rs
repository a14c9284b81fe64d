//! RFC 9728 resource identifiers found wanting in review: the identifier
//! ends up quoted in every `WWW-Authenticate` challenge
//! (`resource_metadata="..."`) and in the metadata document, so it must be
//! a plain RFC 3986 URL, and the document must survive any `resource_name`.
#![cfg(feature = "http")]

use scopes_runtime::Tables;
use scopes_runtime::metadata::ResourceMetadata;

mod foxy {
    scopes_runtime::include_spec!("../spec/foxy.yaml");
}

fn tables() -> &'static Tables<'static> {
    foxy::TABLES
}

// RFC 3986 §2: a URI is ASCII letters, digits, `-._~`, the delimiters and
// `%HH`; a `"` or a control character would end or break the quoted
// `resource_metadata` parameter (and a non-ASCII byte makes the challenge
// header unbuildable). Userinfo (`user:pw@`) has no place in a resource
// identifier published to every client.
#[test]
fn resource_must_be_a_plain_uri() {
    for r in [
        "https://api.example/a\"b",
        "https://api.example/a\\b",
        "https://api.example/a\tb",
        "https://api.example/a\r\nSet-Cookie: x",
        "https://api.example/caf\u{e9}",
        "https://api.example/<x>",
        "https://api.example/a%zz",
        "https://api.example/a%2",
        "https://user:pw@api.example/x",
        "https://@api.example",
        "https://:443/x",
    ] {
        assert!(
            ResourceMetadata::new(r, tables()).is_err(),
            "{r:?} accepted"
        );
    }
    for r in [
        "https://api.example",
        "https://api.example:8443/v1/foxy",
        "https://[::1]:8443/x",
        "https://api.example/a%20b/~c_d.e-f!$&'()*+,;=:@",
    ] {
        assert!(ResourceMetadata::new(r, tables()).is_ok(), "{r:?} refused");
    }
}

// RFC 9728 §3.1 example: host, then the well-known string, then the path.
#[test]
fn well_known_url_keeps_port_and_path() {
    let m = ResourceMetadata::new("https://api.example:8443/v1/foxy", tables()).unwrap();
    assert_eq!(
        m.url(),
        "https://api.example:8443/.well-known/oauth-protected-resource/v1/foxy"
    );
    assert_eq!(
        m.paths()[0],
        "/.well-known/oauth-protected-resource/v1/foxy"
    );
    // "any terminating slash ... MUST be removed".
    let m = ResourceMetadata::new("https://api.example/", tables()).unwrap();
    assert_eq!(
        m.url(),
        "https://api.example/.well-known/oauth-protected-resource"
    );
}

// JSON escaping: whatever the name, the document parses back to it.
#[test]
fn resource_name_is_escaped() {
    let name = "Foxy \"store\" \\ </script>\n\u{2028}\u{0}";
    let m = ResourceMetadata::new("https://api.example", tables())
        .unwrap()
        .resource_name(name)
        .authorization_server("https://auth.example/\"x");
    let doc: serde_json::Value = serde_json::from_str(&m.to_json()).unwrap();
    assert_eq!(doc["resource_name"], name);
    assert_eq!(doc["authorization_servers"][0], "https://auth.example/\"x");
}

// RFC 9728 §1.2: the resource identifier "uses the https scheme". Plain
// http is kept for a service on the loopback interface (development,
// tests) and nowhere else: metadata and tokens for a public http origin
// travel in clear.
#[test]
fn http_only_on_loopback() {
    for r in [
        "http://127.0.0.1:8080",
        "http://localhost:3000/foxy",
        "http://[::1]/x",
    ] {
        assert!(ResourceMetadata::new(r, tables()).is_ok(), "{r} refused");
    }
    for r in [
        "http://api.example",
        "http://localhost.evil.example",
        "http://127.0.0.1.evil.example",
        "http://10.0.0.1",
    ] {
        assert!(ResourceMetadata::new(r, tables()).is_err(), "{r} accepted");
    }
}
