//! `ScopeLayer`'s decision on a plain tower service (no axum router), held
//! to the contract its module docs state, RFC 6750 (statuses, challenges,
//! the `scope` attribute), RFC 9110 (405 with `Allow`, HEAD) and RFC 9728
//! (metadata), over `tests/data/layered.yaml`: 70 scopes `s00`..`s69`
//! (a grant spans two 64-bit words), written for these tests.
//!
//! Expected values are written here from those rules, never read back from
//! the layer: e.g. a 403's `scope` names, per OR-group of the requirement,
//! the granted scope of a group the token meets, else the group's first
//! named scope (each once).
#![cfg(feature = "http")]

mod common;

use std::collections::BTreeSet;
use std::convert::Infallible;
use std::task::{Context, Poll};

use axum::body::HttpBody as _;
use bytes::Bytes;
use common::Answer;
use common::tokens::Tokens;
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use scopes_runtime::authenticate::{Authenticate, TokenInfo};
use scopes_runtime::bearer::BearerMethods;
use scopes_runtime::layer::{Authorized, ScopeLayer};
use scopes_runtime::metadata::ResourceMetadata;
use scopes_runtime::refusal::{BodyFormat, RefusalCounts};
use scopes_runtime::{Granted, TokenScopes};
use tower::{Layer, Service, ServiceExt};

mod layered {
    scopes_runtime::include_spec!("tests/data/layered.yaml");
}

mod members {
    scopes_runtime::include_spec!("tests/data/members.yaml");
}

/// The inner service: answers 200 with the route the layer authorized and
/// the subject of the token it verified (`-` without), `route|subject`.
async fn echo(req: Request<Full<Bytes>>) -> Result<Response<Full<Bytes>>, Infallible> {
    let route = req
        .extensions()
        .get::<Authorized>()
        .map_or("?", |a| a.route.as_str())
        .to_owned();
    let subject = req
        .extensions()
        .get::<TokenInfo>()
        .and_then(|t| t.subject.clone())
        .unwrap_or_else(|| "-".to_owned());
    Ok(Response::new(Full::new(Bytes::from(format!(
        "{route}|{subject}"
    )))))
}

/// What an outer authentication layer left in the request.
#[derive(Clone)]
enum Outer {
    Nothing,
    Scope(&'static str),
    List(&'static [&'static str]),
    Grant(Granted),
}

fn request(method: &str, uri: &[u8], outer: &Outer) -> Request<Full<Bytes>> {
    let mut req = Request::builder()
        .method(method)
        .uri(http::Uri::try_from(uri).unwrap())
        .body(Full::new(Bytes::new()))
        .unwrap();
    let ext = req.extensions_mut();
    match outer.clone() {
        Outer::Nothing => {}
        Outer::Scope(s) => {
            ext.insert(TokenScopes::Scope(s.to_owned()));
        }
        Outer::List(l) => {
            ext.insert(TokenScopes::List(
                l.iter().map(|s| (*s).to_owned()).collect(),
            ));
        }
        Outer::Grant(g) => {
            ext.insert(g);
        }
    }
    req
}

async fn send<A>(layer: &ScopeLayer<A>, req: Request<Full<Bytes>>) -> Answer
where
    A: Authenticate + Send + Sync + 'static,
{
    let res = layer
        .layer(tower::service_fn(echo))
        .oneshot(req)
        .await
        .unwrap();
    Answer::read(res).await
}

fn layer() -> ScopeLayer {
    ScopeLayer::new(layered::TABLES).realm("layered")
}

async fn call(method: &str, uri: &str, outer: Outer) -> Answer {
    send(&layer(), request(method, uri.as_bytes(), &outer)).await
}

/// The value of attribute `name` in a challenge (RFC 6750 §3: auth-params
/// `name="value"`; the values here hold no quote).
fn param<'c>(challenge: &'c str, name: &str) -> Option<&'c str> {
    let start = challenge.find(&format!("{name}=\""))? + name.len() + 2;
    let len = challenge[start..].find('"')?;
    Some(&challenge[start..start + len])
}

