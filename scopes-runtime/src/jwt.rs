//! JWT access tokens (RFC 9068, feature `jwt`), verified with keys from a
//! JWKS (RFC 7517) on `jsonwebtoken` with its pure-Rust backend: HS256/384/512,
//! RS256/384/512, PS256/384/512, ES256/384 and EdDSA.
//!
//! | check | refusal (401 `invalid_token`, `error_description`) |
//! |---|---|
//! | not a compact JWS, `alg` unknown or `none` | "the token is not a signed JWT" |
//! | `crit` header present (RFC 7515 §4.1.11: no extension is understood here) | "the token has critical header parameters this server does not understand" |
//! | `typ` is not `at+jwt` (when [`JwtValidator::require_at_jwt`]) | "the token is not a JWT access token (typ at+jwt)" |
//! | no JWKS key for `kid` and `alg` | "no key for this token" |
//! | signature | "the signature does not verify" |
//! | `exp` (required), `nbf`, with leeway | "the token has expired" / "the token is not valid yet" |
//! | `iat` more than the leeway ahead | "the token was issued in the future" |
//! | `iss` not one string, `scope`/`scp` of another type | "the token's claims are malformed" |
//! | no audience / no issuer configured (and no [`JwtValidator::any_audience`] / [`JwtValidator::any_issuer`] opt-out): every token | "the server has no audience configured" / "the server has no issuer configured" |
//! | `iss`, `aud` (RFC 8707 / RFC 9068 §4) | "the token is from another issuer" / "the token is for another audience" |
//!
//! Deny by default: RFC 9068 §4 says a resource server MUST check `iss` and
//! `aud`, so a validator refuses every token until it is given both
//! ([`JwtValidator::issuer`], [`JwtValidator::audience`]) or told, by name,
//! to skip one ([`JwtValidator::any_issuer`], [`JwtValidator::any_audience`]).
//!
//! Descriptions name the failed check only: never a key, `kid`, claim value
//! or the token. Scopes come from `scope` (a string) or else `scp` (a string
//! or an array); a token with neither is valid and grants nothing (403 on
//! protected routes).
//!
//! Keys: the service owns a [`Jwks`] handle, fetches the authorization
//! server's `jwks_uri` with its own HTTP client, and calls
//! [`Jwks::replace`] when it refreshes; a token with an unknown `kid` calls
//! [`KeySource::unknown_key`] so the service can refresh early. Or
//! implement [`KeySource`] yourself.
//!
//! ```no_run
//! # mod foxy { scopes_runtime::include_spec!("../spec/foxy.yaml"); }
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let jwks_json = String::new();
//! use scopes_runtime::jwt::{Jwks, JwtValidator};
//! use scopes_runtime::layer::ScopeLayer;
//! use scopes_runtime::metadata::ResourceMetadata;
//!
//! let keys = Jwks::from_json(&jwks_json)?; // keys.replace(..) when you refetch jwks_uri
//! let jwt = JwtValidator::new(keys.clone())
//!     .issuer("https://auth.foxy.example")
//!     .audience("https://api.foxy.example")
//!     .require_at_jwt();
//! let metadata = ResourceMetadata::new("https://api.foxy.example", foxy::TABLES)?
//!     .authorization_server("https://auth.foxy.example");
//! let layer = ScopeLayer::new(foxy::TABLES)
//!     .realm("foxy")
//!     .metadata(metadata)
//!     .authenticate(jwt);
//! # let _ = layer;
//! # Ok(())
//! # }
//! ```

use std::sync::{Arc, RwLock};

use jsonwebtoken::jwk::{Jwk, JwkSet, KeyOperations, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, Header, Validation, errors::ErrorKind};
use serde::Deserialize;

use crate::TokenScopes;
use crate::authenticate::{Authenticate, Expect, TokenError, TokenInfo};

/// One verification key and the algorithms it may be used with.
#[derive(Clone)]
pub struct Key {
    kid: Option<String>,
    algorithms: Vec<Algorithm>,
    key: DecodingKey,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Key")
            .field("kid", &self.kid)
            .field("algorithms", &self.algorithms)
            .finish_non_exhaustive()
    }
}

