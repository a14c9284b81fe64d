//! `ScopeLayer` behind an axum router and under typed routes
//! (`handlers![…].protect(layer)`), held to the contract of its module docs
//! and `scopes_runtime::axum`'s: behind a router the layer decides by the
//! template axum matched ("uses axum's `MatchedPath` instead of matching
//! again"); typed routes run the layer's steps before the route (400 for a
//! raw non-ASCII target, RFC 9728 metadata, bearer extraction), refuse a
//! non-canonical path (404), take this spec's grant from an outer layer or
//! verify the token, and the router's fallbacks answer 404 and 405 with
//! `Allow` = what the spec and the router both serve (RFC 9110 §15.5.6).
//! Spec: `tests/data/layered.yaml`. Expected values are written from those
//! rules, not read back from the code.
#![cfg(feature = "axum")]

mod common;

use std::collections::BTreeSet;

use axum::Router;
use axum::body::Body;
use axum::routing::get;
use common::Answer;
use common::tokens::Tokens;
use http::{Request, StatusCode};
use scopes_runtime::authenticate::{Authenticate, TokenInfo};
use scopes_runtime::layer::{Authorized, ScopeLayer};
use scopes_runtime::metadata::ResourceMetadata;
use scopes_runtime::refusal::{BodyFormat, Responses};
use scopes_runtime::{Granted, TokenScopes, requires_scope};
use tower::ServiceExt;

mod layered {
    scopes_runtime::include_spec!("tests/data/layered.yaml");
}

mod members {
    scopes_runtime::include_spec!("tests/data/members.yaml");
}

/// The subject of the token the layer verified, `-` without one.
fn subject(req: &axum::extract::Request) -> String {
    req.extensions()
        .get::<TokenInfo>()
        .and_then(|t| t.subject.clone())
        .unwrap_or_else(|| "-".to_owned())
}

#[requires_scope(spec = "tests/data/layered.yaml", route = "GET /typed/items/{id}")]
async fn typed_item(req: axum::extract::Request) -> String {
    format!("item|{}", subject(&req))
}

#[requires_scope(spec = "tests/data/layered.yaml", route = "GET /typed/open")]
async fn typed_open() -> &'static str {
    "open"
}

#[requires_scope(spec = "tests/data/layered.yaml", route = "GET /typed/me")]
async fn typed_me(req: axum::extract::Request) -> String {
    format!("me|{}", subject(&req))
}

/// `alice` carries `s01`, `bob` no scope claim; others do not verify.
const TOKENS: Tokens = Tokens(&[("alice", Some("s01")), ("bob", None)]);

fn layer() -> ScopeLayer {
    ScopeLayer::new(layered::TABLES).realm("layered")
}

fn metadata() -> ResourceMetadata {
    ResourceMetadata::new("https://api.layered.example", layered::TABLES).unwrap()
}

/// What an outer layer left in the request, and the bearer token sent.
#[derive(Clone, Default)]
struct Creds {
    scope: Option<&'static str>,
    list: Option<&'static [&'static str]>,
    granted: Option<Granted>,
    bearer: Option<&'static str>,
}

fn scope(s: &'static str) -> Creds {
    Creds {
        scope: Some(s),
        ..Creds::default()
    }
}

fn bearer(t: &'static str) -> Creds {
    Creds {
        bearer: Some(t),
        ..Creds::default()
    }
}

fn granted(g: Granted) -> Creds {
    Creds {
        granted: Some(g),
        ..Creds::default()
    }
}

async fn send(app: &Router, method: &str, uri: &[u8], creds: Creds) -> Answer {
    let mut req = Request::builder()
        .method(method)
        .uri(http::Uri::try_from(uri).unwrap())
        .body(Body::empty())
        .unwrap();
    if let Some(t) = creds.bearer {
        req.headers_mut()
            .insert("authorization", format!("Bearer {t}").parse().unwrap());
    }
    let ext = req.extensions_mut();
    if let Some(s) = creds.scope {
        ext.insert(TokenScopes::Scope(s.to_owned()));
    }
    if let Some(l) = creds.list {
        ext.insert(TokenScopes::List(
            l.iter().map(|s| (*s).to_owned()).collect(),
        ));
    }
    if let Some(g) = creds.granted {
        ext.insert(g);
    }
    let res = app.clone().oneshot(req).await.unwrap();
    Answer::read(res).await
}