/// A 403's `scope` attribute as a sorted list (a scope-token set,
/// RFC 6749 §3.3, so the order is not part of it; duplicates are kept).
fn scope_list(a: &Answer) -> Vec<String> {
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    assert_eq!(param(a.challenge(), "error"), Some("insufficient_scope"));
    let mut v: Vec<String> = param(a.challenge(), "scope")
        .expect("403 without scope")
        .split(' ')
        .map(str::to_owned)
        .collect();
    v.sort();
    v
}

fn names(list: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
    v.sort();
    v
}

// Module docs: "scope names every scope the request needs: one per
// OR-group of the requirement (the granted one for a group the token
// meets, else the group's first named scope)". /wide requires s68 AND
// (s03 OR s66); s69 implies s66. Scopes 64 and above are in the grant's
// second word.
#[tokio::test]
async fn a_403_names_every_scope_the_request_needs() {
    let cases: &[(&str, &[&str])] = &[
        ("", &["s68", "s03"]),
        ("s00", &["s68", "s03"]),
        ("s66", &["s68", "s66"]),
        ("s03", &["s68", "s03"]),
        ("s69", &["s68", "s66"]),
        ("s68", &["s68", "s03"]),
        ("s64 s65 s67", &["s68", "s03"]),
    ];
    for (granted, needed) in cases {
        let a = call("GET", "/wide", Outer::Scope(granted)).await;
        assert_eq!(scope_list(&a), names(needed), "granted {granted:?}");
    }
    // A client asking for exactly that set gets through (RFC 6750 §3).
    for granted in ["s68 s66", "s68 s03", "s69 s68", "s00 s03 s68"] {
        let a = call("GET", "/wide", Outer::Scope(granted)).await;
        assert_eq!(a.status, StatusCode::OK, "granted {granted:?}");
        assert_eq!(a.body, "/wide|-");
    }
}

// /dedup requires (s05 OR s06) AND (s05 OR s07): s05 is the first named
// scope of both groups and is named once.
#[tokio::test]
async fn a_scope_two_groups_need_is_named_once() {
    let cases: &[(&str, &[&str])] = &[
        ("", &["s05"]),
        ("s06", &["s06", "s05"]),
        ("s07", &["s05", "s07"]),
        ("s66", &["s05"]),
    ];
    for (granted, needed) in cases {
        let a = call("GET", "/dedup", Outer::Scope(granted)).await;
        assert_eq!(scope_list(&a), names(needed), "granted {granted:?}");
    }
    // /low: s01 OR s02, one group.
    let a = call("GET", "/low", Outer::Scope("s64")).await;
    assert_eq!(scope_list(&a), names(&["s01"]));
    assert_eq!(
        a.challenge(),
        "Bearer realm=\"layered\", error=\"insufficient_scope\", scope=\"s01\""
    );
    assert_eq!(call("GET", "/low", Outer::Scope("s02")).await.status, 200);
}

// The three levels (README): public, authenticated (any valid token, even
// one without scopes), scoped; no credentials on a protected route is a
// 401 with a bare challenge (RFC 6750 §3.1), never a 403.
#[tokio::test]
async fn levels_and_missing_credentials() {
    let a = call("GET", "/open", Outer::Nothing).await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "/open|-"));
    for path in ["/me", "/wide", "/low", "/items/1"] {
        let a = call("GET", path, Outer::Nothing).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(a.challenge(), "Bearer realm=\"layered\"", "{path}");
    }
    for granted in ["", "s00", "s69"] {
        let a = call("GET", "/me", Outer::Scope(granted)).await;
        assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "/me|-"));
    }
    let a = call("GET", "/me", Outer::List(&[])).await;
    assert_eq!(a.status, StatusCode::OK);
    let a = call("GET", "/low", Outer::List(&["s64", "s02"])).await;
    assert_eq!(a.status, StatusCode::OK);
}

