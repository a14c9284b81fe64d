//! The bearer/JWT target's accept path is reached: a token signed with the
//! test key and claims RFC 9068 allows is accepted, and each single defect
//! (RFC 7515 / 7519 / 9068) is refused by the validator that checks it.
//! Without these, a target whose validators refuse everything would pass
//! every replay while checking nothing.

use scopes_fuzz::bearer_jwt::{AUD, ISS, accepts, sign, verify};
use serde_json::{Value, json};

fn header(extra: Value) -> Vec<u8> {
    let mut h = json!({"alg": "HS256", "typ": "at+jwt", "kid": "k1"});
    for (k, v) in extra.as_object().unwrap() {
        h[k] = v.clone();
    }
    serde_json::to_vec(&h).unwrap()
}

fn claims(extra: Value) -> Vec<u8> {
    // exp: 2100-01-01 (RFC 7519 NumericDate).
    let mut c = json!({"iss": ISS, "aud": AUD, "exp": 4_102_444_800_i64, "scope": "a b"});
    for (k, v) in extra.as_object().unwrap() {
        c[k] = v.clone();
    }
    serde_json::to_vec(&c).unwrap()
}

fn check(h: Value, c: Value, key: u8) -> [bool; 2] {
    let token = sign(&header(h), &claims(c), key);
    verify(&token); // the target's own oracle holds on it
    accepts(&token)
}

#[test]
fn a_valid_token_is_accepted_by_both() {
    assert_eq!(check(json!({}), json!({}), 0), [true, true]);
    assert_eq!(
        check(
            json!({"typ": "application/at+jwt"}),
            json!({"aud": ["x", AUD]}),
            0
        ),
        [true, true]
    );
}

#[test]
fn strict_checks_refuse_what_lenient_allows() {
    assert_eq!(check(json!({"typ": "JWT"}), json!({}), 0), [false, true]);
    assert_eq!(
        check(json!({}), json!({"iss": "https://other"}), 0),
        [false, true]
    );
    assert_eq!(
        check(json!({}), json!({"aud": "https://other"}), 0),
        [false, true]
    );
}

#[test]
fn forged_or_broken_tokens_are_refused_by_both() {
    for (h, c, key) in [
        (json!({}), json!({}), 1),                // another secret
        (json!({"kid": "rsa"}), json!({}), 2),    // RSA public key as HMAC secret
        (json!({}), json!({}), 2),                // same, kid k1
        (json!({"alg": "none"}), json!({}), 3),   // RFC 7518 §3.6 unsecured
        (json!({"crit": ["exp"]}), json!({}), 0), // RFC 7515 §4.1.11
        (json!({"crit": null}), json!({}), 0),
        (json!({"kid": "k2"}), json!({}), 0), // no such key
        (json!({}), json!({"exp": 1000}), 0), // expired
        (json!({}), json!({"exp": null}), 0), // exp required
        (json!({}), json!({"nbf": 4_102_444_800_i64}), 0), // not yet valid
        (json!({}), json!({"iat": 4_102_444_800_i64}), 0), // issued in the future
        (json!({}), json!({"scope": 7}), 0),  // malformed scope
    ] {
        assert_eq!(
            check(h.clone(), c.clone(), key),
            [false, false],
            "{h} {c} key {key}"
        );
    }
}