impl Key {
    /// A key from a JWK: its `alg` if it names one, else every algorithm
    /// of its family.
    ///
    /// # Errors
    /// A key type or algorithm `jsonwebtoken` does not support, or a key
    /// not meant for verifying signatures (`use` other than `sig`, or
    /// `key_ops` without `verify`; RFC 7517 §4.2, §4.3), or an `alg` of
    /// another family than the key.
    pub fn from_jwk(jwk: &Jwk) -> Result<Self, jsonwebtoken::errors::Error> {
        if jwk
            .common
            .public_key_use
            .as_ref()
            .is_some_and(|u| *u != PublicKeyUse::Signature)
        {
            return Err(ErrorKind::InvalidKeyFormat.into());
        }
        // RFC 7517 §4.3: with `key_ops`, only a key for "verify".
        if jwk
            .common
            .key_operations
            .as_ref()
            .is_some_and(|ops| !ops.contains(&KeyOperations::Verify))
        {
            return Err(ErrorKind::InvalidKeyFormat.into());
        }
        let key = DecodingKey::from_jwk(jwk)?;
        let algorithms = match jwk.common.key_algorithm {
            // An `alg` of another family than the key (an RSA key marked
            // HS256) is a confused or hostile JWKS entry: unusable.
            Some(a) => match Algorithm::try_from(a)? {
                alg if alg.family() == key.family() => vec![alg],
                _ => return Err(ErrorKind::InvalidAlgorithm.into()),
            },
            None => key.family().algorithms().to_vec(),
        };
        Ok(Key {
            kid: jwk.common.key_id.clone(),
            algorithms,
            key,
        })
    }

    /// A shared HMAC secret for `alg` (HS256/384/512).
    #[must_use]
    pub fn hmac(kid: Option<&str>, secret: &[u8], alg: Algorithm) -> Self {
        Key {
            kid: kid.map(str::to_owned),
            algorithms: vec![alg],
            key: DecodingKey::from_secret(secret),
        }
    }
}

/// Where a [`JwtValidator`] finds keys.
pub trait KeySource: Send + Sync + 'static {
    /// The key for a token's `kid` (if any) and `alg`. Called per request:
    /// answer from memory.
    fn key(&self, kid: Option<&str>, alg: Algorithm) -> Option<Key>;

    /// A token named a key this source does not have: a hint to refresh
    /// (rate-limit it). The default does nothing.
    fn unknown_key(&self) {}
}

/// A JWKS held in memory, replaced when the service refreshes it. Clones
/// share the same keys.
#[derive(Clone, Debug, Default)]
pub struct Jwks {
    keys: Arc<RwLock<Arc<Vec<Key>>>>,
}

impl Jwks {
    /// Keys from a JWKS document. Keys this crate cannot use (unknown key
    /// types or algorithms) are skipped.
    ///
    /// # Errors
    /// The document is not a JWKS.
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        let set: JwkSet = serde_json::from_str(json)?;
        Ok(Self::from_set(&set))
    }

    /// Keys from a parsed JWKS.
    #[must_use]
    pub fn from_set(set: &JwkSet) -> Self {
        Self::from_keys(set.keys.iter().filter_map(|k| Key::from_jwk(k).ok()))
    }

    /// These keys.
    #[must_use]
    pub fn from_keys(keys: impl IntoIterator<Item = Key>) -> Self {
        Jwks {
            keys: Arc::new(RwLock::new(Arc::new(keys.into_iter().collect()))),
        }
    }

    /// Replace the keys (after fetching `jwks_uri` again); every clone of
    /// this handle sees the new set.
    pub fn replace(&self, new: &Jwks) {
        let keys = new.snapshot();
        match self.keys.write() {
            Ok(mut k) => *k = keys,
            Err(poisoned) => *poisoned.into_inner() = keys,
        }
    }

    fn snapshot(&self) -> Arc<Vec<Key>> {
        match self.keys.read() {
            Ok(k) => k.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// How many keys are loaded.
    #[must_use]
    pub fn len(&self) -> usize {
        self.snapshot().len()
    }

    /// Whether no key is loaded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl KeySource for Jwks {
    fn key(&self, kid: Option<&str>, alg: Algorithm) -> Option<Key> {
        let keys = self.snapshot();
        let usable = |k: &&Key| k.algorithms.contains(&alg);
        match kid {
            Some(kid) => keys
                .iter()
                .filter(usable)
                .find(|k| k.kid.as_deref() == Some(kid)),
            // No `kid`: only unambiguous.
            None => {
                let mut it = keys.iter().filter(usable);
                match (it.next(), it.next()) {
                    (Some(k), None) => Some(k),
                    _ => None,
                }
            }
        }
        .cloned()
    }
}

pub use crate::authenticate::MAX_LEEWAY;

/// Verifies JWT access tokens. See the [module docs](self).
#[derive(Clone)]
pub struct JwtValidator {
    inner: Arc<Config>,
}

#[derive(Clone)]
struct Config {
    keys: Arc<dyn KeySource>,
    issuer: Expect,
    audience: Expect,
    leeway: u64,
    at_jwt: bool,
}

impl std::fmt::Debug for JwtValidator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtValidator")
            .field("issuer", &self.inner.issuer)
            .field("audience", &self.inner.audience)
            .field("leeway", &self.inner.leeway)
            .field("at_jwt", &self.inner.at_jwt)
            .finish_non_exhaustive()
    }
}