// RFC 6749 §3.3: a scope-token is 1*NQCHAR, which excludes `"` and `\`; a
// malformed scope string is an invalid token (401), and nothing is
// granted. One name per element of a list.
#[tokio::test]
async fn a_malformed_scope_string_is_an_invalid_token() {
    for outer in [
        Outer::Scope("s01 \"x\""),
        Outer::Scope("s01\\"),
        Outer::List(&["s01 s02"]),
    ] {
        for path in ["/low", "/open", "/me"] {
            let a = call("GET", path, outer.clone()).await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{path}");
            assert_eq!(param(a.challenge(), "error"), Some("invalid_token"));
            assert!(param(a.challenge(), "error_description").is_some());
        }
    }
}

// Module docs: the grant of an outer layer is "this spec's Granted"; a
// Granted of another spec is no credential here.
#[tokio::test]
async fn a_granted_set_counts_only_for_its_own_spec() {
    let own = Granted::parse(layered::TABLES, "s01").unwrap();
    let a = call("GET", "/low", Outer::Grant(own)).await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "/low|-"));
    let own_empty = Granted::no_scopes(layered::TABLES);
    assert_eq!(
        call("GET", "/me", Outer::Grant(own_empty)).await.status,
        StatusCode::OK
    );
    let foreign = Granted::parse(members::TABLES, "posts_write").unwrap();
    for path in ["/me", "/low"] {
        let a = call("GET", path, Outer::Grant(foreign.clone())).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(a.challenge(), "Bearer realm=\"layered\"");
    }
    // A foreign Granted beside this spec's scope string: the string counts.
    let mut req = request("GET", b"/low", &Outer::Scope("s02"));
    req.extensions_mut()
        .insert(Granted::no_scopes(members::TABLES));
    assert_eq!(send(&layer(), req).await.status, StatusCode::OK);
}

/// `alice` carries `s01`, `bob` no scope claim, `eve` a malformed scope
/// string (RFC 6749 §3.3: a quote is not a scope character); others do not
/// verify.
const TOKENS: Tokens = Tokens(&[
    ("alice", Some("s01")),
    ("bob", None),
    ("eve", Some("s01 \"s02\"")),
]);

fn bearer(method: &str, uri: &str, token: &str) -> Request<Full<Bytes>> {
    let mut req = request(method, uri.as_bytes(), &Outer::Nothing);
    req.headers_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    req
}

// Module docs: an allowed request carries the TokenInfo of the token the
// layer verified; a token without a scope claim meets the authenticated
// level and no scope; a token that does not verify, or whose scope string
// is malformed, is a 401 invalid_token (RFC 6750 §3.1).
#[tokio::test]
async fn the_layer_verifies_tokens_and_leaves_their_info() {
    let layer = layer().authenticate(TOKENS);
    let a = send(&layer, bearer("GET", "/low", "alice")).await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "/low|alice"));
    let a = send(&layer, bearer("GET", "/me", "bob")).await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "/me|bob"));
    let a = send(&layer, bearer("GET", "/low", "bob")).await;
    assert_eq!(scope_list(&a), names(&["s01"]));
    for path in ["/low", "/me", "/open"] {
        let a = send(&layer, bearer("GET", path, "eve")).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(param(a.challenge(), "error"), Some("invalid_token"));
        let a = send(&layer, bearer("GET", path, "mallory")).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(
            param(a.challenge(), "error_description"),
            Some("unknown token")
        );
    }
    // No token: public is open, protected is a bare 401.
    let a = send(&layer, request("GET", b"/open", &Outer::Nothing)).await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "/open|-"));
    let a = send(&layer, request("GET", b"/me", &Outer::Nothing)).await;
    assert_eq!(a.challenge(), "Bearer realm=\"layered\"");
    // RFC 6750 §2.1: two Authorization fields are a malformed request.
    let mut req = bearer("GET", "/low", "alice");
    req.headers_mut()
        .append("authorization", "Bearer alice".parse().unwrap());
    let a = send(&layer, req).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(param(a.challenge(), "error"), Some("invalid_request"));
}

