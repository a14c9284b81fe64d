//! How refusals are logged, as `Responses::log` documents it: one event
//! per refusal on target `scopes::deny` at the configured level (none when
//! `Off`), with the method, route, reason, the scopes a 403 needs, and the
//! running total of refusals of that reason (`refusals`); never the token.
//! Captured with a minimal `tracing` subscriber written here. Added for
//! mutation testing (issue 14): the crate's tests counted refusals but did
//! not read the events.
#![cfg(feature = "http")]

use std::sync::{Arc, Mutex};

use scopes_runtime::refusal::{BodyFormat, LogLevel, Refusal, Responses};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

#[derive(Debug, Clone, PartialEq)]
struct Logged {
    target: String,
    level: Level,
    fields: Vec<(String, String)>,
}

impl Logged {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<Logged>>>);

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((
            field.name().to_owned(),
            format!("{value:?}").replace('"', ""),
        ));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        self.0.lock().unwrap().push(Logged {
            target: event.metadata().target().to_owned(),
            level: *event.metadata().level(),
            fields,
        });
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

fn logged(f: impl FnOnce()) -> Vec<Logged> {
    let capture = Capture::default();
    tracing::subscriber::with_default(capture.clone(), f);
    capture.0.lock().unwrap().clone()
}

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
