//! Finding the bearer token of a request (RFC 6750 §2).
//!
//! - `Authorization: Bearer <b64token>` (§2.1): the scheme is
//!   case-insensitive (RFC 9110 §11.1), one or more spaces separate it from
//!   the token, and the token must match the `b64token` grammar. A request
//!   with more than one `Authorization` field is malformed (RFC 9110 §5.3:
//!   the field is a singleton) and refused with 400 `invalid_request`
//!   (RFC 6750 §3.1): a proxy or audit log reading the other field would
//!   see another identity.
//! - `?access_token=` (§2.3) only when the service turns it on
//!   ([`BearerMethods`]); a request that uses more than one method is
//!   refused (§2: "MUST NOT use more than one method").
//! - A form-encoded body (§2.2): the layer does not buffer bodies, so it
//!   never reads one; a service that must accept body tokens reads the body
//!   and calls [`from_form`] in its own authentication layer (with
//!   `ScopeLayer` in its default `NoAuth` mode).
//!
//! Another scheme (`Basic ...`) is not a bearer token: the request is
//! treated as carrying no credentials.

use http::HeaderMap;
use http::header::AUTHORIZATION;

/// Where tokens are accepted. Only the header by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BearerMethods {
    /// `?access_token=` in the query (RFC 6750 §2.3). Off by default: URLs
    /// end up in logs and browser history.
    pub query: bool,
}

impl BearerMethods {
    /// The names for RFC 9728 `bearer_methods_supported`.
    #[must_use]
    pub fn names(&self) -> Vec<&'static str> {
        let mut names = vec!["header"];
        if self.query {
            names.push("query");
        }
        names
    }
}

/// A malformed request (400 `invalid_request`). The description never
/// contains the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BearerError(pub &'static str);

impl std::fmt::Display for BearerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for BearerError {}

/// `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`
#[must_use]
pub fn is_b64token(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b))
}

/// The token of one `Authorization` field value, if its scheme is Bearer.
///
/// # Errors
/// A Bearer credential whose token is missing or outside `b64token`.
pub fn from_authorization(value: &[u8]) -> Result<Option<&str>, BearerError> {
    let Ok(value) = std::str::from_utf8(value) else {
        return Err(BearerError("the Authorization field is not ASCII"));
    };
    // Field values carry no leading or trailing whitespace (RFC 9110 §5.5).
    let value = value.trim_matches([' ', '\t']);
    let (scheme, rest) = match value.find([' ', '\t']) {
        Some(i) => value.split_at(i),
        None => (value, ""),
    };
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Ok(None);
    }
    if rest.starts_with('\t') {
        return Err(BearerError(
            "only spaces may follow the Bearer scheme (RFC 6750 section 2.1)",
        ));
    }
    // 1*SP between scheme and token.
    let token = rest.trim_start_matches(' ');
    if token.is_empty() {
        return Err(BearerError("the Bearer credential has no token"));
    }
    if !is_b64token(token) {
        return Err(BearerError(
            "the bearer token is not a b64token (RFC 6750 section 2.1)",
        ));
    }
    Ok(Some(token))
}

/// The bearer token in `headers`, and in `query` when `methods.query`.
///
/// # Errors
/// More than one `Authorization` field, a malformed Bearer credential, or
/// a token given in more than one place.
pub fn extract<'r>(
    headers: &'r HeaderMap,
    query: Option<&'r str>,
    methods: BearerMethods,
) -> Result<Option<std::borrow::Cow<'r, str>>, BearerError> {
    let mut fields = headers.get_all(AUTHORIZATION).iter();
    let from_header = match (fields.next(), fields.next()) {
        (None, _) => None,
        (Some(v), None) => from_authorization(v.as_bytes())?,
        (Some(_), Some(_)) => {
            return Err(BearerError("more than one Authorization field"));
        }
    };
    let from_query = match query {
        Some(q) if methods.query => from_query(q)?,
        _ => None,
    };
    match (from_header, from_query) {
        (Some(_), Some(_)) => Err(BearerError("the token is given in more than one place")),
        (Some(h), None) => Ok(Some(std::borrow::Cow::Borrowed(h))),
        (None, q) => Ok(q.map(std::borrow::Cow::Owned)),
    }
}

/// The `access_token` of a query string (RFC 6750 §2.3).
///
/// # Errors
/// More than one `access_token`, or one that is not a `b64token` once
/// percent-decoded.
pub fn from_query(query: &str) -> Result<Option<String>, BearerError> {
    from_urlencoded(query.as_bytes(), false)
}