// RFC 9110 §15.5.6: a 405 carries Allow, the target's methods; module
// docs: "405, Allow = what is both" (in the spec and served by the router),
// and a route the router serves no method of is a 404. HEAD follows GET in
// the spec (README), so /items/{id} has GET, HEAD, PUT, DELETE.
#[tokio::test]
async fn allow_lists_what_the_spec_and_the_router_both_serve() {
    let set = |m: &[&str]| m.iter().map(|s| (*s).to_owned()).collect::<BTreeSet<_>>();
    let s01 = || Outer::Scope("s01");
    // Without a router's list: the spec's methods.
    let a = call("POST", "/items/1", s01()).await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(a.allow(), set(&["GET", "HEAD", "PUT", "DELETE"]));
    assert_eq!(a.challenge(), "");
    assert_eq!(call("PUT", "/items/1", s01()).await.body, "/items/{id}|-");

    let served = layer().served_by_router([
        ("GET", "/items/{id}"),
        ("DELETE", "/items/{id}"),
        ("GET", "/not/in/the/spec"),
    ]);
    for method in ["PUT", "POST", "HEAD"] {
        let a = send(&served, request(method, b"/items/1", &s01())).await;
        assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(a.allow(), set(&["GET", "DELETE"]), "{method}");
    }
    for method in ["GET", "DELETE"] {
        let a = send(&served, request(method, b"/items/1", &s01())).await;
        assert_eq!(a.status, StatusCode::OK, "{method}");
    }
    // In the spec, no method served by the router: not found.
    let a = send(&served, request("GET", b"/carts/1", &s01())).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.headers.get("allow").is_none());
    let a = send(&served, request("GET", b"/nowhere", &s01())).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    // Non-canonical paths match nothing (README).
    for path in [&b"/items//1"[..], b"/items/1/", b"/items/a%2Fb", b"/wide/x"] {
        let a = send(&layer(), request("GET", path, &s01())).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
    }
}

fn metadata() -> ResourceMetadata {
    ResourceMetadata::new("https://api.layered.example/v2", layered::TABLES).unwrap()
}

// RFC 9728 §3.1: resource https://api.layered.example/v2 publishes its
// metadata at /.well-known/oauth-protected-resource/v2 (GET; HEAD is GET
// without a body, RFC 9110 §9.3.2); §2 `bearer_methods_supported`:
// "header", "body", "query". §5.1: challenges carry `resource_metadata`.
#[tokio::test]
async fn metadata_is_served_and_named() {
    const PATH: &[u8] = b"/.well-known/oauth-protected-resource/v2";
    let url = "https://api.layered.example/.well-known/oauth-protected-resource/v2";
    let methods = |a: &Answer| {
        let doc: serde_json::Value = serde_json::from_str(&a.body).unwrap();
        assert_eq!(doc["resource"], "https://api.layered.example/v2");
        doc["bearer_methods_supported"].clone()
    };
    let query = BearerMethods { query: true };
    // Methods set before or after the metadata: the document says them.
    for layer in [
        layer().metadata(metadata()).bearer_methods(query),
        layer().bearer_methods(query).metadata(metadata()),
    ] {
        let a = send(&layer, request("GET", PATH, &Outer::Nothing)).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.headers["content-type"], "application/json");
        assert_eq!(methods(&a), serde_json::json!(["header", "query"]));
    }
    let layer = layer().metadata(metadata());
    let a = send(&layer, request("GET", PATH, &Outer::Nothing)).await;
    assert_eq!(methods(&a), serde_json::json!(["header"]));
    let head = send(&layer, request("HEAD", PATH, &Outer::Nothing)).await;
    assert_eq!(head.status, StatusCode::OK);
    for method in ["POST", "DELETE", "PUT"] {
        let a = send(&layer, request(method, PATH, &Outer::Nothing)).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{method}");
    }
    let a = send(&layer, request("GET", b"/me", &Outer::Nothing)).await;
    assert_eq!(
        a.challenge(),
        format!("Bearer realm=\"layered\", resource_metadata=\"{url}\"")
    );
    // The realm set after the metadata keeps it, and so does authenticate.
    let later = ScopeLayer::new(layered::TABLES)
        .metadata(metadata())
        .realm("later")
        .authenticate(TOKENS);
    let a = send(&later, bearer("GET", "/low", "bob")).await;
    assert_eq!(
        a.challenge(),
        format!(
            "Bearer realm=\"later\", error=\"insufficient_scope\", scope=\"s01\", resource_metadata=\"{url}\""
        )
    );
}