fn set(m: &[&str]) -> BTreeSet<String> {
    m.iter().map(|s| (*s).to_owned()).collect()
}

async fn route_of(req: axum::extract::Request) -> String {
    req.extensions()
        .get::<Authorized>()
        .map_or_else(|| "?".to_owned(), |a| a.route.clone())
}

// axum.rs: "behind an axum router it uses axum's MatchedPath instead of
// matching again": the router serves /pages/{id} only, so /pages/index
// runs that handler, and is decided (and reported) as /pages/{id}, not as
// the spec's /pages/index.
#[tokio::test]
async fn behind_a_router_the_matched_template_decides() {
    let app = Router::new()
        .route("/pages/{id}", get(route_of))
        .route("/open", get(route_of))
        .layer(layer());
    for path in ["/pages/index", "/pages/7"] {
        let a = send(&app, "GET", path.as_bytes(), Creds::default()).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert_eq!(a.body, "/pages/{id}", "{path}");
    }
    let a = send(&app, "GET", b"/open", Creds::default()).await;
    assert_eq!(a.body, "/open");
    // A path axum matches but the README's canonical rules reject.
    let a = send(&app, "GET", b"/pages/a%2Fb", Creds::default()).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

fn typed_app(layer: ScopeLayer<impl Authenticate + Clone>) -> Router {
    scopes_runtime::handlers![typed_item, typed_open, typed_me].protect(layer)
}

// Typed routes under a layer without an authenticator: an outer layer's
// grant decides; this spec's Granted counts, another spec's does not.
#[tokio::test]
async fn typed_routes_take_this_specs_grant_from_an_outer_layer() {
    let app = typed_app(layer());
    let item = b"/typed/items/1";
    let own = Granted::parse(layered::TABLES, "s01").unwrap();
    let a = send(&app, "GET", item, granted(own)).await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "item|-"));
    assert_eq!(send(&app, "GET", item, scope("s01")).await.status, 200);
    assert_eq!(send(&app, "HEAD", item, scope("s01")).await.status, 200);
    let list = Creds {
        list: Some(&["s01"]),
        ..Creds::default()
    };
    assert_eq!(send(&app, "GET", item, list).await.status, 200);
    let a = send(&app, "GET", item, scope("s02")).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send(&app, "GET", item, Creds::default()).await;
    assert_eq!(
        (a.status, a.challenge()),
        (StatusCode::UNAUTHORIZED, "Bearer realm=\"layered\"")
    );
    // RFC 6749 §3.3: `"` is no scope-token character: invalid_token.
    let a = send(&app, "GET", item, scope("s01 \"s02\"")).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert!(a.challenge().contains("error=\"invalid_token\""));
    let foreign = Granted::parse(members::TABLES, "posts_write").unwrap();
    let a = send(&app, "GET", b"/typed/me", granted(foreign.clone())).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    let own_empty = Granted::no_scopes(layered::TABLES);
    let a = send(&app, "GET", b"/typed/me", granted(own_empty)).await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "me|-"));
    let mut both = scope("s01");
    both.granted = Some(foreign);
    assert_eq!(send(&app, "GET", item, both).await.status, 200);
    assert_eq!(
        send(&app, "GET", b"/typed/open", Creds::default())
            .await
            .status,
        200
    );
}