/// The claims read from a token. `iss` is read as one string (RFC 7519
/// §4.1.1) so an array is malformed, never a set to pick from; `exp` and
/// `iat` are NumericDates checked here as well as by `jsonwebtoken`.
#[derive(Deserialize)]
struct Claims {
    #[serde(rename = "iss")]
    _iss: Option<String>,
    exp: Option<f64>,
    iat: Option<f64>,
    scope: Option<String>,
    scp: Option<Scp>,
    sub: Option<String>,
    client_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Scp {
    One(String),
    Many(Vec<String>),
}

impl JwtValidator {
    /// Verify with keys from `keys`; 60 s leeway. Refuses every token until
    /// both [`issuer`](Self::issuer) and [`audience`](Self::audience) are
    /// set (RFC 9068 §4), or explicitly waived with
    /// [`any_issuer`](Self::any_issuer) / [`any_audience`](Self::any_audience).
    #[must_use]
    pub fn new(keys: impl KeySource) -> Self {
        // jsonwebtoken panics when it cannot tell which crypto backend to
        // use (both of its backend features on in one build): name ours.
        let _ = jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER.install_default();
        JwtValidator {
            inner: Arc::new(Config {
                keys: Arc::new(keys),
                issuer: Expect::Unset,
                audience: Expect::Unset,
                leeway: 60,
                at_jwt: false,
            }),
        }
    }

    fn with(self, f: impl FnOnce(&mut Config)) -> Self {
        let mut inner = Arc::unwrap_or_clone(self.inner);
        f(&mut inner);
        JwtValidator {
            inner: Arc::new(inner),
        }
    }

    /// Require `iss` to be `issuer`.
    #[must_use]
    pub fn issuer(self, issuer: impl Into<String>) -> Self {
        let issuer = issuer.into();
        self.with(|c| c.issuer = Expect::Exactly(issuer))
    }

    /// Accept tokens from any issuer (`iss` is then only checked to be one
    /// string when present): an explicit opt-out of RFC 9068 §4, for a
    /// JWKS only one issuer signs with. Without it (or
    /// [`issuer`](Self::issuer)) every token is refused.
    #[must_use]
    pub fn any_issuer(self) -> Self {
        self.with(|c| c.issuer = Expect::Any)
    }

    /// Require `aud` to contain `audience` (the resource identifier).
    #[must_use]
    pub fn audience(self, audience: impl Into<String>) -> Self {
        let audience = audience.into();
        self.with(|c| c.audience = Expect::Exactly(audience))
    }

    /// Accept tokens for any audience: an explicit opt-out of RFC 9068 §4,
    /// for tokens the issuer only mints for this resource. Without it (or
    /// [`audience`](Self::audience)) every token is refused.
    #[must_use]
    pub fn any_audience(self) -> Self {
        self.with(|c| c.audience = Expect::Any)
    }

    /// Leeway for `exp`, `nbf` and `iat`, in seconds (default 60, capped at
    /// [`MAX_LEEWAY`]: it is for clock skew, and `jsonwebtoken` would
    /// overflow on huge values).
    #[must_use]
    pub fn leeway(self, seconds: u64) -> Self {
        self.with(|c| c.leeway = seconds.min(MAX_LEEWAY))
    }

    /// Require `typ: at+jwt` (RFC 9068 §2.1), which keeps ID tokens and
    /// other JWTs from being used as access tokens.
    #[must_use]
    pub fn require_at_jwt(self) -> Self {
        self.with(|c| c.at_jwt = true)
    }

