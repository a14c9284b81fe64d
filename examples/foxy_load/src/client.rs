//! The load generator: keep-alive HTTP/1.1 connections over tokio TCP,
//! bounded by a request budget and a deadline, checking every answer.

use crate::mix::{Case, Rng};
use crate::oracle::{Challenge, Expect};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Which answer column of a case applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The service behind the scope layer.
    Protected,
    /// The same handlers without it.
    Baseline,
}

/// Bounds of one run.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    /// Requests at most.
    pub requests: usize,
    /// Connections.
    pub connections: usize,
    /// Wall-clock limit.
    pub duration: Duration,
    /// Seed of the mix.
    pub seed: u64,
}

/// What one run measured.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Latency of each answered request, in microseconds.
    pub latencies_us: Vec<u32>,
    /// Answers that differ from the oracle.
    pub wrong: usize,
    /// Up to five of them, described.
    pub wrong_examples: Vec<String>,
    /// Requests that got no answer (connection closed or I/O error).
    pub failed: usize,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

/// One parsed response head.
struct Answer {
    status: u16,
    www: Option<String>,
}

/// Whether `answer` is what `expect` says.
fn check(answer: &Answer, expect: Expect) -> bool {
    if answer.status != expect.status {
        return false;
    }
    let www = answer.www.as_deref().unwrap_or("");
    match expect.challenge {
        Challenge::Unchecked => true,
        Challenge::Bare => www.starts_with("Bearer ") && !www.contains("error="),
        Challenge::Error(code) => {
            www.starts_with("Bearer ") && www.contains(&format!("error=\"{code}\""))
        }
    }
}

/// Run the mix against `addr`.
pub async fn run(
    addr: SocketAddr,
    groups: Arc<Vec<Vec<Case>>>,
    target: Target,
    b: Bounds,
) -> Outcome {
    let budget = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let deadline = start + b.duration;
    let mut tasks = Vec::new();
    for conn in 0..b.connections {
        let (groups, budget) = (groups.clone(), budget.clone());
        let rng = Rng::new(b.seed ^ (conn as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        tasks.push(tokio::spawn(async move {
            connection(addr, &groups, target, rng, &budget, b.requests, deadline).await
        }));
    }
    let mut total = Outcome::default();
    for t in tasks {
        let Ok(o) = t.await else {
            total.failed += 1;
            continue;
        };
        total.latencies_us.extend(o.latencies_us);
        total.wrong += o.wrong;
        total.failed += o.failed;
        for e in o.wrong_examples {
            if total.wrong_examples.len() < 5 {
                total.wrong_examples.push(e);
            }
        }
    }
    total.elapsed = start.elapsed();
    total
}

/// One keep-alive connection: draw, send, read, check, until the budget or
/// the deadline runs out. A closed connection is reopened.
async fn connection(
    addr: SocketAddr,
    groups: &[Vec<Case>],
    target: Target,
    mut rng: Rng,
    budget: &AtomicUsize,
    limit: usize,
    deadline: Instant,
) -> Outcome {
    let mut out = Outcome::default();
    let mut conn: Option<Conn> = None;
    while Instant::now() < deadline && budget.fetch_add(1, Ordering::Relaxed) < limit {
        let case = rng.pick(groups);
        let c = match conn.take() {
            Some(c) => c,
            None => match TcpStream::connect(addr).await {
                Ok(s) => Conn::new(s),
                Err(_) => {
                    out.failed += 1;
                    continue;
                }
            },
        };
        let t0 = Instant::now();
        let (c, answer) = c.exchange(case).await;
        let Some((answer, keep)) = answer else {
            out.failed += 1;
            continue;
        };
        let us = t0.elapsed().as_micros();
        out.latencies_us.push(u32::try_from(us).unwrap_or(u32::MAX));
        let expect = match target {
            Target::Protected => case.protected,
            Target::Baseline => case.baseline,
        };
        if !check(&answer, expect) {
            out.wrong += 1;
            if out.wrong_examples.len() < 5 {
                out.wrong_examples.push(format!(
                    "{:?} {}: expected {:?}, got {} {:?}",
                    case.class, case.label, expect, answer.status, answer.www
                ));
            }
        }
        if keep {
            conn = Some(c);
        }
    }
    out
}

/// A connection and the bytes read past the last response.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    fn new(stream: TcpStream) -> Self {
        let _ = stream.set_nodelay(true);
        Self {
            stream,
            buf: Vec::with_capacity(4096),
        }
    }

    /// Send `case`, read its answer; `None` on I/O failure. The flag says
    /// whether the connection stays open.
    async fn exchange(mut self, case: &Case) -> (Self, Option<(Answer, bool)>) {
        if self.stream.write_all(&case.bytes).await.is_err() {
            return (self, None);
        }
        let answer = self.read_answer(case.head).await;
        (self, answer)
    }

    async fn fill(&mut self) -> bool {
        let mut chunk = [0u8; 4096];
        match self.stream.read(&mut chunk).await {
            Ok(0) | Err(_) => false,
            Ok(n) => {
                self.buf.extend_from_slice(&chunk[..n]);
                true
            }
        }
    }

    async fn read_answer(&mut self, head_request: bool) -> Option<(Answer, bool)> {
        let end = loop {
            if let Some(i) = find(&self.buf, b"\r\n\r\n") {
                break i + 4;
            }
            if !self.fill().await {
                return None;
            }
        };
        let head = String::from_utf8_lossy(&self.buf[..end]).into_owned();
        self.buf.drain(..end);
        let parsed = parse_head(&head)?;
        let body = if head_request || matches!(parsed.answer.status, 100..=199 | 204 | 304) {
            Body::Length(0)
        } else {
            parsed.body
        };
        if !self.skip_body(body).await {
            return None;
        }
        Some((parsed.answer, parsed.keep_alive))
    }

    async fn skip_body(&mut self, body: Body) -> bool {
        match body {
            Body::Length(n) => self.skip(n).await,
            Body::Chunked => loop {
                let line_end = loop {
                    if let Some(i) = find(&self.buf, b"\r\n") {
                        break i;
                    }
                    if !self.fill().await {
                        return false;
                    }
                };
                let line = String::from_utf8_lossy(&self.buf[..line_end]).into_owned();
                self.buf.drain(..line_end + 2);
                let size = line.split(';').next().unwrap_or("").trim();
                let Ok(size) = usize::from_str_radix(size, 16) else {
                    return false;
                };
                // The chunk and its CRLF (or the final CRLF after size 0,
                // this client never receives trailers).
                if !self.skip(size + 2).await {
                    return false;
                }
                if size == 0 {
                    return true;
                }
            },
        }
    }

    async fn skip(&mut self, n: usize) -> bool {
        while self.buf.len() < n {
            if !self.fill().await {
                return false;
            }
        }
        self.buf.drain(..n);
        true
    }
}

enum Body {
    Length(usize),
    Chunked,
}

struct Head {
    answer: Answer,
    body: Body,
    keep_alive: bool,
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn parse_head(head: &str) -> Option<Head> {
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let (mut www, mut body, mut keep_alive) = (None, Body::Length(0), true);
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "www-authenticate" => www = Some(value.to_owned()),
            "content-length" => body = Body::Length(value.parse().ok()?),
            "transfer-encoding" if value.eq_ignore_ascii_case("chunked") => body = Body::Chunked,
            "connection" if value.eq_ignore_ascii_case("close") => keep_alive = false,
            _ => {}
        }
    }
    Some(Head {
        answer: Answer { status, www },
        body,
        keep_alive,
    })
}
