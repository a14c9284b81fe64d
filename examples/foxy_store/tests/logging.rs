//! Refusals are `tracing` events at DEBUG (target `scopes::deny`) with
//! route, method, reason and a running count, never the token, and never
//! at INFO: an INFO subscriber sees nothing of anonymous or scanning
//! traffic. Counts are readable from the layer for metrics.
//!
//! Each test runs on a current-thread runtime with a thread-local
//! subscriber, so the server's events reach this test's buffer only.

use std::io::Write;
use std::sync::{Arc, Mutex};

use scopes_runtime::axum::BodyFormat;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::util::SubscriberInitExt;

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

/// Serve the app with a subscriber at `level`; send `requests` (method,
/// path, bearer); return the log and the layer's counts.
async fn run(
    level: LevelFilter,
    requests: &[(&str, &str, Option<&str>)],
) -> (String, scopes_runtime::refusal::RefusalCounts) {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let _guard = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(level)
        .with_writer(move || writer.clone())
        .finish()
        .set_default();
    let layer = foxy_store::protection(b"s", BodyFormat::Text);
    let app = foxy_store::app_with(layer.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = reqwest::Client::new();
    for (method, path, bearer) in requests {
        let mut req = client.request(method.parse().unwrap(), format!("{base}{path}"));
        if let Some(b) = bearer {
            req = req.header("authorization", format!("Bearer {b}"));
        }
        req.send().await.unwrap();
    }
    (buffer.text(), layer.counts())
}

#[tokio::test]
async fn refusals_are_debug_events_without_the_token() {
    let jwt = foxy_store::token(b"s", "transactions_write");
    let (log, counts) = run(
        LevelFilter::DEBUG,
        &[("POST", "/transactions/9/send_emails", Some(&jwt))],
    )
    .await;
    let line = log
        .lines()
        .find(|l| l.contains("scopes::deny"))
        .unwrap_or_else(|| panic!("{log}"));
    assert!(line.contains("DEBUG"), "{line}");
    assert!(line.contains("method=\"POST\""), "{line}");
    assert!(
        line.contains("route=\"/transactions/{id}/send_emails\""),
        "{line}"
    );
    assert!(line.contains("reason=\"insufficient_scope\""), "{line}");
    assert!(line.contains("transactions_resend"), "{line}");
    assert!(line.contains("refusals=1"), "{line}");
    assert!(!log.contains(&jwt), "token leaked into logs");
    assert_eq!(counts.insufficient_scope, 1);
}

// Issue #13: 200,000 mixed requests wrote 98,798 INFO lines (24.5 MB).
#[tokio::test]
async fn an_info_subscriber_sees_no_refusals_but_they_are_counted() {
    let weak = foxy_store::token(b"s", "carts_read");
    let requests = [
        ("GET", "/transactions/1", None),
        ("GET", "/transactions/2", Some("not.a.jwt")),
        ("GET", "/transactions/3", Some(weak.as_str())),
        ("GET", "/nope", None),
        ("PUT", "/carts/1", None),
    ];
    let (log, counts) = run(LevelFilter::INFO, &requests).await;
    assert!(!log.contains("scopes::deny"), "{log}");
    assert_eq!(
        (
            counts.unauthenticated,
            counts.invalid_token,
            counts.insufficient_scope,
            counts.not_found,
            counts.method_not_allowed
        ),
        (1, 1, 1, 1, 1)
    );
}

/// The level is configurable: a service that wants refusals at INFO says so.
#[tokio::test]
async fn the_refusal_level_is_configurable() {
    use scopes_runtime::refusal::LogLevel;
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let _guard = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(LevelFilter::INFO)
        .with_writer(move || writer.clone())
        .finish()
        .set_default();
    let layer = foxy_store::protection(b"s", BodyFormat::Text).log_level(LogLevel::Info);
    let app = foxy_store::app_with(layer);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    reqwest::get(format!("{base}/transactions/1"))
        .await
        .unwrap();
    let log = buffer.text();
    let line = log
        .lines()
        .find(|l| l.contains("scopes::deny"))
        .unwrap_or_else(|| panic!("{log}"));
    assert!(line.contains(" INFO "), "{line}");
    assert!(line.contains("reason=\"unauthenticated\""), "{line}");
}
