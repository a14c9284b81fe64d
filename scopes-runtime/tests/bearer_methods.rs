//! Bearer token places and their decoding, from the texts: RFC 6750 §2.1
//! (`Authorization: Bearer b64token`), §2.2 (form body,
//! `application/x-www-form-urlencoded`, where `+` is a space), §2.3 (query
//! `access_token`, percent-encoded), §2 ("MUST NOT use more than one
//! method"); RFC 9110 §5.5 (field values carry no leading or trailing
//! whitespace); RFC 9728 §2 (`bearer_methods_supported`: `header`, `body`,
//! `query`). Added for mutation testing (issue 14).
#![cfg(feature = "http")]

use http::header::AUTHORIZATION;
use http::{HeaderMap, HeaderValue};
use scopes_runtime::bearer::{
    BearerError, BearerMethods, extract, from_authorization, from_form, from_query,
};

#[test]
fn metadata_names_the_methods_in_use() {
    assert_eq!(BearerMethods::default().names(), ["header"]);
    assert_eq!(BearerMethods { query: true }.names(), ["header", "query"]);
}

#[test]
fn errors_read_as_their_text() {
    let e = BearerError("more than one access_token parameter");
    assert_eq!(e.to_string(), "more than one access_token parameter");
}

#[test]
fn header_values_are_trimmed_then_parsed() {
    assert_eq!(from_authorization(b"  Bearer abc\t "), Ok(Some("abc")));
    assert_eq!(from_authorization(b"Bearer  abc=="), Ok(Some("abc==")));
    assert_eq!(from_authorization(b"Basic abc"), Ok(None));
    assert_eq!(
        from_authorization(b"Bearer"),
        Err(BearerError("the Bearer credential has no token"))
    );
    assert_eq!(
        from_authorization(b"Bearer\tabc"),
        Err(BearerError(
            "only spaces may follow the Bearer scheme (RFC 6750 section 2.1)"
        ))
    );
    assert_eq!(
        from_authorization(b"Bearer \xff"),
        Err(BearerError("the Authorization field is not ASCII"))
    );
}

#[test]
fn query_tokens_are_percent_decoded_and_plus_is_kept() {
    // RFC 3986 percent-encoding: `+` is a literal plus in a query.
    assert_eq!(
        from_query("access_token=a+b%2Fc%3D"),
        Ok(Some("a+b/c=".into()))
    );
    assert_eq!(from_query("x=1&access_token=tok&y"), Ok(Some("tok".into())));
    assert_eq!(from_query("x=1&y=2"), Ok(None));
    assert_eq!(from_query(""), Ok(None));
    // A parameter whose name decodes to access_token is one.
    assert_eq!(from_query("access%5Ftoken=tok"), Ok(Some("tok".into())));
    assert_eq!(
        from_query("access_token=a&access%5ftoken=b"),
        Err(BearerError("more than one access_token parameter"))
    );
    assert_eq!(from_query("access%5Ftokens=tok"), Ok(None));
    assert_eq!(from_query("access_tokens=tok"), Ok(None));
    for bad in [
        "access_token=%4",
        "access_token=%",
        "access_token=%G0",
        "access_token=%FF",
    ] {
        assert_eq!(
            from_query(bad),
            Err(BearerError("the access_token parameter is badly encoded")),
            "{bad}"
        );
    }
    assert_eq!(
        from_query("access_token="),
        Err(BearerError(
            "the bearer token is not a b64token (RFC 6750 section 2.1)"
        ))
    );
}

#[test]
fn form_bodies_read_plus_as_space() {
    // application/x-www-form-urlencoded: `+` is a space, so `a+b` is the
    // token "a b" (not a b64token) and `%2B` is the plus.
    assert!(from_form(b"access_token=a+b").is_err());
    assert_eq!(from_form(b"access_token=a%2Bb"), Ok(Some("a+b".into())));
    assert_eq!(from_form(b"access+token=x"), Ok(None));
    assert_eq!(
        from_form(b"a=1&access_token=x%3D%3D"),
        Ok(Some("x==".into()))
    );
}

fn headers(values: &[&str]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for v in values {
        h.append(AUTHORIZATION, HeaderValue::from_str(v).unwrap());
    }
    h
}

#[test]
fn one_method_per_request() {
    let on = BearerMethods { query: true };
    let off = BearerMethods::default();
    let got = |h: &[&str], q: Option<&str>, m| {
        extract(&headers(h), q, m).map(|t| t.map(std::borrow::Cow::into_owned))
    };
    assert_eq!(got(&["Bearer h"], None, on), Ok(Some("h".into())));
    assert_eq!(got(&[], Some("access_token=q"), on), Ok(Some("q".into())));
    assert_eq!(
        got(&["Bearer h"], Some("access_token=q"), off),
        Ok(Some("h".into()))
    );
    assert_eq!(
        got(&["Bearer h"], Some("access_token=q"), on),
        Err(BearerError("the token is given in more than one place"))
    );
    // Another scheme is no token, so the query's is the only one.
    assert_eq!(
        got(&["Basic x"], Some("access_token=q"), on),
        Ok(Some("q".into()))
    );
    assert_eq!(got(&[], Some("access_token=q"), off), Ok(None));
    assert_eq!(got(&[], None, on), Ok(None));
    assert_eq!(
        got(&["Basic x", "Basic y"], None, off),
        Err(BearerError("more than one Authorization field"))
    );
}
