//! Bearer extraction (RFC 6750 §2) against a reference model of the
//! grammar written here from the RFC text, plus the parameter-smuggling
//! cases found in review.
#![cfg(feature = "http")]

use http::header::AUTHORIZATION;
use http::{HeaderMap, HeaderValue};
use proptest::prelude::*;
use scopes_runtime::bearer::{BearerMethods, extract, from_authorization, from_query};

/// RFC 6750 §2.1: `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" /
/// "+" / "/" ) *"="`, written as a two-state scan.
fn reference_b64token(s: &str) -> bool {
    let mut body = 0;
    let mut in_padding = false;
    for c in s.chars() {
        match c {
            '=' => in_padding = true,
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '.' | '_' | '~' | '+' | '/'
                if !in_padding =>
            {
                body += 1;
            }
            _ => return false,
        }
    }
    body > 0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    // `Bearer` 1*SP token: accepted exactly when the token is a b64token.
    #[test]
    fn token_grammar_matches_rfc6750(token in "[A-Za-z0-9._~+/=\\-:,;\" é\t]{0,12}",
            spaces in 1usize..4, scheme in "(?i)bearer") {
        let value = format!("{scheme}{}{token}", " ".repeat(spaces));
        let got = from_authorization(value.as_bytes());
        // Trailing whitespace is not part of a field value (RFC 9110 §5.5);
        // leading spaces belong to `1*SP`.
        let trimmed = token.trim_end_matches([' ', '\t']).trim_start_matches(' ');
        if reference_b64token(trimmed) {
            prop_assert_eq!(got, Ok(Some(trimmed)));
        } else {
            prop_assert!(got.is_err(), "{:?} accepted", value);
        }
    }

    // Any bytes: no panic, and a token is only ever a b64token.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        if let Ok(Some(t)) = from_authorization(&bytes) {
            prop_assert!(reference_b64token(t));
        }
        let mut value = b"Bearer ".to_vec();
        value.extend_from_slice(&bytes);
        if let Ok(Some(t)) = from_authorization(&value) {
            prop_assert!(reference_b64token(t));
        }
        let _ = from_query(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn obs_text_and_long_values() {
    // obs-text is allowed in a header value but not in a b64token.
    assert!(from_authorization(b"Bearer abc\xff").is_err());
    assert!(from_authorization(b"Bearer \xc3\xa9").is_err());
    // A 1 MB token is a grammar question, not a crash.
    let long = format!("Bearer {}", "a".repeat(1 << 20));
    assert_eq!(
        from_authorization(long.as_bytes()).unwrap().unwrap().len(),
        1 << 20
    );
}

// A percent-encoded parameter name is the same parameter to any decoder
// behind us (RFC 3986 §2.1; form decoding decodes names too): it must not
// slip past the "one token, one place" rule of RFC 6750 §2.
#[test]
fn percent_encoded_access_token_names_count() {
    let on = BearerMethods { query: true };
    let mut h = HeaderMap::new();
    h.insert(
        AUTHORIZATION,
        HeaderValue::from_static("Bearer headertoken"),
    );
    for q in [
        "access%5Ftoken=other",
        "access%5ftoken=other",
        "%61ccess_token=other",
    ] {
        assert!(extract(&h, Some(q), on).is_err(), "{q} ignored");
        assert!(
            from_query(&format!("access_token=a&{q}")).is_err(),
            "{q} ignored"
        );
        assert_eq!(
            from_query(q).unwrap().as_deref(),
            Some("other"),
            "{q} not read"
        );
    }
}