/// The `access_token` of an `application/x-www-form-urlencoded` body
/// (RFC 6750 §2.2).
///
/// # Errors
/// As [`from_query`].
pub fn from_form(body: &[u8]) -> Result<Option<String>, BearerError> {
    from_urlencoded(body, true)
}

fn from_urlencoded(input: &[u8], plus_is_space: bool) -> Result<Option<String>, BearerError> {
    let mut found = None;
    for pair in input.split(|&b| b == b'&') {
        let (key, value) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &[][..]),
        };
        if !is_access_token(key, plus_is_space) {
            continue;
        }
        if found.is_some() {
            return Err(BearerError("more than one access_token parameter"));
        }
        let decoded = percent_decode(value, plus_is_space)
            .ok_or(BearerError("the access_token parameter is badly encoded"))?;
        if !is_b64token(&decoded) {
            return Err(BearerError(
                "the bearer token is not a b64token (RFC 6750 section 2.1)",
            ));
        }
        found = Some(decoded);
    }
    Ok(found)
}

/// Whether a parameter name is `access_token` once decoded: any decoder
/// behind us reads `access%5Ftoken` as that name too, so it must count for
/// the one-token-one-place rule.
fn is_access_token(key: &[u8], plus_is_space: bool) -> bool {
    if key.contains(&b'%') {
        percent_decode(key, plus_is_space).as_deref() == Some("access_token")
    } else {
        key == b"access_token"
    }
}

fn percent_decode(input: &[u8], plus_is_space: bool) -> Option<String> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'%' => {
                let hex = input.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(AUTHORIZATION, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn header_token(values: &[&str]) -> Result<Option<String>, BearerError> {
        extract(&headers(values), None, BearerMethods::default()).map(|t| t.map(|c| c.into_owned()))
    }

    // Cases from RFC 6750 §2.1 (credentials = "Bearer" 1*SP b64token) and
    // RFC 9110 §11.1 (the scheme is case-insensitive).
    #[test]
    fn scheme_is_case_insensitive_and_spaces_repeat() {
        for v in [
            "Bearer abc",
            "bearer abc",
            "BEARER abc",
            "Bearer   abc",
            "bEaReR abc",
        ] {
            assert_eq!(header_token(&[v]), Ok(Some("abc".into())), "{v}");
        }
        assert_eq!(
            header_token(&["Bearer mF_9.B5f-4.1JqM+/=="]),
            Ok(Some("mF_9.B5f-4.1JqM+/==".into()))
        );
    }

    #[test]
    fn other_schemes_are_no_credentials() {
        assert_eq!(header_token(&["Basic YWxhZGRpbjpvcGVuc2VzYW1l"]), Ok(None));
        assert_eq!(header_token(&["Bearerabc"]), Ok(None));
        assert_eq!(header_token(&[]), Ok(None));
    }

    #[test]
    fn malformed_bearer_credentials_are_invalid_requests() {
        for v in [
            "Bearer",
            "Bearer ",
            "Bearer a b",
            "Bearer a=b",
            "Bearer ===",
            "Bearer a\"b",
            "Bearer a,b",
            "Bearer\tabc",
        ] {
            assert!(header_token(&[v]).is_err(), "{v:?}");
        }
    }

    #[test]
    fn two_authorization_fields_are_refused() {
        assert_eq!(
            header_token(&["Bearer a", "Bearer b"]),
            Err(BearerError("more than one Authorization field"))
        );
        assert!(header_token(&["Bearer a", "Basic b"]).is_err());
    }

    #[test]
    fn query_tokens_only_when_enabled() {
        let h = HeaderMap::new();
        let q = Some("x=1&access_token=mF_9.B5f-4.1JqM%2B%2F");
        assert_eq!(extract(&h, q, BearerMethods::default()), Ok(None));
        let on = BearerMethods { query: true };
        assert_eq!(
            extract(&h, q, on).unwrap().as_deref(),
            Some("mF_9.B5f-4.1JqM+/")
        );
        assert!(extract(&h, Some("access_token=a&access_token=b"), on).is_err());
        assert!(extract(&headers(&["Bearer a"]), Some("access_token=b"), on).is_err());
        assert!(extract(&h, Some("access_token=a%20b"), on).is_err());
        assert!(extract(&h, Some("access_token=%zz"), on).is_err());
    }

    #[test]
    fn form_bodies() {
        assert_eq!(
            from_form(b"access_token=abc&other=1"),
            Ok(Some("abc".into()))
        );
        assert!(from_form(b"access_token=a+b").is_err());
        assert_eq!(from_form(b"other=1"), Ok(None));
    }
}