// The layer's steps before the route, under typed routes: a raw non-ASCII
// byte in the path or the query is a 400 (module docs), a non-canonical
// path a 404 (README: an encoded `/`, an empty segment).
#[tokio::test]
async fn typed_routes_check_the_target_first() {
    let app = typed_app(layer());
    for target in [
        "/typed/items/\u{e9}".as_bytes(),
        "/typed/items/1?q=\u{e9}".as_bytes(),
        "/typed/nowhere/\u{e9}".as_bytes(),
    ] {
        let a = send(&app, "GET", target, scope("s01")).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{target:?}");
        assert_eq!(a.challenge(), "");
    }
    for target in [&b"/typed/items/a%2Fb"[..], b"/typed/items/%2e%2e"] {
        let a = send(&app, "GET", target, scope("s01")).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{target:?}");
    }
    let a = send(&app, "GET", b"/typed/items/a%20b?x=1", scope("s01")).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = send(&app, "GET", b"/typed/items/ab?x=1", scope("s01")).await;
    assert_eq!(a.status, StatusCode::OK);
    // Percent-encoded UTF-8 (RFC 3986 §2.1) is canonical: no rule of the
    // README rejects an encoded `é`.
    for target in [
        &b"/typed/items/caf%C3%A9"[..],
        b"/typed/items/caf%C3%A9?x=1",
    ] {
        let a = send(&app, "GET", target, scope("s01")).await;
        assert_eq!(a.status, StatusCode::OK, "{target:?}");
    }
}

// The router's fallbacks: 404 for what the spec or the router lacks, 405
// with Allow = the methods both serve (GET registered, so HEAD too; PUT
// and DELETE are in the spec but not registered).
#[tokio::test]
async fn typed_routes_refuse_what_they_do_not_route() {
    let app = typed_app(layer());
    for method in ["PUT", "DELETE", "POST"] {
        let a = send(&app, method, b"/typed/items/1", scope("s01")).await;
        assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(a.allow(), set(&["GET", "HEAD"]), "{method}");
    }
    for path in ["/typed/nowhere", "/typed/unserved", "/wide"] {
        let a = send(&app, "GET", path.as_bytes(), scope("s01 s68 s03")).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{path}");
    }
}

// Typed routes under a layer that verifies tokens: the token's info is
// left for the handler (module docs), a token without a scope claim meets
// the authenticated level only; the layer's metadata is served and
// malformed bearer credentials are a 400 (RFC 6750 §2.1: one field).
#[tokio::test]
async fn typed_routes_verify_tokens_with_the_layers_authenticator() {
    let app = typed_app(layer().metadata(metadata()).authenticate(TOKENS));
    let a = send(&app, "GET", b"/typed/me", bearer("alice")).await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "me|alice"));
    let a = send(&app, "GET", b"/typed/items/1", bearer("alice")).await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "item|alice"));
    let a = send(&app, "GET", b"/typed/me", bearer("bob")).await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "me|bob"));
    let a = send(&app, "GET", b"/typed/items/1", bearer("bob")).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send(&app, "GET", b"/typed/items/1", bearer("mallory")).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert!(
        a.challenge()
            .contains("error_description=\"unknown token\"")
    );
    let a = send(&app, "GET", b"/typed/items/1", bearer("bad token")).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.challenge().contains("error=\"invalid_request\""));
    let a = send(
        &app,
        "GET",
        b"/.well-known/oauth-protected-resource",
        Creds::default(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(doc["resource"], "https://api.layered.example");
    let a = send(&app, "GET", b"/typed/open", Creds::default()).await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "open"));
}

// `enforce`: the given responses answer (realm, body format).
#[tokio::test]
async fn typed_routes_answer_as_the_responses_given() {
    let responses = Responses::new("enforced", BodyFormat::ProblemJson);
    let app = scopes_runtime::handlers![typed_item, typed_open, typed_me]
        .enforce(layered::TABLES, responses.clone());
    let a = send(&app, "GET", b"/typed/items/1", Creds::default()).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!(a.challenge(), "Bearer realm=\"enforced\"");
    assert_eq!(a.headers["content-type"], "application/problem+json");
    let a = send(&app, "PUT", b"/typed/items/1", Creds::default()).await;
    assert_eq!(a.headers["content-type"], "application/problem+json");
    assert_eq!(responses.counts().unauthenticated, 1);
    assert_eq!(responses.counts().method_not_allowed, 1);
}

/// The plain router of `typed_app`'s routes, under the layer itself.
fn layered_app() -> Router {
    Router::new()
        .route("/typed/items/{id}", get(typed_item_plain))
        .route("/typed/me", get(typed_item_plain))
        .layer(layer())
}

