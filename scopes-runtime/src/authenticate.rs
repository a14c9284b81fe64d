//! Turning a bearer token into a verified identity and its scopes: the
//! [`Authenticate`] trait the enforcement layer calls, JWT validation
//! (`crate::jwt`, feature `jwt`) and RFC 7662 introspection
//! ([`Introspection`]) implement it.

use std::future::Future;
use std::pin::Pin;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::TokenScopes;

/// The largest leeway for `exp`/`nbf` a verifier accepts: one day. Leeway
/// is for clock skew; a larger value would revive long-expired tokens.
pub const MAX_LEEWAY: u64 = 86_400;

/// A verified token: who and which scopes. The enforcement layer leaves it
/// in the request's extensions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenInfo {
    /// The scopes the token carries. `None`: the token has no scope claim,
    /// which grants nothing (a 403 `insufficient_scope` on protected routes,
    /// not a 401: the token itself is fine).
    pub scopes: Option<TokenScopes>,
    /// `sub`.
    pub subject: Option<String>,
    /// `client_id`.
    pub client_id: Option<String>,
}

/// Why a token was refused. Its text goes to the client as the
/// `error_description` of a 401 `invalid_token`: it says which check
/// failed ("the token has expired"), never a key, a claim value or the
/// token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenError(pub std::borrow::Cow<'static, str>);

impl TokenError {
    /// An error with a fixed public description.
    #[must_use]
    pub const fn new(description: &'static str) -> Self {
        TokenError(std::borrow::Cow::Borrowed(description))
    }
}

impl std::fmt::Display for TokenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TokenError {}

/// Verifies bearer tokens for the enforcement layer.
///
/// The future is an associated type so that a synchronous verifier (JWT
/// with cached keys: `std::future::Ready`) costs no allocation per request.
pub trait Authenticate: Send + Sync + 'static {
    /// The verification in progress.
    type Future: Future<Output = Result<TokenInfo, TokenError>> + Send + 'static;

    /// Verify `token` (already checked against the `b64token` grammar).
    fn authenticate(&self, token: &str) -> Self::Future;
}

/// No verification in the layer: an outer layer of yours verifies tokens
/// and inserts [`TokenScopes`] (or a parsed [`crate::Granted`]) as a request
/// extension. The layer does not read `Authorization` then.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoAuth;

impl Authenticate for NoAuth {
    type Future = std::future::Ready<Result<TokenInfo, TokenError>>;

    fn authenticate(&self, _token: &str) -> Self::Future {
        std::future::ready(Err(TokenError::new("no verifier is configured")))
    }
}

/// A boxed, sendable future (for network-bound verifiers).
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// An RFC 7662 introspection response (the members this crate reads).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Introspected {
    /// `active`: false for expired, revoked or unknown tokens.
    pub active: bool,
    /// `scope`: space-separated.
    pub scope: Option<String>,
    /// `sub`.
    pub sub: Option<String>,
    /// `client_id`.
    pub client_id: Option<String>,
    /// `exp`, seconds since the epoch.
    pub exp: Option<u64>,
    /// `nbf`, seconds since the epoch.
    pub nbf: Option<u64>,
    /// `aud`.
    pub aud: Vec<String>,
}

impl Introspected {
    /// Parse an RFC 7662 §2.2 introspection response strictly: `active` is
    /// required and boolean; `scope`, `sub`, `client_id` strings; `exp`,
    /// `nbf` non-negative integers; `aud` a string or an array of strings.
    /// Other members are ignored. A member of the wrong type makes the whole
    /// answer malformed (a 401), never a partial grant.
    ///
    /// # Errors
    /// Not a JSON object, or a member above missing or of the wrong type.
    /// The description never quotes the answer.
    pub fn from_json(body: &[u8]) -> Result<Self, TokenError> {
        const MALFORMED: TokenError = TokenError::new("the introspection response is malformed");
        let serde_json::Value::Object(doc) = serde_json::from_slice(body).map_err(|_| MALFORMED)?
        else {
            return Err(MALFORMED);
        };
        let string = |name: &str| match doc.get(name) {
            None => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(MALFORMED),
        };
        let number = |name: &str| match doc.get(name) {
            None => Ok(None),
            Some(v) => v.as_u64().map(Some).ok_or(MALFORMED),
        };
        let aud = match doc.get("aud") {
            None => Vec::new(),
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            Some(serde_json::Value::Array(list)) => list
                .iter()
                .map(|v| v.as_str().map(str::to_owned).ok_or(MALFORMED))
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(MALFORMED),
        };
        Ok(Introspected {
            active: doc
                .get("active")
                .and_then(serde_json::Value::as_bool)
                .ok_or(MALFORMED)?,
            scope: string("scope")?,
            sub: string("sub")?,
            client_id: string("client_id")?,
            exp: number("exp")?,
            nbf: number("nbf")?,
            aud,
        })
    }
}

