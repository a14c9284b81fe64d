//! Bearer extraction (RFC 6750 §2) and JWT verification (RFC 7515, 7519,
//! 9068) of `scopes_runtime::{bearer, jwt}`, against references written
//! here from the RFCs.
//!
//! The first input byte picks a mode (`byte % 4`):
//! - 0: the rest is an `Authorization` field value. `from_authorization`
//!   must agree with the RFC 6750 §2.1 grammar below, `extract` with it, a
//!   second field must make the request malformed, and a token it yields
//!   goes through the JWT checks.
//! - 1: the rest is `query NUL form-body`: `from_query` / `from_form` must
//!   find the one `access_token` a lenient urlencoded reader finds, and
//!   only a `b64token`.
//! - 2, 3: the rest is `header-json NUL claims-json`: the harness encodes
//!   them and signs with the key chosen by `(byte >> 2) % 4` (the test
//!   HMAC key, another secret, the JWKS's RSA public key as an HMAC secret
//!   (algorithm confusion), or no signature), then runs the JWT checks.
//!
//! JWT checks: `JwtValidator::verify` with a fixed test JWKS
//! (`keys/jwks.json`: an HS256 key `k1` and an RSA key `rsa`), strict
//! (issuer, audience, `typ: at+jwt`) and lenient (`any_issuer`,
//! `any_audience`). It must never panic, and a token it accepts must pass
//! every check below, computed independently: an HMAC-SHA256 signature by
//! the test key over the first two segments, `alg` HS256, no `crit`, a `kid`
//! naming that key, an unexpired `exp`, `nbf`/`iat` within the leeway, and
//! (strict) `typ`, `iss` and `aud`; the scopes returned are the claims'.
//! Accepting anything else is a forged token getting in: a crash.

use std::sync::OnceLock;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use scopes_runtime::TokenScopes;
use scopes_runtime::bearer::{self, BearerMethods};
use scopes_runtime::jwt::{Jwks, JwtValidator};
use serde_json::{Map, Value};

/// The HMAC secret of `k1` in `keys/jwks.json` (a throwaway test key).
pub const SECRET: &[u8] = b"scopes-fuzz-test-secret-not-a-real-key-0123456789";
/// The issuer the strict validator wants.
pub const ISS: &str = "https://auth.fuzz.example";
/// The audience the strict validator wants.
pub const AUD: &str = "https://api.fuzz.example";
const LEEWAY: u64 = 30;
const JWKS: &str = include_str!("../keys/jwks.json");
/// The public half of the JWKS's RSA key, as an attacker would use it for
/// an HS256 signature (algorithm confusion).
const RSA_PUBLIC_PEM: &[u8] = include_bytes!("../keys/rsa_public.pem");

/// Strict and lenient validators over the test JWKS.
fn validators() -> &'static [(JwtValidator, bool); 2] {
    static V: OnceLock<[(JwtValidator, bool); 2]> = OnceLock::new();
    V.get_or_init(|| {
        let keys = Jwks::from_json(JWKS).expect("test JWKS");
        assert_eq!(keys.len(), 2, "both test keys load");
        let strict = JwtValidator::new(keys.clone())
            .issuer(ISS)
            .audience(AUD)
            .require_at_jwt()
            .leeway(LEEWAY);
        let lenient = JwtValidator::new(keys)
            .any_issuer()
            .any_audience()
            .leeway(LEEWAY);
        let v = [(strict, true), (lenient, false)];
        // The accept path is reachable (else every forgery check passes
        // vacuously): a token RFC 9068 allows, signed with the test key.
        let claims = format!(r#"{{"iss":"{ISS}","aud":"{AUD}","exp":4102444800}}"#);
        let token = sign(br#"{"alg":"HS256","typ":"at+jwt"}"#, claims.as_bytes(), 0);
        for (validator, _) in &v {
            assert!(
                validator.verify(&token).is_ok(),
                "the test token is refused"
            );
        }
        v
    })
}

/// The target: see the module docs.
pub fn bearer_jwt(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 4 {
        0 => authorization(rest),
        1 => {
            let (query, form) = split_nul(rest);
            urlencoded(query, form);
        }
        _ => {
            let (header, claims) = split_nul(rest);
            verify(&sign(header, claims, (mode >> 2) % 4));
        }
    }
}

fn split_nul(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

/// `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`
/// (RFC 6750 §2.1).
fn b64token(s: &str) -> bool {
    let body_end = s.find('=').unwrap_or(s.len());
    let (body, pad) = s.split_at(body_end);
    !body.is_empty()
        && body.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/')
        })
        && pad.bytes().all(|b| b == b'=')
}

