//! Every denial is a `tracing` event with route, method and reason, and
//! never contains the token.

use std::io::Write;
use std::sync::{Arc, Mutex};

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

#[tokio::test]
async fn denials_are_logged_without_the_token() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = foxy_store::app(b"s", scopes_runtime::axum::BodyFormat::Text);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let jwt = foxy_store::token(b"s", "transactions_write");
    let status = reqwest::Client::new()
        .post(format!("{base}/transactions/9/send_emails"))
        .header("authorization", format!("Bearer {jwt}"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 403);
    let log = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    let line = log
        .lines()
        .find(|l| l.contains("scopes::deny"))
        .unwrap_or_else(|| panic!("{log}"));
    assert!(line.contains("method=\"POST\""), "{line}");
    assert!(
        line.contains("route=\"/transactions/{id}/send_emails\""),
        "{line}"
    );
    assert!(line.contains("reason=\"insufficient_scope\""), "{line}");
    assert!(line.contains("transactions_resend"), "{line}");
    assert!(!log.contains(&jwt), "token leaked into logs");
}