/// Asks an authorization server about an opaque token (RFC 7662). Bring
/// your own HTTP client; cache answers as your policy allows.
pub trait Introspect: Send + Sync + 'static {
    /// Introspect `token`. An `Err` is a failure to ask (network, server
    /// error): the request is refused with 401 and a generic description.
    /// Parse the server's answer with [`Introspected::from_json`].
    fn introspect(&self, token: &str) -> BoxFuture<Result<Introspected, TokenError>>;
}

/// What a validator expects of `aud` or `iss`. Deny by default (RFC 9068
/// §4: a resource server MUST check both): until the service names a value
/// or explicitly opts out, every token is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Expect {
    /// Not configured: every token is refused.
    Unset,
    /// The service opted out of the check.
    Any,
    /// The claim must hold this value.
    Exactly(String),
}

/// [`Authenticate`] for opaque tokens through an [`Introspect`]
/// implementation: refuses inactive tokens, tokens outside `exp`/`nbf`
/// (with leeway, against the local clock as a second line of defence), and
/// tokens for another resource than [`Introspection::audience`]. With no
/// audience configured every token is refused ("the server has no audience
/// configured") unless the service calls [`Introspection::any_audience`].
#[derive(Debug)]
pub struct Introspection<I> {
    introspect: std::sync::Arc<I>,
    audience: Expect,
    leeway: u64,
}

impl<I> Clone for Introspection<I> {
    fn clone(&self) -> Self {
        Introspection {
            introspect: self.introspect.clone(),
            audience: self.audience.clone(),
            leeway: self.leeway,
        }
    }
}

impl<I: Introspect> Introspection<I> {
    /// Introspect with `introspect`; 60 s leeway. Refuses every token until
    /// [`audience`](Self::audience) (or [`any_audience`](Self::any_audience))
    /// is called.
    pub fn new(introspect: I) -> Self {
        Introspection {
            introspect: std::sync::Arc::new(introspect),
            audience: Expect::Unset,
            leeway: 60,
        }
    }

    /// Require this value in `aud` (RFC 8707 resource indicator).
    #[must_use]
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.audience = Expect::Exactly(audience.into());
        self
    }

    /// Accept tokens for any audience: an explicit opt-out of the `aud`
    /// check, for an introspection endpoint that already answers `active`
    /// only for this resource. Without it (or [`audience`](Self::audience))
    /// every token is refused.
    #[must_use]
    pub fn any_audience(mut self) -> Self {
        self.audience = Expect::Any;
        self
    }

    /// Leeway for `exp` and `nbf`, in seconds (capped at [`MAX_LEEWAY`]).
    #[must_use]
    pub fn leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds.min(MAX_LEEWAY);
        self
    }

    /// Check an introspection answer.
    ///
    /// # Errors
    /// No audience configured, inactive, expired, not yet valid, or for
    /// another audience.
    pub fn check(&self, answer: Introspected, now: u64) -> Result<TokenInfo, TokenError> {
        if self.audience == Expect::Unset {
            return Err(TokenError::new("the server has no audience configured"));
        }
        if !answer.active {
            return Err(TokenError::new("the token is not active"));
        }
        if answer
            .exp
            .is_some_and(|exp| exp.saturating_add(self.leeway) <= now)
        {
            return Err(TokenError::new("the token has expired"));
        }
        if answer
            .nbf
            .is_some_and(|nbf| nbf > now.saturating_add(self.leeway))
        {
            return Err(TokenError::new("the token is not valid yet"));
        }
        if let Expect::Exactly(aud) = &self.audience
            && !answer.aud.iter().any(|a| a == aud)
        {
            return Err(TokenError::new("the token is for another audience"));
        }
        Ok(TokenInfo {
            scopes: answer.scope.map(TokenScopes::Scope),
            subject: answer.sub,
            client_id: answer.client_id,
        })
    }
}

/// Seconds since the epoch.
pub(crate) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl<I: Introspect> Authenticate for Introspection<I> {
    type Future = BoxFuture<Result<TokenInfo, TokenError>>;

    fn authenticate(&self, token: &str) -> Self::Future {
        let this = self.clone();
        let answer = self.introspect.introspect(token);
        Box::pin(async move { this.check(answer.await?, now()) })
    }
}