/// RFC 6750 §2.1 `credentials = "Bearer" 1*SP b64token`, in a field value
/// without its surrounding whitespace (RFC 9110 §5.5), the scheme matched
/// without case (RFC 9110 §11.1). `Ok(None)`: another scheme; `Err`: a
/// Bearer credential that breaks the grammar, or a field that is not
/// UTF-8 (the module's documented choice).
fn reference_authorization(value: &[u8]) -> Result<Option<String>, ()> {
    let s = std::str::from_utf8(value).map_err(drop)?;
    let s = s.trim_matches([' ', '\t']);
    let scheme_len = s.find([' ', '\t']).unwrap_or(s.len());
    if !s[..scheme_len].eq_ignore_ascii_case("Bearer") {
        return Ok(None);
    }
    let after = &s[scheme_len..];
    let spaces = after.len() - after.trim_start_matches(' ').len();
    let token = &after[spaces..];
    if spaces >= 1 && b64token(token) {
        Ok(Some(token.to_owned()))
    } else {
        Err(())
    }
}

fn authorization(value: &[u8]) {
    let got = bearer::from_authorization(value);
    let want = reference_authorization(value);
    assert_eq!(
        got.map(|t| t.map(str::to_owned)).map_err(drop),
        want,
        "from_authorization({:?})",
        String::from_utf8_lossy(value)
    );
    if let Ok(field) = http::HeaderValue::from_bytes(value) {
        let mut headers = http::HeaderMap::new();
        headers.append(http::header::AUTHORIZATION, field);
        let one = bearer::extract(&headers, None, BearerMethods::default());
        assert_eq!(one.map(|t| t.map(|c| c.into_owned())).map_err(drop), want);
        headers.append(
            http::header::AUTHORIZATION,
            http::HeaderValue::from_static("Bearer abc"),
        );
        assert!(
            bearer::extract(&headers, None, BearerMethods::default()).is_err(),
            "two Authorization fields must be refused (RFC 9110 §5.3)"
        );
    }
    if let Ok(Some(token)) = want {
        verify(&token);
    }
}

