//! JWT validation (feature `jwt`): every algorithm family through a JWKS,
//! the RFC 7519 / 7515 / 9068 checks, scope claims, and descriptions that
//! leak nothing. Keys in `tests/keys` are throwaway test keys.
#![cfg(feature = "jwt")]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use scopes_runtime::TokenScopes;
use scopes_runtime::jwt::{Jwks, JwtValidator, Key, KeySource};
use serde_json::{Value, json};

const ISS: &str = "https://issuer.example";
const AUD: &str = "https://api.example";

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .try_into()
        .unwrap()
}

fn pem(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/keys/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn signing_key(alg: Algorithm) -> EncodingKey {
    use Algorithm::*;
    match alg {
        HS256 | HS384 | HS512 => EncodingKey::from_secret(b"a shared secret of enough length!"),
        RS256 | RS384 | RS512 | PS256 | PS384 | PS512 => {
            EncodingKey::from_rsa_pem(&pem("rsa.pem")).unwrap()
        }
        ES256 => EncodingKey::from_ec_pem(&pem("p256.pem")).unwrap(),
        ES384 => EncodingKey::from_ec_pem(&pem("p384.pem")).unwrap(),
        EdDSA => EncodingKey::from_ed_pem(&pem("ed25519.pem")).unwrap(),
        other => panic!("no test key for {other:?}"),
    }
}

/// The public JWK of `alg`'s test key, with `kid`.
fn jwk(alg: Algorithm, kid: &str) -> Jwk {
    let mut jwk = Jwk::from_encoding_key(&signing_key(alg), alg).unwrap();
    jwk.common.key_id = Some(kid.to_owned());
    jwk
}

fn claims(extra: Value) -> Value {
    let mut c = json!({"iss": ISS, "aud": AUD, "sub": "alice", "exp": now() + 300});
    for (k, v) in extra.as_object().unwrap() {
        c[k] = v.clone();
    }
    c
}

fn sign_with(alg: Algorithm, kid: &str, typ: &str, claims: &Value) -> String {
    let mut h = Header::new(alg);
    h.kid = Some(kid.to_owned());
    h.typ = Some(typ.to_owned());
    jsonwebtoken::encode(&h, claims, &signing_key(alg)).unwrap()
}

fn sign(claims: &Value) -> String {
    sign_with(Algorithm::ES256, "k1", "at+jwt", claims)
}

fn validator() -> JwtValidator {
    let set = JwkSet {
        keys: vec![jwk(Algorithm::ES256, "k1")],
    };
    JwtValidator::new(Jwks::from_set(&set))
        .issuer(ISS)
        .audience(AUD)
        .leeway(30)
}

fn refusal(v: &JwtValidator, token: &str) -> String {
    v.verify(token).unwrap_err().to_string()
}

#[test]
fn every_algorithm_family_verifies_through_a_jwks() {
    use Algorithm::*;
    let algs = [
        HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, EdDSA,
    ];
    let set = JwkSet {
        keys: algs.iter().map(|&a| jwk(a, &format!("{a:?}"))).collect(),
    };
    // Through the JSON form a service would fetch from `jwks_uri`.
    let jwks = Jwks::from_json(&serde_json::to_string(&set).unwrap()).unwrap();
    assert_eq!(jwks.len(), algs.len());
    let v = JwtValidator::new(jwks).issuer(ISS).audience(AUD);
    for alg in algs {
        let t = sign_with(
            alg,
            &format!("{alg:?}"),
            "at+jwt",
            &claims(json!({"scope": "a b"})),
        );
        let info = v.verify(&t).unwrap_or_else(|e| panic!("{alg:?}: {e}"));
        assert_eq!(
            info.scopes,
            Some(TokenScopes::Scope("a b".into())),
            "{alg:?}"
        );
        assert_eq!(info.subject.as_deref(), Some("alice"));
    }
    // A token whose header names a key of another algorithm: no key.
    let t = sign_with(RS256, "ES256", "at+jwt", &claims(json!({})));
    assert_eq!(refusal(&v, &t), "no key for this token");
}

#[test]
fn signature_from_another_key_does_not_verify() {
    let other = EncodingKey::from_rsa_pem(&pem("rsa2.pem")).unwrap();
    let set = JwkSet {
        keys: vec![jwk(Algorithm::RS256, "r")],
    };
    let v = JwtValidator::new(Jwks::from_set(&set))
        .issuer(ISS)
        .audience(AUD);
    let mut h = Header::new(Algorithm::RS256);
    h.kid = Some("r".into());
    let t = jsonwebtoken::encode(&h, &claims(json!({})), &other).unwrap();
    assert_eq!(refusal(&v, &t), "the signature does not verify");
}

// RFC 7519 §4.1.4 / §4.1.5, with the configured 30 s leeway.
#[test]
fn exp_and_nbf_with_leeway() {
    let v = validator();
    let ok = |c: Value| v.verify(&sign(&claims(c))).is_ok();
    assert!(ok(json!({"exp": now() - 10})), "expired within leeway");
    assert!(
        ok(json!({"nbf": now() + 10})),
        "not yet valid within leeway"
    );
    assert_eq!(
        refusal(&v, &sign(&claims(json!({"exp": now() - 120})))),
        "the token has expired"
    );
    assert_eq!(
        refusal(&v, &sign(&claims(json!({"nbf": now() + 3600})))),
        "the token is not valid yet"
    );
    let mut no_exp = claims(json!({}));
    no_exp.as_object_mut().unwrap().remove("exp");
    assert_eq!(refusal(&v, &sign(&no_exp)), "the token has no exp claim");
}

// RFC 9068 §4: iss and aud must match; RFC 7519: aud may be an array.
#[test]
fn issuer_and_audience() {
    let v = validator();
    assert_eq!(
        refusal(&v, &sign(&claims(json!({"iss": "https://evil.example"})))),
        "the token is from another issuer"
    );
    assert_eq!(
        refusal(&v, &sign(&claims(json!({"aud": "https://other.example"})))),
        "the token is for another audience"
    );
    assert!(
        v.verify(&sign(&claims(
            json!({"aud": ["https://other.example", AUD]})
        )))
        .is_ok()
    );
    let mut no_aud = claims(json!({}));
    no_aud.as_object_mut().unwrap().remove("aud");
    assert_eq!(refusal(&v, &sign(&no_aud)), "the token has no aud claim");
}

// RFC 7515 §4.1.11: a recipient that does not understand a `crit`
// extension must reject the JWS.
#[test]
fn crit_is_rejected() {
    let v = validator();
    let mut h = Header::new(Algorithm::ES256);
    h.kid = Some("k1".into());
    h.crit = Some(vec!["exp".into()]);
    let t = jsonwebtoken::encode(&h, &claims(json!({})), &signing_key(Algorithm::ES256)).unwrap();
    assert!(refusal(&v, &t).contains("critical header"));
}

// RFC 9068 §2.1 / §4: `typ` must be `at+jwt` (or `application/at+jwt`).
#[test]
fn at_jwt_typ_when_required() {
    let v = validator().require_at_jwt();
    let c = claims(json!({}));
    assert!(
        v.verify(&sign_with(Algorithm::ES256, "k1", "at+jwt", &c))
            .is_ok()
    );
    assert!(
        v.verify(&sign_with(Algorithm::ES256, "k1", "application/at+jwt", &c))
            .is_ok()
    );
    assert!(refusal(&v, &sign_with(Algorithm::ES256, "k1", "JWT", &c)).contains("at+jwt"));
    // Not required: a plain JWT passes.
    assert!(
        validator()
            .verify(&sign_with(Algorithm::ES256, "k1", "JWT", &c))
            .is_ok()
    );
}

#[test]
fn scopes_from_scope_or_scp() {
    let v = validator();
    let scopes = |c: Value| v.verify(&sign(&claims(c))).unwrap().scopes;
    assert_eq!(
        scopes(json!({"scope": "a b"})),
        Some(TokenScopes::Scope("a b".into()))
    );
    assert_eq!(
        scopes(json!({"scp": "a b"})),
        Some(TokenScopes::Scope("a b".into()))
    );
    assert_eq!(
        scopes(json!({"scp": ["a", "b"]})),
        Some(TokenScopes::List(vec!["a".into(), "b".into()]))
    );
    assert_eq!(
        scopes(json!({"scope": "a", "scp": ["b"]})),
        Some(TokenScopes::Scope("a".into()))
    );
    assert_eq!(scopes(json!({})), None);
}

#[test]
fn not_a_jwt_and_alg_none() {
    let v = validator();
    assert_eq!(refusal(&v, "abc"), "the token is not a signed JWT");
    // {"alg":"none"} . {"exp":1} . (no signature)
    assert_eq!(
        refusal(&v, "eyJhbGciOiJub25lIn0.eyJleHAiOjF9."),
        "the token is not a signed JWT"
    );
}

#[test]
fn descriptions_leak_nothing() {
    let v = validator();
    let secret_ish = "https://evil.example/secret-issuer";
    for t in [
        sign(&claims(json!({"iss": secret_ish}))),
        sign_with(Algorithm::ES256, "kid-secret", "at+jwt", &claims(json!({}))),
        sign(&claims(json!({"exp": now() - 999}))),
    ] {
        let d = refusal(&v, &t);
        assert!(
            !d.contains("secret") && !d.contains(&t) && !d.contains(ISS),
            "{d}"
        );
    }
}

struct Counting {
    keys: Jwks,
    misses: Arc<AtomicUsize>,
}

impl KeySource for Counting {
    fn key(&self, kid: Option<&str>, alg: Algorithm) -> Option<Key> {
        self.keys.key(kid, alg)
    }
    fn unknown_key(&self) {
        self.misses.fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn keys_are_replaced_on_refresh_and_misses_are_reported() {
    let keys = Jwks::from_set(&JwkSet {
        keys: vec![jwk(Algorithm::ES256, "old")],
    });
    let misses = Arc::new(AtomicUsize::new(0));
    let v = JwtValidator::new(Counting {
        keys: keys.clone(),
        misses: misses.clone(),
    })
    .issuer(ISS)
    .audience(AUD);
    let c = claims(json!({}));
    let old = sign_with(Algorithm::ES256, "old", "at+jwt", &c);
    let new = sign_with(Algorithm::EdDSA, "new", "at+jwt", &c);
    assert!(v.verify(&old).is_ok());
    assert_eq!(refusal(&v, &new), "no key for this token");
    assert_eq!(misses.load(Ordering::Relaxed), 1);
    // The service fetched jwks_uri again: rotation.
    keys.replace(&Jwks::from_set(&JwkSet {
        keys: vec![jwk(Algorithm::EdDSA, "new")],
    }));
    assert!(v.verify(&new).is_ok());
    assert!(v.verify(&old).is_err());
}

#[test]
fn a_key_without_kid_is_used_only_when_unambiguous() {
    let one = Jwks::from_keys([Key::hmac(None, b"s1", Algorithm::HS256)]);
    let h = Header::new(Algorithm::HS256);
    let t = jsonwebtoken::encode(&h, &claims(json!({})), &EncodingKey::from_secret(b"s1")).unwrap();
    let configured = |keys| JwtValidator::new(keys).issuer(ISS).audience(AUD);
    assert!(configured(one).verify(&t).is_ok());
    let two = Jwks::from_keys([
        Key::hmac(None, b"s1", Algorithm::HS256),
        Key::hmac(None, b"s2", Algorithm::HS256),
    ]);
    assert_eq!(refusal(&configured(two), &t), "no key for this token");
}

// RFC 7517 §4.2: a key whose `use` is `enc` is not for verifying signatures.
#[test]
fn encryption_keys_are_not_used() {
    let mut enc = jwk(Algorithm::ES256, "k1");
    enc.common.public_key_use = Some(jsonwebtoken::jwk::PublicKeyUse::Encryption);
    let v = JwtValidator::new(Jwks::from_set(&JwkSet { keys: vec![enc] }))
        .issuer(ISS)
        .audience(AUD);
    assert_eq!(
        refusal(&v, &sign(&claims(json!({})))),
        "no key for this token"
    );
    let mut sig = jwk(Algorithm::ES256, "k1");
    sig.common.public_key_use = Some(jsonwebtoken::jwk::PublicKeyUse::Signature);
    let v = JwtValidator::new(Jwks::from_set(&JwkSet { keys: vec![sig] }))
        .issuer(ISS)
        .audience(AUD);
    assert!(v.verify(&sign(&claims(json!({})))).is_ok());
}

// RFC 9068 §4: the resource server MUST check `iss` and `aud`. A validator
// nobody told which audience or issuer to expect refuses every token, even
// one whose signature and times are good.
#[test]
fn a_validator_without_audience_or_issuer_refuses_every_token() {
    let keys = || {
        Jwks::from_set(&JwkSet {
            keys: vec![jwk(Algorithm::ES256, "k1")],
        })
    };
    let t = sign(&claims(
        json!({"aud": "https://anything.example", "scope": "a"}),
    ));
    assert_eq!(
        refusal(&JwtValidator::new(keys()).issuer(ISS), &t),
        "the server has no audience configured"
    );
    assert_eq!(
        refusal(
            &JwtValidator::new(keys()).audience(AUD),
            &sign(&claims(json!({})))
        ),
        "the server has no issuer configured"
    );
    assert!(JwtValidator::new(keys()).verify(&t).is_err());
}

// The opt-outs are explicit and waive only their own check.
#[test]
fn any_audience_and_any_issuer_opt_out_explicitly() {
    let keys = || {
        Jwks::from_set(&JwkSet {
            keys: vec![jwk(Algorithm::ES256, "k1")],
        })
    };
    let elsewhere = sign(&claims(json!({
        "iss": "https://other-issuer.example",
        "aud": "https://other-api.example",
    })));
    let open = JwtValidator::new(keys()).any_issuer().any_audience();
    assert!(open.verify(&elsewhere).is_ok());
    assert_eq!(
        refusal(
            &JwtValidator::new(keys()).any_issuer().audience(AUD),
            &elsewhere
        ),
        "the token is for another audience"
    );
    assert_eq!(
        refusal(
            &JwtValidator::new(keys()).issuer(ISS).any_audience(),
            &elsewhere
        ),
        "the token is from another issuer"
    );
    // Opting out of one check does not waive the other.
    assert_eq!(
        refusal(&JwtValidator::new(keys()).any_audience(), &elsewhere),
        "the server has no issuer configured"
    );
    // Signatures and times are still checked.
    let expired = sign(&claims(json!({"exp": now() - 3600})));
    assert_eq!(refusal(&open, &expired), "the token has expired");
}
