//! How refusals are logged, as `Responses::log` documents it: one event
//! per refusal on target `scopes::deny` at the configured level (none when
//! `Off`), with the method, route, reason, the scopes a 403 needs, and the
//! running total of refusals of that reason (`refusals`); never the token.
//! Captured with a minimal `tracing` subscriber (`common/capture.rs`). Added for
//! mutation testing (issue 14): the crate's tests counted refusals but did
//! not read the events.
#![cfg(feature = "http")]

mod common;

use common::capture::logged;
use scopes_runtime::refusal::{BodyFormat, LogLevel, Refusal, Responses};
use tracing::Level;

#[test]
fn each_refusal_is_one_event_with_its_running_total() {
    let r = Responses::new("api", BodyFormat::Text);
    let denied = Refusal::InsufficientScope {
        scope: "carts_read carts_write".into(),
        detail: "requires carts_read".into(),
    };
    let events = logged(|| {
        let _ = r.refuse(&denied, "GET", "/carts/{id}");
        let _ = r.refuse(&denied, "PUT", "/carts/{id}");
        let _ = r.refuse(&Refusal::Unauthenticated, "GET", "/me");
    });
    assert_eq!(events.len(), 3, "{events:?}");
    for e in &events {
        assert_eq!(e.target, "scopes::deny");
        assert_eq!(e.level, Level::DEBUG);
        assert_eq!(e.field("message"), Some("request denied"));
    }
    let e = &events[1];
    assert_eq!(e.field("method"), Some("PUT"));
    assert_eq!(e.field("route"), Some("/carts/{id}"));
    assert_eq!(e.field("reason"), Some("insufficient_scope"));
    assert_eq!(e.field("scope"), Some("carts_read carts_write"));
    // Totals per reason: the second 403, the first 401.
    assert_eq!(events[0].field("refusals"), Some("1"));
    assert_eq!(e.field("refusals"), Some("2"));
    assert_eq!(events[2].field("refusals"), Some("1"));
    assert_eq!(events[2].field("scope"), Some(""));
    assert_eq!(events[2].field("reason"), Some("unauthenticated"));
}

#[test]
fn events_use_the_configured_level() {
    let levels = [
        (LogLevel::Trace, Some(Level::TRACE)),
        (LogLevel::Debug, Some(Level::DEBUG)),
        (LogLevel::Info, Some(Level::INFO)),
        (LogLevel::Warn, Some(Level::WARN)),
        (LogLevel::Off, None),
    ];
    for (configured, want) in levels {
        let r = Responses::new("api", BodyFormat::Text).with_log_level(configured);
        let events = logged(|| {
            let _ = r.refuse(&Refusal::InvalidToken("expired".into()), "GET", "/");
        });
        assert_eq!(events.first().map(|e| e.level), want, "{configured:?}");
        assert!(events.len() <= 1);
        // Counted whatever the level.
        assert_eq!(r.counts().invalid_token, 1);
    }
}