/// Percent-decoding as a lenient `application/x-www-form-urlencoded`
/// reader does it (WHATWG URL §5.1): `%XX` with two hex digits is a byte,
/// any other `%` stays, `+` is a space in bodies.
fn lenient_decode(input: &[u8], plus_is_space: bool) -> String {
    let hex = |b: u8| char::from(b).to_digit(16);
    let mut out = Vec::new();
    let mut i = 0;
    while i < input.len() {
        match (input[i], input.get(i + 1), input.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push(u8::try_from(hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)).unwrap_or(0));
                i += 3;
            }
            (b'+', _, _) if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The decoded values of every parameter a lenient reader names
/// `access_token` (a decoder behind the server sees these).
fn access_tokens(input: &[u8], plus_is_space: bool) -> Vec<String> {
    input
        .split(|&b| b == b'&')
        .filter_map(|pair| {
            let eq = pair.iter().position(|&b| b == b'=').unwrap_or(pair.len());
            let (key, value) = (&pair[..eq], pair.get(eq + 1..).unwrap_or(&[]));
            (lenient_decode(key, plus_is_space) == "access_token")
                .then(|| lenient_decode(value, plus_is_space))
        })
        .collect()
}

fn check_urlencoded(
    got: Result<Option<String>, bearer::BearerError>,
    input: &[u8],
    plus_is_space: bool,
) {
    let named = access_tokens(input, plus_is_space);
    let text = String::from_utf8_lossy(input);
    match got {
        Ok(Some(token)) => {
            assert_eq!(named, std::slice::from_ref(&token), "{text:?}");
            assert!(b64token(&token), "not a b64token: {token:?} from {text:?}");
        }
        Ok(None) => assert!(named.is_empty(), "missed {named:?} in {text:?}"),
        Err(e) => {
            assert!(!named.is_empty(), "refused {text:?} without a token: {e}");
        }
    }
}

fn urlencoded(query: &[u8], form: &[u8]) {
    if let Ok(q) = std::str::from_utf8(query) {
        let got = bearer::from_query(q);
        let headers = http::HeaderMap::new();
        let on = BearerMethods { query: true };
        assert_eq!(
            bearer::extract(&headers, Some(q), on).map(|t| t.map(|c| c.into_owned())),
            got
        );
        assert_eq!(
            bearer::extract(&headers, Some(q), BearerMethods::default()),
            Ok(None),
            "query tokens only when enabled"
        );
        check_urlencoded(got, query, false);
    }
    check_urlencoded(bearer::from_form(form), form, true);
}

fn hmac_sha256(secret: &[u8], message: &[u8]) -> Hmac<sha2::Sha256> {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(message);
    mac
}

/// `b64(header).b64(claims).signature`, signed HS256 with the key `which`
/// picks: 0 the test key, 1 another secret, 2 the JWKS's RSA public key
/// (PEM) as an HMAC secret, 3 or more no signature.
pub fn sign(header: &[u8], claims: &[u8], which: u8) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(claims)
    );
    let secret: &[u8] = match which {
        0 => SECRET,
        1 => b"another-secret",
        2 => RSA_PUBLIC_PEM,
        _ => return format!("{input}."),
    };
    let tag = hmac_sha256(secret, input.as_bytes())
        .finalize()
        .into_bytes();
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(tag))
}

fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs_f64()
}

/// Whether the strict and the lenient validator accept `token`.
pub fn accepts(token: &str) -> [bool; 2] {
    validators()
        .each_ref()
        .map(|(v, _)| v.verify(token).is_ok())
}

/// Both validators on `token`; an accept must pass [`accepted`].
pub fn verify(token: &str) {
    for (validator, strict) in validators() {
        let before = now().floor();
        let got = validator.verify(token);
        let after = now().ceil();
        match got {
            Ok(info) => accepted(token, *strict, &info, before, after),
            Err(e) => {
                let text = e.to_string();
                assert!(!text.is_empty());
                assert!(
                    token.len() < 8 || !text.contains(token),
                    "the description quotes the token"
                );
            }
        }
    }
}

/// A decoded header or claims object, read strictly: RFC 7519 §7.2 step
/// 10 wants the whole claims set valid JSON, so an accepted token whose
/// claims hold invalid UTF-8, a lone surrogate escape (`"\\udddd"`) or an
/// out-of-range number (`1e999`) in any member, even one nothing reads, is
/// a crash (`regressions/bearer_jwt/claims_*.bin`: `jsonwebtoken` skips
/// members it does not read, and `jwt.rs` now checks the whole object).
fn json_object(segment: &str, what: &str) -> Map<String, Value> {
    let raw = URL_SAFE_NO_PAD
        .decode(segment)
        .unwrap_or_else(|e| panic!("accepted a {what} that is not base64url: {e}"));
    serde_json::from_slice(&raw)
        .unwrap_or_else(|e| panic!("accepted a {what} that is not a JSON object: {e}"))
}