    /// Verify a token.
    ///
    /// # Errors
    /// A [`TokenError`] naming the failed check (see the module docs).
    pub fn verify(&self, token: &str) -> Result<TokenInfo, TokenError> {
        let c = &*self.inner;
        if c.audience == Expect::Unset {
            return Err(TokenError::new("the server has no audience configured"));
        }
        if c.issuer == Expect::Unset {
            return Err(TokenError::new("the server has no issuer configured"));
        }
        let header = jsonwebtoken::decode_header(token)
            .map_err(|_| TokenError::new("the token is not a signed JWT"))?;
        check_header(token, &header, c.at_jwt)?;
        let Some(key) = c.keys.key(header.kid.as_deref(), header.alg) else {
            c.keys.unknown_key();
            return Err(TokenError::new("no key for this token"));
        };
        let mut v = Validation::new(header.alg);
        v.leeway = c.leeway;
        v.validate_nbf = true;
        let mut required = vec!["exp"];
        if let Expect::Exactly(iss) = &c.issuer {
            v.set_issuer(&[iss]);
            required.push("iss");
        }
        match &c.audience {
            Expect::Exactly(aud) => {
                v.set_audience(&[aud]);
                required.push("aud");
            }
            Expect::Unset | Expect::Any => v.validate_aud = false,
        }
        v.set_required_spec_claims(&required);
        let data = jsonwebtoken::decode::<Claims>(token, &key.key, &v).map_err(describe)?;
        if segment_object(token, 1).is_none() {
            return Err(TokenError::new("the token's claims are not a JSON object"));
        }
        let claims = data.claims;
        check_times(&claims, c.leeway, crate::authenticate::now())?;
        let scopes = match (claims.scope, claims.scp) {
            (Some(s), _) | (None, Some(Scp::One(s))) => Some(TokenScopes::Scope(s)),
            (None, Some(Scp::Many(l))) => Some(TokenScopes::List(l)),
            (None, None) => None,
        };
        Ok(TokenInfo {
            scopes,
            subject: claims.sub,
            client_id: claims.client_id,
        })
    }
}

/// RFC 7519 §4.1.4: now must be *before* `exp` (`jsonwebtoken` accepts
/// `exp == now - leeway`); an `iat` beyond the leeway in the future comes
/// from a broken or forged issuer clock.
fn check_times(claims: &Claims, leeway: u64, now: u64) -> Result<(), TokenError> {
    #[allow(clippy::cast_precision_loss)]
    let (now, leeway) = (now as f64, leeway as f64);
    if claims.exp.is_none_or(|exp| exp + leeway <= now) {
        return Err(TokenError::new("the token has expired"));
    }
    if claims.iat.is_some_and(|iat| iat > now + leeway) {
        return Err(TokenError::new("the token was issued in the future"));
    }
    Ok(())
}

/// Segment `index` of a compact JWS, decoded and read strictly as a JSON
/// object. `jsonwebtoken` reads claims through serde into [`Claims`],
/// skipping the members it does not name without checking them, so a
/// signed token whose other members hold invalid UTF-8, a lone surrogate
/// escape or an out-of-range number would pass; RFC 7519 §7.2 step 10
/// wants the whole claims set to be valid JSON.
fn segment_object(token: &str, index: usize) -> Option<serde_json::Map<String, serde_json::Value>> {
    use base64::Engine as _;
    let segment = token.split('.').nth(index)?;
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(segment)
        .ok()?;
    serde_json::from_slice(&raw).ok()
}

/// Whether the token's raw JOSE header has a `crit` member of any value:
/// the parsed [`Header`] reads `"crit": null` as no `crit`, but RFC 7515
/// §4.1.11 allows only an array, so any `crit` this server does not
/// understand is refused.
fn names_crit(token: &str) -> bool {
    segment_object(token, 0).is_some_and(|h| h.contains_key("crit"))
}

fn check_header(token: &str, header: &Header, at_jwt: bool) -> Result<(), TokenError> {
    // The raw header, not `header.crit`: that reads `"crit": null` as absent.
    if names_crit(token) {
        return Err(TokenError::new(
            "the token has critical header parameters this server does not understand",
        ));
    }
    if at_jwt
        && !header.typ.as_deref().is_some_and(|t| {
            t.eq_ignore_ascii_case("at+jwt") || t.eq_ignore_ascii_case("application/at+jwt")
        })
    {
        return Err(TokenError::new(
            "the token is not a JWT access token (typ at+jwt)",
        ));
    }
    Ok(())
}

/// A public description of a verification failure.
fn describe(e: jsonwebtoken::errors::Error) -> TokenError {
    TokenError::new(match e.kind() {
        ErrorKind::InvalidSignature => "the signature does not verify",
        ErrorKind::ExpiredSignature => "the token has expired",
        ErrorKind::ImmatureSignature => "the token is not valid yet",
        ErrorKind::InvalidIssuer => "the token is from another issuer",
        ErrorKind::InvalidAudience => "the token is for another audience",
        ErrorKind::MissingRequiredClaim(c) => match c.as_str() {
            "exp" => "the token has no exp claim",
            "iss" => "the token has no iss claim",
            "aud" => "the token has no aud claim",
            _ => "the token lacks a required claim",
        },
        ErrorKind::InvalidAlgorithm => "the token's algorithm does not match its key",
        ErrorKind::InvalidClaimFormat(_) | ErrorKind::Json(_) => "the token's claims are malformed",
        _ => "the token could not be verified",
    })
}

impl Authenticate for JwtValidator {
    type Future = std::future::Ready<Result<TokenInfo, TokenError>>;

    fn authenticate(&self, token: &str) -> Self::Future {
        std::future::ready(self.verify(token))
    }
}
