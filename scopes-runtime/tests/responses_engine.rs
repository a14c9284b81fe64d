//! A layer's `Responses`, reconfigured (`with_log_level`,
//! `with_resource_metadata`), still know the layer's spec: the `Require`
//! extractor's 403 then names, per group, the scope the token already
//! holds (as `axum.rs` documents: "the granted one if the token meets the
//! group, else its first"), not the group's first. Spec:
//! `tests/data/members.yaml` (`posts_write` implies `posts_read`). Added
//! for mutation testing (issue 14): dropping the spec when reconfiguring
//! passed every test.
#![cfg(feature = "axum")]

use axum::extract::FromRequestParts;
use axum::response::IntoResponse;
use http::header::WWW_AUTHENTICATE;
use scopes_runtime::layer::ScopeLayer;
use scopes_runtime::refusal::{LogLevel, Responses};
use scopes_runtime::{Granted, Require, ScopeRequirement};

mod members {
    scopes_runtime::include_spec!("tests/data/members.yaml");
}

/// `posts_write or posts_read, and posts_write`, written by hand (the
/// macro writes one name per group when a route names one scope).
struct WriteOrRead;
impl ScopeRequirement for WriteOrRead {
    const SPEC_ID: u64 = members::SPEC_ID;
    const GROUPS: &'static [&'static [u64]] = &[&[0b11], &[0b10]];
    const NAMES: &'static [&'static [&'static str]] =
        &[&["posts_write", "posts_read"], &["posts_write"]];
    const ROUTE: Option<&'static str> = None;
}

async fn challenge(responses: Responses) -> String {
    assert_eq!(members::TABLES.scope_index("posts_read"), Some(0));
    assert_eq!(members::TABLES.scope_index("posts_write"), Some(1));
    let granted = Granted::parse(members::TABLES, "posts_read").unwrap();
    let (mut parts, ()) = http::Request::builder()
        .extension(granted)
        .extension(responses)
        .body(())
        .unwrap()
        .into_parts();
    let rejection = Require::<WriteOrRead>::from_request_parts(&mut parts, &())
        .await
        .unwrap_err();
    let response = rejection.into_response();
    assert_eq!(response.status(), 403);
    response.headers()[WWW_AUTHENTICATE]
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn reconfigured_responses_keep_the_layers_spec() {
    let layer = ScopeLayer::new(members::TABLES).log_level(LogLevel::Off);
    // The granted `posts_read` for the first group, `posts_write` for the
    // second.
    let want = "scope=\"posts_read posts_write\"";
    let direct = challenge(layer.responses().clone()).await;
    assert!(direct.ends_with(want), "{direct}");
    let quiet = challenge(layer.responses().with_log_level(LogLevel::Off)).await;
    assert!(quiet.ends_with(want), "{quiet}");
    let url = challenge(
        layer
            .responses()
            .with_resource_metadata("https://r.example/m")
            .with_log_level(LogLevel::Off),
    )
    .await;
    assert!(url.contains(want), "{url}");
    // Without a spec the extractor cannot tell which scope is held: the
    // first of each group.
    let bare = challenge(Responses::default().with_log_level(LogLevel::Off)).await;
    assert!(bare.ends_with("scope=\"posts_write\""), "{bare}");
}
