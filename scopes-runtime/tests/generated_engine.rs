//! A generated spec is decided by its generated matcher, not by its
//! tables: `ScopeLayer` over tables whose `generated` matcher is an
//! instrumented wrapper of foxy's must call the wrapper for every path,
//! method and grant, and must act on an answer only the wrapper gives (a
//! path that no template of the tables matches).
#![cfg(all(feature = "http", feature = "dynamic"))]

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::Full;
use scopes_runtime::__private::matching::Matcher;
use scopes_runtime::layer::ScopeLayer;
use scopes_runtime::{Engine, GrantError, GrantStats, PathMatch, ScopeEnum, Tables, TokenScopes};
use tower::{Layer, ServiceExt};

mod foxy {
    scopes_runtime::include_spec!("../spec/foxy.yaml");
}

/// foxy's own generated matcher.
const REAL: Matcher = match <foxy::Scope as ScopeEnum>::MATCHER {
    Some(m) => m,
    None => panic!("include_spec! generates a matcher"),
};

/// The path this matcher alone routes (to `/carts/{id}`, whose GET needs
/// `carts_read`).
const ONLY_GENERATED: &str = "/only-the-generated-matcher-knows-this";

static PATHS: AtomicUsize = AtomicUsize::new(0);
static METHODS: AtomicUsize = AtomicUsize::new(0);
static GRANTS: AtomicUsize = AtomicUsize::new(0);

fn carts() -> u32 {
    foxy::TABLES
        .route_by_template("/carts/{id}")
        .expect("foxy has /carts/{id}")
}

fn match_path(path: &str) -> PathMatch {
    PATHS.fetch_add(1, Ordering::SeqCst);
    if path == ONLY_GENERATED {
        return PathMatch::Route(carts());
    }
    (REAL.match_path)(path)
}

fn method_index(method: &str) -> Option<u16> {
    METHODS.fetch_add(1, Ordering::SeqCst);
    (REAL.method_index)(method)
}

fn grant(scope: &str, out: &mut [u64]) -> Result<GrantStats, GrantError> {
    GRANTS.fetch_add(1, Ordering::SeqCst);
    (REAL.grant)(scope, out)
}

/// foxy's tables with the instrumented matcher as their generated one.
fn instrumented() -> &'static Tables<'static> {
    let matcher: &'static Matcher = Box::leak(Box::new(Matcher {
        match_path,
        method_index,
        grant,
        ..REAL
    }));
    Box::leak(Box::new(Tables {
        generated: Some(matcher),
        ..*foxy::TABLES
    }))
}

async fn ok(_req: Request<Full<Bytes>>) -> Result<Response<Full<Bytes>>, Infallible> {
    Ok(Response::new(Full::new(Bytes::new())))
}

async fn status(
    tables: &'static Tables<'static>,
    method: &str,
    path: &str,
    scope: &str,
) -> StatusCode {
    let service = ScopeLayer::new(tables).layer(tower::service_fn(ok));
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .body(Full::new(Bytes::new()))
        .unwrap();
    req.extensions_mut()
        .insert(TokenScopes::Scope(scope.to_owned()));
    service.oneshot(req).await.unwrap().status()
}

#[tokio::test]
async fn the_layer_decides_a_generated_spec_with_its_generated_matcher() {
    let tables = instrumented();
    // The tables themselves know no such path: deny by default there.
    assert_eq!(tables.match_path(ONLY_GENERATED), PathMatch::NoRoute);
    assert_eq!(
        status(foxy::TABLES, "GET", ONLY_GENERATED, "carts_read").await,
        StatusCode::NOT_FOUND
    );

    let before = (
        PATHS.load(Ordering::SeqCst),
        METHODS.load(Ordering::SeqCst),
        GRANTS.load(Ordering::SeqCst),
    );
    // Routed by the instrumented matcher to /carts: its requirement holds.
    assert_eq!(
        status(tables, "GET", ONLY_GENERATED, "carts_read").await,
        StatusCode::OK
    );
    assert_eq!(
        status(tables, "GET", ONLY_GENERATED, "clients_read").await,
        StatusCode::FORBIDDEN
    );
    // An ordinary request goes through it too.
    assert_eq!(
        status(tables, "GET", "/carts/7", "carts_read").await,
        StatusCode::OK
    );
    let after = (
        PATHS.load(Ordering::SeqCst),
        METHODS.load(Ordering::SeqCst),
        GRANTS.load(Ordering::SeqCst),
    );
    assert_eq!(
        after.0 - before.0,
        3,
        "every path matched by the generated matcher"
    );
    assert_eq!(after.1 - before.1, 3, "every method resolved by it");
    assert_eq!(after.2 - before.2, 3, "every grant parsed by it");
}

#[test]
fn generated_tables_carry_their_matcher_and_loaded_ones_none() {
    let engine = Engine::from(foxy::TABLES);
    let m = engine
        .matcher()
        .expect("include_spec! wires its matcher into TABLES");
    assert_eq!(m.match_path as usize, REAL.match_path as usize);
    assert_eq!(m.grant as usize, REAL.grant as usize);
    let loaded =
        scopes_runtime::LoadedSpec::from_str("foxy.yaml", include_str!("../../spec/foxy.yaml"))
            .unwrap();
    let engine = Engine::from(loaded);
    assert!(engine.matcher().is_none());
    // Both engines agree on an ordinary request.
    assert_eq!(
        engine.match_path("/carts/7"),
        Engine::from(foxy::TABLES).match_path("/carts/7")
    );
}