// Module docs: a raw non-ASCII byte in the request target is a 400 before
// anything else (two servers would read it differently), without a
// challenge: it says nothing about credentials.
#[tokio::test]
async fn a_raw_non_ascii_target_is_a_bad_request() {
    let targets: [&[u8]; 4] = [
        "/open/\u{e9}".as_bytes(),
        "/open?q=\u{e9}".as_bytes(),
        "/.well-known/oauth-protected-resource/v\u{e9}".as_bytes(),
        "/nowhere/\u{e9}".as_bytes(),
    ];
    let layer = layer().metadata(metadata());
    for target in targets {
        let a = send(&layer, request("GET", target, &Outer::Scope("s01"))).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{target:?}");
        assert_eq!(a.challenge(), "");
    }
    // Percent-encoded, the same bytes are fine.
    let a = send(&layer, request("GET", b"/open?q=%C3%A9", &Outer::Nothing)).await;
    assert_eq!(a.status, StatusCode::OK);
}

// Each refusal counted once under its reason (RefusalCounts' docs).
#[tokio::test]
async fn refusals_are_counted_by_reason() {
    let layer = layer().authenticate(TOKENS);
    let before = layer.counts();
    assert_eq!(before, RefusalCounts::default());
    let sends: [(&str, &[u8], Option<&str>); 7] = [
        ("GET", b"/me", None),
        ("GET", b"/me", Some("mallory")),
        ("GET", b"/low", Some("bob")),
        ("GET", b"/nowhere", None),
        ("POST", b"/low", None),
        ("GET", "/\u{e9}".as_bytes(), None),
        ("GET", b"/low", Some("alice")),
    ];
    for (method, uri, token) in sends {
        let mut req = request(method, uri, &Outer::Nothing);
        if let Some(t) = token {
            req.headers_mut()
                .insert("authorization", format!("Bearer {t}").parse().unwrap());
        }
        send(&layer, req).await;
    }
    let expected = RefusalCounts {
        unauthenticated: 1,
        invalid_token: 1,
        insufficient_scope: 1,
        not_found: 1,
        method_not_allowed: 1,
        bad_request: 1,
    };
    assert_eq!(layer.counts(), expected);
    assert_eq!(layer.responses().counts(), expected);
    // The layer's configuration, as set.
    assert_eq!(layer.responses().realm(), "layered");
    assert_eq!(layer.responses().body(), BodyFormat::Text);
    let tables = layer.engine().tables();
    assert_eq!(tables.spec_id, layered::TABLES.spec_id);
    assert_eq!(tables.scope_count(), 70);
}