async fn typed_item_plain() -> &'static str {
    "plain"
}

// Typed routes decide and answer as `ScopeLayer` (the reference: the same
// layer around a plain router) whatever form the grant arrives in, alone
// or mixed: this spec's `Granted` wins over a `scope` string or list
// (read or not, well-formed or not), another spec's does not count. The
// grant cache never reuses a grant for other bytes of the same length
// (`s01`, `s10`, `s02`), before or after a hit.
#[tokio::test]
async fn typed_routes_refuse_as_the_layer_for_every_form_of_grant() {
    let own = |s: &str| Granted::parse(layered::TABLES, s).unwrap();
    let with = |mut c: Creds, g: Granted| {
        c.granted = Some(g);
        c
    };
    let list = |l: &'static [&'static str]| Creds {
        list: Some(l),
        ..Creds::default()
    };
    let foreign = Granted::parse(members::TABLES, "posts_write").unwrap();
    let item = "/typed/items/1";
    let cases: Vec<(&str, Creds, StatusCode)> = vec![
        (item, scope("s01"), StatusCode::OK),
        (item, scope("s01"), StatusCode::OK),
        (item, scope("s10"), StatusCode::FORBIDDEN),
        (item, scope("s02"), StatusCode::FORBIDDEN),
        (item, scope("s01"), StatusCode::OK),
        (item, scope("s01 \"x\""), StatusCode::UNAUTHORIZED),
        (item, granted(own("s02")), StatusCode::FORBIDDEN),
        (item, list(&["s02", "s03"]), StatusCode::FORBIDDEN),
        (item, list(&["s01", "\"x\""]), StatusCode::UNAUTHORIZED),
        (item, with(scope("s01"), own("s02")), StatusCode::FORBIDDEN),
        (item, with(scope("s01 \"x\""), own("s01")), StatusCode::OK),
        (
            item,
            with(list(&["s01"]), own("s02")),
            StatusCode::FORBIDDEN,
        ),
        (
            item,
            with(scope("s02"), foreign.clone()),
            StatusCode::FORBIDDEN,
        ),
        (item, with(scope("s01"), foreign.clone()), StatusCode::OK),
        (item, granted(foreign), StatusCode::UNAUTHORIZED),
        (item, Creds::default(), StatusCode::UNAUTHORIZED),
        ("/typed/me", Creds::default(), StatusCode::UNAUTHORIZED),
        ("/typed/me", granted(own("")), StatusCode::OK),
        ("/typed/me", scope(""), StatusCode::OK),
        // An outer layer's grant without a token: 401 on protected routes.
        (
            item,
            granted(Granted::empty(layered::TABLES)),
            StatusCode::UNAUTHORIZED,
        ),
        (
            "/typed/me",
            granted(Granted::empty(layered::TABLES)),
            StatusCode::UNAUTHORIZED,
        ),
    ];
    let (typed, layered) = (typed_app(layer()), layered_app());
    for (i, (path, creds, status)) in cases.into_iter().enumerate() {
        let t = send(&typed, "GET", path.as_bytes(), creds.clone()).await;
        let l = send(&layered, "GET", path.as_bytes(), creds).await;
        assert_eq!((t.status, l.status), (status, status), "case {i}");
        assert_eq!(t.challenge(), l.challenge(), "case {i}");
    }
}

// `TypedRoutes::route`, without `handlers!`: each handler served at the
// (method, template) its `#[requires_scope]` declared, protected as under
// `handlers!`; a template not registered is not served.
#[tokio::test]
async fn typed_routes_route_registers_each_handler_at_its_declaration() {
    let app = scopes_runtime::typed_routes::TypedRoutes::new()
        .route::<typed_item, _, _>(typed_item)
        .route::<typed_open, _, _>(typed_open)
        .protect(layer());
    let a = send(&app, "GET", b"/typed/items/1", scope("s01")).await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "item|-"));
    let a = send(&app, "GET", b"/typed/items/1", scope("s02")).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send(&app, "GET", b"/typed/open", Creds::default()).await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "open"));
    let a = send(&app, "GET", b"/typed/me", scope("s01")).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}
