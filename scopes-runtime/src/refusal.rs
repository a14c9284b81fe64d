//! What a refused request gets back: status, `WWW-Authenticate` challenge
//! (RFC 6750 §3, with RFC 9728 `resource_metadata`), body, or a gRPC status;
//! and how refusals are logged and counted.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode, header};

/// The body of error responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum BodyFormat {
    /// `text/plain`: one line saying what is wrong.
    #[default]
    Text,
    /// `application/problem+json` (RFC 9457).
    ProblemJson,
    /// gRPC: a trailers-only response (HTTP 200, `application/grpc`) whose
    /// `grpc-status` is UNAUTHENTICATED (401), PERMISSION_DENIED (403),
    /// UNIMPLEMENTED (404, 405) or INVALID_ARGUMENT (400); the challenge is
    /// in the `www-authenticate` metadata.
    Grpc,
}

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// No credentials: 401.
    Unauthenticated,
    /// The token did not verify, or its scope string is malformed: 401
    /// `invalid_token`. The text is public (`error_description`).
    InvalidToken(String),
    /// The grant does not meet the requirement: 403. `scope` names the
    /// scopes the request needs.
    InsufficientScope {
        /// Space-separated scopes for the `scope` attribute.
        scope: String,
        /// Human detail.
        detail: String,
    },
    /// No route: 404.
    NotFound,
    /// Method not served: 405 with these methods in `Allow`.
    MethodNotAllowed(Vec<String>),
    /// A malformed bearer credential (two `Authorization` fields, a token
    /// outside `b64token`, tokens in two places): 400 `invalid_request`.
    InvalidRequest(&'static str),
    /// A request target no two servers would read alike (raw non-ASCII
    /// bytes): 400, no challenge.
    BadTarget,
}

/// Whether a request to a route lacks credentials, so that its refusal is
/// [`Refusal::Unauthenticated`] (401 with no error code, RFC 6750 §3.1):
/// the route is not public and there is no grant, or one without a token
/// (an outer layer's `Granted::empty`). The one rule of `ScopeLayer`,
/// typed routes and the `Require` extractor.
pub(crate) fn lacks_credentials(granted: Option<&crate::Granted>, public: bool) -> bool {
    !public && !granted.is_some_and(crate::Granted::has_token)
}

impl Refusal {
    /// The short reason for logs and counts.
    #[must_use]
    pub fn reason(&self) -> &'static str {
        match self {
            Refusal::Unauthenticated => "unauthenticated",
            Refusal::InvalidToken(_) => "invalid_token",
            Refusal::InsufficientScope { .. } => "insufficient_scope",
            Refusal::NotFound => "no_route",
            Refusal::MethodNotAllowed(_) => "method_not_allowed",
            Refusal::InvalidRequest(_) => "invalid_request",
            Refusal::BadTarget => "bad_target",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Refusal::Unauthenticated | Refusal::InvalidToken(_) => StatusCode::UNAUTHORIZED,
            Refusal::InsufficientScope { .. } => StatusCode::FORBIDDEN,
            Refusal::NotFound => StatusCode::NOT_FOUND,
            Refusal::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Refusal::InvalidRequest(_) | Refusal::BadTarget => StatusCode::BAD_REQUEST,
        }
    }

    fn detail(&self) -> String {
        match self {
            Refusal::Unauthenticated => "missing credentials".to_owned(),
            Refusal::InvalidToken(why) => format!("invalid_token: {why}"),
            Refusal::InsufficientScope { detail, .. } => format!("insufficient_scope: {detail}"),
            Refusal::NotFound => "not found".to_owned(),
            Refusal::MethodNotAllowed(_) => "method not allowed".to_owned(),
            Refusal::InvalidRequest(why) => format!("invalid_request: {why}"),
            Refusal::BadTarget => "the request target is not ASCII".to_owned(),
        }
    }

    fn grpc_status(&self) -> u8 {
        match self {
            Refusal::Unauthenticated | Refusal::InvalidToken(_) => 16,
            Refusal::InsufficientScope { .. } => 7,
            Refusal::NotFound | Refusal::MethodNotAllowed(_) => 12,
            Refusal::InvalidRequest(_) | Refusal::BadTarget => 3,
        }
    }
}

