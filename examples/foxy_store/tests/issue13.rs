//! Issue #13, "Why": each defect found over raw sockets against this
//! example, as a raw-socket test (an HTTP client would merge duplicate
//! headers, normalize paths or refuse odd methods and bytes).
//!
//! Expected values come from the RFCs each bullet cites, and from the
//! routes `app_with` registers (for `Allow`).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use foxy_store::{ISSUER, RESOURCE, now, sign, token};
use jsonwebtoken::{Algorithm, Header};
use scopes_runtime::axum::BodyFormat;
use serde_json::{Value, json};

const SECRET: &[u8] = b"issue-13-secret";

/// Serve the example on 127.0.0.1:0 from its own thread.
fn serve() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, foxy_store::app(SECRET, BodyFormat::Text))
                .await
                .unwrap();
        });
    });
    addr
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// Send `head` (request line and header lines, without the blank line)
/// exactly as written.
fn raw(addr: SocketAddr, head: &[u8]) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(head).unwrap();
    s.write_all(b"Host: foxy\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
        .unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Reply {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// `METHOD target` with one `Authorization` line per entry of `auth`.
fn request(addr: SocketAddr, method: &str, target: &str, auth: &[&str]) -> Reply {
    let mut head = format!("{method} {target} HTTP/1.1\r\n");
    for a in auth {
        head += &format!("Authorization: {a}\r\n");
    }
    raw(addr, head.as_bytes())
}

/// The claims the example's validator accepts (iss, aud, exp), plus `extra`.
fn claims(extra: &Value) -> Value {
    let mut c = json!({"sub": "t", "iss": ISSUER, "aud": RESOURCE, "exp": now() + 600});
    for (k, v) in extra.as_object().unwrap() {
        c[k] = v.clone();
    }
    c
}

fn at_jwt() -> Header {
    let mut h = Header::new(Algorithm::HS256);
    h.typ = Some("at+jwt".into());
    h
}

fn mint(extra: &Value) -> String {
    sign(SECRET, &at_jwt(), &claims(extra))
}

const RESEND: &str = "/transactions/7/send_emails";

/// Why, bullet 1: two `Authorization` fields. RFC 9110 §5.3 (a singleton
/// field) and RFC 6750 §3.1: 400 `invalid_request`, whichever comes first.
#[test]
fn two_authorization_fields_are_a_bad_request() {
    let addr = serve();
    let full = format!("Bearer {}", token(SECRET, "store_full_access"));
    let weak = format!("Bearer {}", token(SECRET, "carts_read"));
    for order in [[&full, &weak], [&weak, &full]] {
        let r = request(addr, "POST", RESEND, &[order[0], order[1]]);
        assert_eq!(r.status, 400, "{}", r.body);
        assert!(
            r.header("www-authenticate")
                .contains("error=\"invalid_request\""),
            "{}",
            r.header("www-authenticate")
        );
    }
    // One field: served.
    assert_eq!(request(addr, "POST", RESEND, &[&full]).status, 200);
}

/// Why, bullet 2: `nbf` an hour ahead (RFC 7519 §4.1.5: must not be
/// accepted) and an unknown `crit` header (RFC 7515 §4.1.11: reject).
#[test]
fn tokens_not_yet_valid_or_with_unknown_crit_are_invalid() {
    let addr = serve();
    let path = "/transactions/7";
    let scope = json!({"scope": "transactions_read"});
    // Control: the same claims with a past nbf are fine.
    let ok = mint(&json!({"scope": "transactions_read", "nbf": now() - 10}));
    assert_eq!(
        request(addr, "GET", path, &[&format!("Bearer {ok}")]).status,
        200
    );

    let early = mint(&json!({"scope": "transactions_read", "nbf": now() + 3600}));
    let r = request(addr, "GET", path, &[&format!("Bearer {early}")]);
    assert_eq!(r.status, 401);
    let www = r.header("www-authenticate");
    assert!(www.contains("error=\"invalid_token\""), "{www}");
    assert!(www.contains("not valid yet"), "{www}");

    let mut header = at_jwt();
    header.crit = Some(vec!["urn:example:must-understand".into()]);
    let crit = sign(SECRET, &header, &claims(&scope));
    let r = request(addr, "GET", path, &[&format!("Bearer {crit}")]);
    assert_eq!(r.status, 401);
    let www = r.header("www-authenticate");
    assert!(www.contains("error=\"invalid_token\""), "{www}");
    assert!(www.contains("critical header"), "{www}");
    // Nothing secret in the description.
    assert!(
        !www.contains("urn:example") && !www.contains(&crit),
        "{www}"
    );
}

/// Why, bullet 3: the scheme is case-insensitive (RFC 9110 §11.1) and
/// `1*SP` separates it from the token (RFC 6750 §2.1).
#[test]
fn bearer_scheme_case_and_spaces() {
    let addr = serve();
    let t = token(SECRET, "transactions_read");
    for auth in [
        format!("bearer {t}"),
        format!("BEARER {t}"),
        format!("Bearer  {t}"),
        format!("bEaReR   {t}"),
    ] {
        let r = request(addr, "GET", "/transactions/7", &[&auth]);
        assert_eq!(r.status, 200, "{auth:.12}: {}", r.body);
    }
    // A tab is not SP.
    let r = request(addr, "GET", "/transactions/7", &[&format!("Bearer\t{t}")]);
    assert_eq!(r.status, 400);
}

/// Why, bullet 4: a valid token without a scope claim is authenticated
/// and grants nothing: 403 `insufficient_scope` (RFC 6750 §3.1), not a
/// bare 401. `scp` as a string is a scope string.
#[test]
fn no_scope_claim_is_insufficient_scope_and_scp_strings_count() {
    let addr = serve();
    let bare = mint(&json!({}));
    let r = request(addr, "GET", "/transactions/7", &[&format!("Bearer {bare}")]);
    assert_eq!(r.status, 403, "{}", r.body);
    let www = r.header("www-authenticate");
    assert!(www.contains("error=\"insufficient_scope\""), "{www}");
    assert!(www.contains("scope=\"transactions_read\""), "{www}");

    for scp in [json!("transactions_read"), json!(["transactions_read"])] {
        let t = mint(&json!({ "scp": scp }));
        let r = request(addr, "GET", "/transactions/7", &[&format!("Bearer {t}")]);
        assert_eq!(r.status, 200, "scp {scp}: {}", r.body);
    }
    let t = mint(&json!({"scp": "carts_read"}));
    let r = request(addr, "GET", "/transactions/7", &[&format!("Bearer {t}")]);
    assert_eq!(r.status, 403);
}

/// Why, bullet 5 (the layer's part): raw non-ASCII bytes in the request
/// target are 400; an HTTP client would percent-encode them.
#[test]
fn raw_non_ascii_targets_are_bad_requests() {
    let addr = serve();
    let auth = format!(
        "Authorization: Bearer {}\r\n",
        token(SECRET, "transactions_write")
    );
    for target in [
        &b"/transactions/7/capture\xc3\xa9"[..],
        b"/transactions/\xff/capture",
        b"/transactions/7/capture?x=\xc3\xa9",
    ] {
        let mut head = b"POST ".to_vec();
        head.extend_from_slice(target);
        head.extend_from_slice(b" HTTP/1.1\r\n");
        head.extend_from_slice(auth.as_bytes());
        let r = raw(addr, &head);
        assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(target));
    }
}

/// Why, bullet 5: near-miss paths. Each is served today by the
/// `{transaction_action}` handler with a write scope; a back end that trims
/// or strips `;...` would run the resend action. The path rules (two
/// servers must not read a path differently) deny them: not 2xx.
fn near_miss(suffix: &str) {
    let addr = serve();
    let write = format!("Bearer {}", token(SECRET, "transactions_write"));
    // Control: the exact path needs transactions_resend.
    assert_eq!(request(addr, "POST", RESEND, &[&write]).status, 403);
    let target = format!("{RESEND}{suffix}");
    let r = request(addr, "POST", &target, &[&write]);
    assert_eq!(r.status, 404, "{target}: {}", r.body);
}

#[test]
fn near_miss_encoded_space() {
    near_miss("%20");
}

#[test]
fn near_miss_path_parameter() {
    near_miss(";jsessionid=abc");
}

#[test]
fn near_miss_encoded_tab() {
    near_miss("%09");
}

#[test]
fn near_miss_encoded_newline() {
    near_miss("%0a");
}

#[test]
fn near_miss_encoded_hash() {
    near_miss("%23");
}

#[test]
fn near_miss_encoded_question_mark() {
    near_miss("%3Fx");
}

/// Why, bullet 6: `Allow` lists what the router serves for the route
/// (`app_with` registers GET and PATCH on /carts/{id}; GET implies HEAD,
/// RFC 9110 §9.3.2), not the spec's seven methods.
#[test]
fn method_not_allowed_lists_what_the_router_serves() {
    let addr = serve();
    let full = format!("Bearer {}", token(SECRET, "store_full_access"));
    for method in ["FOO", "DELETE", "PUT"] {
        let r = request(addr, method, "/carts/1", &[&full]);
        assert_eq!(r.status, 405, "{method}");
        let mut allow: Vec<&str> = r.header("allow").split(',').map(str::trim).collect();
        allow.sort_unstable();
        assert_eq!(allow, ["GET", "HEAD", "PATCH"], "{method}");
    }
}

/// Item 3: RFC 9728 metadata, with exactly the spec's scopes, named in
/// every challenge.
#[test]
fn protected_resource_metadata() {
    let addr = serve();
    let r = request(addr, "GET", "/.well-known/oauth-protected-resource", &[]);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), "application/json");
    let doc: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(doc["resource"], RESOURCE);
    assert_eq!(doc["authorization_servers"], json!([ISSUER]));
    assert_eq!(doc["bearer_methods_supported"], json!(["header"]));
    // Independent source: the spec loaded at runtime by scopes-spec.
    let spec = scopes_runtime::LoadedSpec::load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../spec/foxy.yaml"
    ))
    .unwrap();
    let mut expected: Vec<String> = spec.spec().scopes.iter().map(|s| s.name.clone()).collect();
    let mut listed: Vec<String> = doc["scopes_supported"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    expected.sort();
    listed.sort();
    assert_eq!(listed, expected);

    let url = "https://api.foxy.example/.well-known/oauth-protected-resource";
    let r = request(addr, "GET", "/transactions/7", &[]);
    assert_eq!(r.status, 401);
    assert!(
        r.header("www-authenticate")
            .ends_with(&format!("resource_metadata=\"{url}\"")),
        "{}",
        r.header("www-authenticate")
    );
}