// A refusal is a body of the inner body's type: its bytes, its exact size
// hint (http-body: `size_hint` bounds what `poll_frame` yields), and the
// end of the stream once read (or at once when empty, as a gRPC refusal,
// trailers-only, is).
#[tokio::test]
async fn refusal_bodies_keep_the_body_contract() {
    let mut service = layer().layer(tower::service_fn(echo));
    let req = request("GET", b"/me", &Outer::Nothing);
    let res = service.ready().await.unwrap().call(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let mut body = res.into_body();
    let text = b"missing credentials\n";
    assert!(!body.is_end_stream());
    assert_eq!(body.size_hint().exact(), Some(text.len() as u64));
    let frame = body.frame().await.unwrap().unwrap();
    assert_eq!(frame.into_data().unwrap(), &text[..]);
    assert!(body.is_end_stream());
    assert!(body.frame().await.is_none());

    // gRPC (trailers-only): 200, status in the headers, no data frame.
    let grpc = layer().body(BodyFormat::Grpc);
    assert_eq!(grpc.responses().body(), BodyFormat::Grpc);
    let res = grpc
        .layer(tower::service_fn(echo))
        .oneshot(request("GET", b"/me", &Outer::Nothing))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["grpc-status"], "16");
    let mut body = res.into_body();
    assert!(body.is_end_stream());
    assert_eq!(body.size_hint().exact(), Some(0));
    assert!(body.frame().await.is_none());

    // RFC 9457 problem details.
    let problem = layer().body(BodyFormat::ProblemJson);
    let a = send(&problem, request("GET", b"/low", &Outer::Scope("s02 s66"))).await;
    // /low is met by s02: allowed; /wide is not.
    assert_eq!(a.status, StatusCode::OK);
    let a = send(&problem, request("GET", b"/wide", &Outer::Scope("s03"))).await;
    assert_eq!(a.headers["content-type"], "application/problem+json");
    let doc: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(doc["status"], 403);
}

// The inner service's body passes through with its own hints.
#[tokio::test]
async fn allowed_bodies_are_the_inner_ones() {
    for (uri, content) in [(&b"/open"[..], "/open|-"), (b"/pages/x", "/pages/{id}|-")] {
        let res = layer()
            .layer(tower::service_fn(echo))
            .oneshot(request("GET", uri, &Outer::Nothing))
            .await
            .unwrap();
        let mut body = res.into_body();
        assert!(!body.is_end_stream());
        assert_eq!(body.size_hint().exact(), Some(content.len() as u64));
        let data = body.frame().await.unwrap().unwrap().into_data().unwrap();
        assert_eq!(data, content.as_bytes());
        assert!(body.is_end_stream());
    }
    let empty = tower::service_fn(|_: Request<Full<Bytes>>| async {
        Ok::<_, Infallible>(Response::new(Full::new(Bytes::new())))
    });
    let res = layer()
        .layer(empty)
        .oneshot(request("GET", b"/open", &Outer::Nothing))
        .await
        .unwrap();
    let body = res.into_body();
    assert!(body.is_end_stream());
    assert_eq!(body.size_hint().exact(), Some(0));
}

/// An inner service that is not ready, then fails to be.
#[derive(Clone)]
struct Busy {
    polls: usize,
}

impl Service<Request<Full<Bytes>>> for Busy {
    type Response = Response<Full<Bytes>>;
    type Error = &'static str;
    type Future = std::future::Ready<Result<Self::Response, Self::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.polls += 1;
        if self.polls == 1 {
            cx.waker().wake_by_ref();
            Poll::Pending
        } else {
            Poll::Ready(Err("overloaded"))
        }
    }

    fn call(&mut self, _: Request<Full<Bytes>>) -> Self::Future {
        std::future::ready(Ok(Response::new(Full::new(Bytes::new()))))
    }
}

// tower's Service contract: a middleware is ready when its inner service
// is, and reports its errors.
#[test]
fn readiness_is_the_inner_services() {
    let mut service = layer().layer(Busy { polls: 0 });
    let waker = std::task::Waker::noop();
    let mut cx = Context::from_waker(waker);
    assert!(service.poll_ready(&mut cx).is_pending());
    assert_eq!(service.poll_ready(&mut cx), Poll::Ready(Err("overloaded")));
}