/// At which level refusals are logged (target `scopes::deny`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogLevel {
    /// Not logged (counts are still kept).
    Off,
    /// TRACE.
    Trace,
    /// DEBUG: the default. Refusals are the normal answer to anonymous
    /// and scanning traffic; logging each at INFO lets any client fill the
    /// disk.
    #[default]
    Debug,
    /// INFO.
    Info,
    /// WARN.
    Warn,
}

/// How many requests were refused, by reason. Read them with
/// [`Responses::counts`] (or `ScopeLayer::counts`) and export them to your
/// metrics system; each log event also carries the running total as the
/// `refusals` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RefusalCounts {
    /// 401 without a token.
    pub unauthenticated: u64,
    /// 401 `invalid_token`.
    pub invalid_token: u64,
    /// 403 `insufficient_scope`.
    pub insufficient_scope: u64,
    /// 404.
    pub not_found: u64,
    /// 405.
    pub method_not_allowed: u64,
    /// 400 (`invalid_request` and non-ASCII targets).
    pub bad_request: u64,
}

#[derive(Debug, Default)]
struct Counters([AtomicU64; 6]);

impl Counters {
    fn slot(refusal: &Refusal) -> usize {
        match refusal {
            Refusal::Unauthenticated => 0,
            Refusal::InvalidToken(_) => 1,
            Refusal::InsufficientScope { .. } => 2,
            Refusal::NotFound => 3,
            Refusal::MethodNotAllowed(_) => 4,
            Refusal::InvalidRequest(_) | Refusal::BadTarget => 5,
        }
    }

    fn bump(&self, refusal: &Refusal) -> u64 {
        self.0[Self::slot(refusal)].fetch_add(1, Ordering::Relaxed) + 1
    }

    fn snapshot(&self) -> RefusalCounts {
        let g = |i: usize| self.0[i].load(Ordering::Relaxed);
        RefusalCounts {
            unauthenticated: g(0),
            invalid_token: g(1),
            insufficient_scope: g(2),
            not_found: g(3),
            method_not_allowed: g(4),
            bad_request: g(5),
        }
    }
}

#[derive(Debug)]
struct Config {
    realm: String,
    body: BodyFormat,
    resource_metadata: Option<String>,
    log: LogLevel,
}

/// How refusals look and are logged: realm, body format, RFC 9728
/// `resource_metadata` URL, log level. Cheap to clone; the enforcement
/// layer puts it in every request's extensions so that extractors
/// (`Require`) answer the same way.
#[derive(Debug, Clone)]
pub struct Responses {
    config: Arc<Config>,
    counters: Arc<Counters>,
    /// The spec of the layer that answers (lets the `Require` extractor name
    /// the granted scope of a group it meets, as the layer does).
    engine: Option<crate::Engine>,
}

impl Default for Responses {
    fn default() -> Self {
        Responses {
            config: Arc::new(Config {
                realm: "api".to_owned(),
                body: BodyFormat::Text,
                resource_metadata: None,
                log: LogLevel::Debug,
            }),
            counters: Arc::default(),
            engine: None,
        }
    }
}

/// A quoted-string value for a challenge attribute. RFC 6750 §3 allows
/// only %x20-21 / %x23-5B / %x5D-7E in `error_description` and `scope`;
/// anything else becomes `?`.
fn quote(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ' ' | '!' | '#'..='[' | ']'..='~' => c,
            _ => '?',
        })
        .collect()
}

impl Responses {
    /// Challenges in `realm`, error bodies in `body` format; no
    /// `resource_metadata`, refusals logged at DEBUG, fresh counts.
    #[must_use]
    pub fn new(realm: impl Into<String>, body: BodyFormat) -> Self {
        Responses::configured(realm.into(), body, None, LogLevel::default())
    }

    /// Name this RFC 9728 metadata URL in challenges (same counts).
    #[must_use]
    pub fn with_resource_metadata(&self, url: impl Into<String>) -> Self {
        let c = &self.config;
        self.reconfigured(c.realm.clone(), c.body, Some(url.into()), c.log)
    }

