//! A few hundred requests of the mix against both services in-process, and
//! the oracle on cases read off spec/foxy.yaml.

use foxy_load::client::{self, Bounds, Outcome, Target};
use foxy_load::mix::{self, Class, SECRET};
use foxy_load::oracle::{self, Challenge, Credential, ROUTES};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

async fn serve(router: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    addr
}

async fn load(router: axum::Router, target: Target) -> Outcome {
    let addr = serve(router).await;
    let groups = Arc::new(mix::by_class(mix::cases()));
    let bounds = Bounds {
        requests: 400,
        connections: 4,
        duration: Duration::from_secs(20),
        seed: 7,
    };
    client::run(addr, groups, target, bounds).await
}

fn protected_app() -> axum::Router {
    foxy_store::app(SECRET, scopes_runtime::axum::BodyFormat::Text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_of_both_services_is_the_expected_one() {
    for (router, target) in [
        (protected_app(), Target::Protected),
        (foxy_load::baseline::app(), Target::Baseline),
    ] {
        let o = load(router, target).await;
        assert_eq!(o.latencies_us.len(), 400, "{target:?}");
        assert_eq!(
            (o.wrong, o.failed),
            (0, 0),
            "{target:?}: {:?}",
            o.wrong_examples
        );
    }
}

/// The checker can fail: the unprotected service answers 200 where the
/// protected one must refuse.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn baseline_answers_are_wrong_for_the_protected_oracle() {
    let o = load(foxy_load::baseline::app(), Target::Protected).await;
    assert!(o.wrong > 100, "{}", o.wrong);
}

#[test]
fn mix_has_every_class() {
    let groups = mix::by_class(mix::cases());
    for (g, (class, _)) in groups.iter().zip(mix::CLASSES) {
        assert!(!g.is_empty(), "{class:?}");
        assert!(g.iter().all(|c| c.class == class));
    }
}

/// Decisions read off spec/foxy.yaml by hand.
#[test]
fn oracle_follows_the_spec_text() {
    let by_path = |p: &str| ROUTES.iter().find(|r| r.path == p).unwrap();
    let resend = by_path("/transactions/7/send_emails");
    let shared = by_path("/applied_coupon_codes/3");
    let capture = by_path("/transactions/7/capture");
    let status = |r, m, s| oracle::protected(Some(r), m, Credential::Scopes(s)).status;
    // resend is not implied by write; the superuser passes.
    assert_eq!(status(resend, "POST", "transactions_write"), 403);
    assert_eq!(status(resend, "POST", "transactions_resend"), 200);
    assert_eq!(status(resend, "POST", "store_full_access"), 200);
    // A path under carts and transactions is met by either.
    assert_eq!(status(shared, "GET", "carts_read"), 200);
    assert_eq!(status(shared, "GET", "transactions_write"), 200);
    assert_eq!(status(shared, "GET", "stores_read"), 403);
    // {transaction_action} is POST, the write action.
    assert_eq!(status(capture, "POST", "transactions_read"), 403);
    assert_eq!(status(capture, "GET", "store_full_access"), 405);
    let none = oracle::protected(Some(capture), "POST", Credential::None);
    assert_eq!((none.status, none.challenge), (401, Challenge::Bare));
    let two = oracle::protected(Some(capture), "POST", Credential::Two);
    assert_eq!(two.challenge, Challenge::Error("invalid_request"));
    assert_eq!(oracle::protected(None, "GET", Credential::None).status, 404);
    assert!(mix::cases().iter().any(|c| c.class == Class::Denied));
}
