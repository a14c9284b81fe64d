//! RFC 7662 introspection answers (feature `http`), with a test double for
//! the authorization server: no network. Expected outcomes come from RFC
//! 7662 §2.2 (`active` is REQUIRED and boolean; `scope` a space-separated
//! string; `exp`/`nbf` integers; `aud` a string or an array of strings).
#![cfg(feature = "http")]

use scopes_runtime::TokenScopes;
use scopes_runtime::authenticate::{
    Authenticate, BoxFuture, Introspect, Introspected, Introspection, TokenError,
};

const NOW: u64 = 1_800_000_000;

fn answer(json: &str) -> Result<Introspected, TokenError> {
    Introspected::from_json(json.as_bytes())
}

#[test]
fn active_token_with_scope() {
    let a = answer(
        r#"{"active":true,"scope":"carts:read orders:write","sub":"u1","client_id":"c",
            "exp":1800000100,"nbf":1799999000,"aud":["https://api.example","x"],"extra":{"a":1}}"#,
    )
    .unwrap();
    let info = Introspection::new(Never)
        .audience("https://api.example")
        .check(a, NOW)
        .unwrap();
    assert_eq!(
        info.scopes,
        Some(TokenScopes::Scope("carts:read orders:write".into()))
    );
    assert_eq!(info.subject.as_deref(), Some("u1"));
    // `aud` as one string (RFC 7662 §2.2 / RFC 7519 §4.1.3).
    let a = answer(r#"{"active":true,"aud":"https://api.example"}"#).unwrap();
    assert_eq!(a.aud, ["https://api.example"]);
}

// Anything but `"active": true` is inactive or malformed: never a grant.
#[test]
fn active_must_be_present_and_boolean() {
    for json in [
        r#"{"scope":"a"}"#,
        r#"{"active":"true","scope":"a"}"#,
        r#"{"active":1,"scope":"a"}"#,
        r#"{"active":null,"scope":"a"}"#,
        r#"[true]"#,
        "not json",
    ] {
        assert!(answer(json).is_err(), "{json} parsed");
    }
    let inactive = answer(r#"{"active":false,"scope":"a"}"#).unwrap();
    assert_eq!(
        Introspection::new(Never)
            .audience("https://api.example")
            .check(inactive, NOW),
        Err(TokenError::new("the token is not active"))
    );
}

// A member of the wrong type is a malformed answer, not a partial grant.
#[test]
fn members_of_the_wrong_type_are_malformed() {
    for json in [
        r#"{"active":true,"scope":["a","b"]}"#,
        r#"{"active":true,"scope":7}"#,
        r#"{"active":true,"exp":"tomorrow"}"#,
        r#"{"active":true,"exp":-1}"#,
        r#"{"active":true,"nbf":1.5e400}"#,
        r#"{"active":true,"aud":["a",1]}"#,
        r#"{"active":true,"aud":{"a":1}}"#,
        r#"{"active":true,"sub":5}"#,
    ] {
        assert!(answer(json).is_err(), "{json} parsed");
    }
}

#[test]
fn exp_nbf_and_audience() {
    let v = Introspection::new(Never)
        .leeway(30)
        .audience("https://api.example");
    let check = |json: &str| v.check(answer(json).unwrap(), NOW);
    let aud = r#""aud":"https://api.example""#;
    // exp must be after now - leeway (RFC 7519 §4.1.4).
    assert!(check(&format!(r#"{{"active":true,{aud},"exp":{}}}"#, NOW - 30)).is_err());
    assert!(check(&format!(r#"{{"active":true,{aud},"exp":{}}}"#, NOW - 29)).is_ok());
    assert!(check(&format!(r#"{{"active":true,{aud},"nbf":{}}}"#, NOW + 31)).is_err());
    assert!(check(&format!(r#"{{"active":true,{aud},"nbf":{}}}"#, NOW + 30)).is_ok());
    assert_eq!(
        check(r#"{"active":true,"aud":"https://other.example"}"#),
        Err(TokenError::new("the token is for another audience"))
    );
    assert!(check(r#"{"active":true}"#).is_err());
}

// A far-future `exp` from the server must not overflow (panic in debug,
// wrap to "expired" in release).
#[test]
fn huge_exp_does_not_overflow() {
    let a = Introspected {
        active: true,
        exp: Some(u64::MAX),
        ..Introspected::default()
    };
    assert!(
        Introspection::new(Never)
            .any_audience()
            .check(a, NOW)
            .is_ok()
    );
}

struct Never;

impl Introspect for Never {
    fn introspect(&self, _token: &str) -> BoxFuture<Result<Introspected, TokenError>> {
        Box::pin(async { Err(TokenError::new("unreachable")) })
    }
}

// Through the `Authenticate` trait with a double that answers inactive.
#[tokio::test]
async fn authenticate_refuses_inactive_tokens() {
    struct Inactive;
    impl Introspect for Inactive {
        fn introspect(&self, _token: &str) -> BoxFuture<Result<Introspected, TokenError>> {
            Box::pin(async { Introspected::from_json(br#"{"active":false}"#) })
        }
    }
    let r = Introspection::new(Inactive)
        .audience("https://api.example")
        .authenticate("tok")
        .await;
    assert_eq!(r, Err(TokenError::new("the token is not active")));
}

// The leeway is for clock skew: a huge one must not make an answer's
// long-past `exp` acceptable (capped at a day, as for JWTs).
#[test]
fn huge_leeway_is_capped() {
    let v = Introspection::new(Never).any_audience().leeway(u64::MAX);
    let old = answer(r#"{"active":true,"exp":1}"#).unwrap();
    assert_eq!(
        v.check(old, NOW),
        Err(TokenError::new("the token has expired"))
    );
    let recent = answer(&format!(r#"{{"active":true,"exp":{}}}"#, NOW - 86_000)).unwrap();
    assert!(v.check(recent, NOW).is_ok());
}

// RFC 9068 §4 / RFC 8707: a resource server checks that the token is meant
// for it. With no audience configured, every token is refused.
#[test]
fn no_audience_configured_refuses_every_token() {
    let a = answer(r#"{"active":true,"scope":"a","aud":"https://anything.example"}"#).unwrap();
    assert_eq!(
        Introspection::new(Never).check(a, NOW),
        Err(TokenError::new("the server has no audience configured"))
    );
}

// The opt-out is explicit and does what it says: any `aud`, or none.
#[test]
fn any_audience_opts_out_explicitly() {
    let v = Introspection::new(Never).any_audience();
    for json in [
        r#"{"active":true,"aud":"https://anything.example"}"#,
        r#"{"active":true}"#,
    ] {
        assert!(v.check(answer(json).unwrap(), NOW).is_ok(), "{json}");
    }
    // Inactive is still inactive.
    assert_eq!(
        v.check(answer(r#"{"active":false}"#).unwrap(), NOW),
        Err(TokenError::new("the token is not active"))
    );
}