    /// Log refusals at `level` (same counts).
    #[must_use]
    pub fn with_log_level(&self, level: LogLevel) -> Self {
        let c = &self.config;
        self.reconfigured(c.realm.clone(), c.body, c.resource_metadata.clone(), level)
    }

    fn configured(
        realm: String,
        body: BodyFormat,
        resource_metadata: Option<String>,
        log: LogLevel,
    ) -> Self {
        Responses {
            config: Arc::new(Config {
                realm,
                body,
                resource_metadata,
                log,
            }),
            counters: Arc::default(),
            engine: None,
        }
    }

    /// The same counts with another configuration.
    #[must_use]
    pub(crate) fn reconfigured(
        &self,
        realm: String,
        body: BodyFormat,
        resource_metadata: Option<String>,
        log: LogLevel,
    ) -> Self {
        Responses {
            counters: self.counters.clone(),
            engine: self.engine.clone(),
            ..Responses::configured(realm, body, resource_metadata, log)
        }
    }

    /// The same responses for the spec behind `engine`.
    #[must_use]
    pub(crate) fn for_engine(mut self, engine: crate::Engine) -> Self {
        self.engine = Some(engine);
        self
    }

    /// The spec of the layer that answers, if a layer set it.
    #[cfg(feature = "axum")]
    pub(crate) fn engine(&self) -> Option<&crate::Engine> {
        self.engine.as_ref()
    }

    /// The realm of challenges.
    #[must_use]
    pub fn realm(&self) -> &str {
        &self.config.realm
    }

    /// The body format.
    #[must_use]
    pub fn body(&self) -> BodyFormat {
        self.config.body
    }

    /// The log level of refusals.
    #[must_use]
    pub fn log_level(&self) -> LogLevel {
        self.config.log
    }

    /// The RFC 9728 metadata URL named in challenges.
    #[must_use]
    pub fn resource_metadata(&self) -> Option<&str> {
        self.config.resource_metadata.as_deref()
    }

    /// Refusals so far, by reason.
    #[must_use]
    pub fn counts(&self) -> RefusalCounts {
        self.counters.snapshot()
    }

    /// The `WWW-Authenticate` challenge of a refusal, if it has one.
    #[must_use]
    pub fn challenge(&self, refusal: &Refusal) -> Option<String> {
        let mut c = format!("Bearer realm=\"{}\"", quote(&self.config.realm));
        match refusal {
            Refusal::Unauthenticated => {}
            Refusal::InvalidToken(why) => {
                c += &format!(
                    ", error=\"invalid_token\", error_description=\"{}\"",
                    quote(why)
                );
            }
            Refusal::InvalidRequest(why) => {
                c += &format!(
                    ", error=\"invalid_request\", error_description=\"{}\"",
                    quote(why)
                );
            }
            Refusal::InsufficientScope { scope, .. } => {
                c += &format!(", error=\"insufficient_scope\", scope=\"{}\"", quote(scope));
            }
            Refusal::NotFound | Refusal::MethodNotAllowed(_) | Refusal::BadTarget => return None,
        }
        if let Some(url) = &self.config.resource_metadata {
            c += &format!(", resource_metadata=\"{}\"", quote(url));
        }
        Some(c)
    }

    /// Count and log a refusal, then build its response.
    #[must_use]
    pub fn refuse(&self, refusal: &Refusal, method: &str, route: &str) -> Response<Bytes> {
        self.log(refusal, method, route);
        self.respond(refusal)
    }

    /// Count and log a refusal (target `scopes::deny`, at the configured
    /// level; never the token).
    pub fn log(&self, refusal: &Refusal, method: &str, route: &str) {
        let total = self.counters.bump(refusal);
        let reason = refusal.reason();
        let scope = match refusal {
            Refusal::InsufficientScope { scope, .. } => scope.as_str(),
            _ => "",
        };
        macro_rules! event {
            ($level:expr) => {
                tracing::event!(target: "scopes::deny", $level, method, route, reason, scope, refusals = total, "request denied")
            };
        }
        match self.config.log {
            LogLevel::Off => {}
            LogLevel::Trace => event!(tracing::Level::TRACE),
            LogLevel::Debug => event!(tracing::Level::DEBUG),
            LogLevel::Info => event!(tracing::Level::INFO),
            LogLevel::Warn => event!(tracing::Level::WARN),
        }
    }