fn present<'m>(m: &'m Map<String, Value>, k: &str) -> Option<&'m Value> {
    m.get(k).filter(|v| !v.is_null())
}

fn number(m: &Map<String, Value>, k: &str) -> Option<f64> {
    present(m, k).map(|v| {
        v.as_f64()
            .unwrap_or_else(|| panic!("accepted a non-numeric {k}: {v}"))
    })
}

/// What an accepted token must be; panics (a crash) otherwise.
fn accepted(
    token: &str,
    strict: bool,
    info: &scopes_runtime::authenticate::TokenInfo,
    before: f64,
    after: f64,
) {
    let parts: Vec<&str> = token.split('.').collect();
    let [h, p, s] = parts[..] else {
        panic!("accepted a token that is not three segments: {token:?}");
    };
    let sig = URL_SAFE_NO_PAD
        .decode(s)
        .unwrap_or_else(|e| panic!("accepted a signature that is not base64url ({e}): {token:?}"));
    assert!(
        hmac_sha256(SECRET, format!("{h}.{p}").as_bytes())
            .verify_slice(&sig)
            .is_ok(),
        "FORGED: accepted a token not signed by the test key: {token:?}"
    );
    let header = json_object(h, "header");
    assert_eq!(header.get("alg"), Some(&Value::from("HS256")), "{token:?}");
    assert!(!header.contains_key("crit"), "accepted crit: {token:?}");
    if let Some(kid) = present(&header, "kid") {
        assert_eq!(kid, "k1", "accepted another key's kid: {token:?}");
    }
    let claims = json_object(p, "claims");
    let exp = number(&claims, "exp").unwrap_or_else(|| panic!("accepted no exp: {token:?}"));
    #[allow(clippy::cast_precision_loss)]
    let leeway = LEEWAY as f64;
    assert!(
        exp + leeway > before,
        "accepted an expired token: {token:?}"
    );
    if let Some(nbf) = number(&claims, "nbf") {
        assert!(nbf <= after + leeway, "accepted before nbf: {token:?}");
    }
    if let Some(iat) = number(&claims, "iat") {
        assert!(
            iat <= after + leeway,
            "accepted iat in the future: {token:?}"
        );
    }
    if let Some(iss) = present(&claims, "iss") {
        assert!(iss.is_string(), "accepted a non-string iss: {token:?}");
    }
    if strict {
        let typ = present(&header, "typ")
            .and_then(Value::as_str)
            .unwrap_or("");
        assert!(
            typ.eq_ignore_ascii_case("at+jwt") || typ.eq_ignore_ascii_case("application/at+jwt"),
            "accepted typ {typ:?} (RFC 9068 §2.1)"
        );
        assert_eq!(claims.get("iss"), Some(&Value::from(ISS)), "{token:?}");
        let aud = claims.get("aud");
        assert!(
            aud == Some(&Value::from(AUD))
                || aud
                    .and_then(Value::as_array)
                    .is_some_and(|a| a.contains(&Value::from(AUD))),
            "accepted another audience: {token:?}"
        );
    }
    let want = match (present(&claims, "scope"), present(&claims, "scp")) {
        (Some(Value::String(s)), _) | (None, Some(Value::String(s))) => {
            Some(TokenScopes::Scope(s.clone()))
        }
        (None, Some(Value::Array(a))) => Some(TokenScopes::List(
            a.iter()
                .map(|v| {
                    v.as_str()
                        .expect("accepted a non-string scp entry")
                        .to_owned()
                })
                .collect(),
        )),
        (None, None) => None,
        (scope, scp) => panic!("accepted malformed scopes {scope:?} {scp:?}: {token:?}"),
    };
    assert_eq!(info.scopes, want, "{token:?}");
    let sub = present(&claims, "sub").map(|v| v.as_str().expect("string sub").to_owned());
    assert_eq!(info.subject, sub, "{token:?}");
}