    /// The response for a refusal (not logged or counted).
    #[must_use]
    pub fn respond(&self, refusal: &Refusal) -> Response<Bytes> {
        let status = refusal.status();
        let detail = refusal.detail();
        let mut response = match self.config.body {
            BodyFormat::Text => {
                text_response(status, "text/plain; charset=utf-8", format!("{detail}\n"))
            }
            BodyFormat::ProblemJson => {
                let body = serde_json::json!({
                    "type": "about:blank",
                    "title": status.canonical_reason().unwrap_or_default(),
                    "status": status.as_u16(),
                    "detail": detail,
                });
                text_response(status, "application/problem+json", body.to_string())
            }
            BodyFormat::Grpc => grpc_response(refusal.grpc_status(), &detail),
        };
        let headers = response.headers_mut();
        if let Some(c) = self
            .challenge(refusal)
            .and_then(|c| HeaderValue::from_str(&c).ok())
        {
            headers.insert(header::WWW_AUTHENTICATE, c);
        }
        if let Refusal::MethodNotAllowed(methods) = refusal
            && let Ok(v) = HeaderValue::from_str(&methods.join(", "))
        {
            headers.insert(header::ALLOW, v);
        }
        response
    }
}

fn text_response(status: StatusCode, content_type: &'static str, body: String) -> Response<Bytes> {
    let mut r = Response::new(Bytes::from(body));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

/// A trailers-only gRPC response: status and message in the headers.
fn grpc_response(code: u8, message: &str) -> Response<Bytes> {
    let mut r = Response::new(Bytes::new());
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/grpc"),
    );
    h.insert("grpc-status", HeaderValue::from(u16::from(code)));
    // grpc-message is percent-encoded (gRPC over HTTP/2 spec).
    let encoded: String = message
        .bytes()
        .map(|b| match b {
            b' '..=b'~' if b != b'%' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    if let Ok(v) = HeaderValue::from_str(&encoded) {
        h.insert("grpc-message", v);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenges_carry_resource_metadata() {
        let r = Responses::new("foxy", BodyFormat::Text)
            .with_resource_metadata("https://api.example/.well-known/oauth-protected-resource")
            .with_log_level(LogLevel::Off);
        assert_eq!(
            r.challenge(&Refusal::Unauthenticated).unwrap(),
            "Bearer realm=\"foxy\", resource_metadata=\"https://api.example/.well-known/oauth-protected-resource\""
        );
        assert_eq!(r.challenge(&Refusal::NotFound), None);
        let resp = r.respond(&Refusal::InvalidRequest(
            "more than one Authorization field",
        ));
        assert_eq!(resp.status(), 400);
        assert!(
            resp.headers()[header::WWW_AUTHENTICATE]
                .to_str()
                .unwrap()
                .contains("error=\"invalid_request\"")
        );
    }

    #[test]
    fn grpc_refusals_are_statuses() {
        let r = Responses::new("svc", BodyFormat::Grpc).with_log_level(LogLevel::Off);
        let resp = r.respond(&Refusal::InsufficientScope {
            scope: "a".into(),
            detail: "requires a".into(),
        });
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.headers()["grpc-status"], "7");
        assert_eq!(
            resp.headers()["www-authenticate"],
            "Bearer realm=\"svc\", error=\"insufficient_scope\", scope=\"a\""
        );
        let resp = r.respond(&Refusal::Unauthenticated);
        assert_eq!(resp.headers()["grpc-status"], "16");
    }

    #[test]
    fn counts_by_reason() {
        let r = Responses::new("x", BodyFormat::Text).with_log_level(LogLevel::Off);
        let _ = r.refuse(&Refusal::Unauthenticated, "GET", "/a");
        let _ = r.refuse(&Refusal::Unauthenticated, "GET", "/a");
        let _ = r.refuse(&Refusal::NotFound, "GET", "/b");
        let c = r.counts();
        assert_eq!((c.unauthenticated, c.not_found, c.invalid_token), (2, 1, 0));
    }
}
