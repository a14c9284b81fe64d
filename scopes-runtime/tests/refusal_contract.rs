//! What every refusal answers, checked against the texts that define it,
//! not against `refusal.rs`:
//!
//! - RFC 6750 §3: the challenge is `Bearer` with a `realm`, `error`,
//!   `error_description` and `scope` as quoted strings whose characters are
//!   only `%x20-21 / %x23-5B / %x5D-7E`; §3.1: `invalid_request` is 400,
//!   `invalid_token` 401, `insufficient_scope` 403; a request without
//!   credentials gets a challenge with no `error` (§3.1, last paragraph).
//! - RFC 9728 §5.1: `resource_metadata` is one more challenge parameter.
//! - RFC 9110 §15.5.6: 405 carries `Allow` with the methods served.
//! - RFC 9457 §3.1: a problem document has `type`, `title`, `status`,
//!   `detail`; `about:blank` means the title is the status' reason phrase.
//! - gRPC status codes (`grpc/doc/statuscodes.md`): UNAUTHENTICATED 16,
//!   PERMISSION_DENIED 7, UNIMPLEMENTED 12, INVALID_ARGUMENT 3; gRPC over
//!   HTTP/2 (`PROTOCOL-HTTP2.md`): `grpc-message` is percent-encoded, every
//!   byte outside `%x20-24 / %x26-7E` written `%XX`.
//!
//! Added for mutation testing (issue 14): the crate's own tests left
//! statuses, counters and the quoting of challenge values unpinned.
#![cfg(feature = "http")]

use http::header::{ALLOW, CONTENT_TYPE, WWW_AUTHENTICATE};
use scopes_runtime::refusal::{BodyFormat, LogLevel, Refusal, RefusalCounts, Responses};

fn quiet(realm: &str, body: BodyFormat) -> Responses {
    Responses::new(realm, body).with_log_level(LogLevel::Off)
}

/// One of each refusal, with the RFC 6750 §3.1 / RFC 9110 status it must
/// get, its gRPC status, and whether RFC 6750 gives it a challenge.
fn every_refusal() -> Vec<(Refusal, u16, &'static str, bool)> {
    vec![
        (Refusal::Unauthenticated, 401, "16", true),
        (Refusal::InvalidToken("expired".into()), 401, "16", true),
        (
            Refusal::InsufficientScope {
                scope: "read write".into(),
                detail: "requires read".into(),
            },
            403,
            "7",
            true,
        ),
        (Refusal::NotFound, 404, "12", false),
        (
            Refusal::MethodNotAllowed(vec!["GET".into(), "HEAD".into()]),
            405,
            "12",
            false,
        ),
        (Refusal::InvalidRequest("two tokens"), 400, "3", true),
        (Refusal::BadTarget, 400, "3", false),
    ]
}

#[test]
fn statuses_follow_rfc6750_and_rfc9110() {
    let r = quiet("api", BodyFormat::Text);
    for (refusal, status, _, challenged) in every_refusal() {
        let resp = r.respond(&refusal);
        assert_eq!(resp.status().as_u16(), status, "{refusal:?}");
        assert_eq!(
            resp.headers().contains_key(WWW_AUTHENTICATE),
            challenged,
            "{refusal:?}"
        );
        assert_eq!(
            resp.headers()[CONTENT_TYPE],
            "text/plain; charset=utf-8",
            "{refusal:?}"
        );
    }
}

#[test]
fn challenges_are_rfc6750_section3() {
    let r = quiet("foxy", BodyFormat::Text);
    // RFC 6750 §3 examples, with our realm and texts.
    let expected = [
        Some("Bearer realm=\"foxy\""),
        Some("Bearer realm=\"foxy\", error=\"invalid_token\", error_description=\"expired\""),
        Some("Bearer realm=\"foxy\", error=\"insufficient_scope\", scope=\"read write\""),
        None,
        None,
        Some("Bearer realm=\"foxy\", error=\"invalid_request\", error_description=\"two tokens\""),
        None,
    ];
    for ((refusal, ..), want) in every_refusal().iter().zip(expected) {
        assert_eq!(r.challenge(refusal).as_deref(), want, "{refusal:?}");
        let header = r.respond(refusal).headers().get(WWW_AUTHENTICATE).cloned();
        assert_eq!(
            header.as_ref().map(|h| h.to_str().unwrap()),
            want,
            "{refusal:?}"
        );
    }
}

#[test]
fn resource_metadata_is_one_more_parameter_rfc9728() {
    let url = "https://api.example/.well-known/oauth-protected-resource";
    let r = quiet("foxy", BodyFormat::Text).with_resource_metadata(url);
    assert_eq!(r.resource_metadata(), Some(url));
    assert_eq!(
        r.challenge(&Refusal::InvalidToken("bad".into())).as_deref(),
        Some(
            "Bearer realm=\"foxy\", error=\"invalid_token\", error_description=\"bad\", \
             resource_metadata=\"https://api.example/.well-known/oauth-protected-resource\""
        )
    );
    assert_eq!(r.challenge(&Refusal::BadTarget), None);
    assert_eq!(quiet("foxy", BodyFormat::Text).resource_metadata(), None);
}

/// RFC 6750 §3: `error_description` = 1*( %x20-21 / %x23-5B / %x5D-7E ),
/// the same for `scope` and (§3 "realm" as in RFC 9110 auth-param) what we
/// quote; written from the ABNF.
fn allowed_in_quoted_value(c: char) -> bool {
    matches!(c as u32, 0x20..=0x21 | 0x23..=0x5B | 0x5D..=0x7E)
}

#[test]
fn challenge_values_keep_only_rfc6750_characters() {
    let mut every: String = (0u8..=0x7f).map(char::from).collect();
    every.push_str("é€\u{10348}");
    let r = quiet(&every, BodyFormat::Text);
    let c = r.challenge(&Refusal::InvalidToken(every.clone())).unwrap();
    let expected: String = every
        .chars()
        .map(|c| if allowed_in_quoted_value(c) { c } else { '?' })
        .collect();
    assert_eq!(
        c,
        format!(
            "Bearer realm=\"{expected}\", error=\"invalid_token\", error_description=\"{expected}\""
        )
    );
    // The header value is then valid (visible ASCII and spaces only).
    assert!(
        r.respond(&Refusal::Unauthenticated).headers()[WWW_AUTHENTICATE]
            .to_str()
            .is_ok()
    );
    let scope = quiet("a", BodyFormat::Text)
        .challenge(&Refusal::InsufficientScope {
            scope: "x\"y\\z".into(),
            detail: String::new(),
        })
        .unwrap();
    assert!(scope.ends_with("scope=\"x?y?z\""), "{scope}");
}

#[test]
fn method_not_allowed_lists_the_methods_rfc9110() {
    let r = quiet("api", BodyFormat::Text);
    let resp = r.respond(&Refusal::MethodNotAllowed(vec![
        "GET".into(),
        "HEAD".into(),
        "POST".into(),
    ]));
    assert_eq!(resp.headers()[ALLOW], "GET, HEAD, POST");
    assert!(!r.respond(&Refusal::NotFound).headers().contains_key(ALLOW));
}

#[test]
fn text_bodies_say_what_is_wrong() {
    let r = quiet("api", BodyFormat::Text);
    let body = |refusal: &Refusal| String::from_utf8(r.respond(refusal).into_body().to_vec());
    let expected = [
        "missing credentials\n",
        "invalid_token: expired\n",
        "insufficient_scope: requires read\n",
        "not found\n",
        "method not allowed\n",
        "invalid_request: two tokens\n",
        "the request target is not ASCII\n",
    ];
    for ((refusal, ..), want) in every_refusal().iter().zip(expected) {
        assert_eq!(body(refusal).unwrap(), want, "{refusal:?}");
    }
}

#[test]
fn problem_json_bodies_rfc9457() {
    let r = quiet("api", BodyFormat::ProblemJson);
    // RFC 9110 §15 reason phrases.
    let titles = [
        "Unauthorized",
        "Unauthorized",
        "Forbidden",
        "Not Found",
        "Method Not Allowed",
        "Bad Request",
        "Bad Request",
    ];
    for ((refusal, status, _, _), title) in every_refusal().iter().zip(titles) {
        let resp = r.respond(refusal);
        assert_eq!(resp.status().as_u16(), *status);
        assert_eq!(resp.headers()[CONTENT_TYPE], "application/problem+json");
        let v: serde_json::Value = serde_json::from_slice(resp.body()).unwrap();
        assert_eq!(v["type"], "about:blank");
        assert_eq!(v["title"], title, "{refusal:?}");
        assert_eq!(v["status"], *status);
        assert!(v["detail"].as_str().unwrap().len() > 3, "{v}");
    }
}

#[test]
fn grpc_refusals_are_trailers_only_statuses() {
    let r = quiet("svc", BodyFormat::Grpc);
    for (refusal, _, grpc, challenged) in every_refusal() {
        let resp = r.respond(&refusal);
        assert_eq!(resp.status(), 200, "{refusal:?}");
        assert_eq!(resp.headers()[CONTENT_TYPE], "application/grpc");
        assert_eq!(resp.headers()["grpc-status"], grpc, "{refusal:?}");
        assert_eq!(resp.headers().contains_key(WWW_AUTHENTICATE), challenged);
        assert!(resp.body().is_empty());
    }
}

/// gRPC over HTTP/2: Percent-Byte-Unencoded = %x20-24 / %x26-7E.
fn grpc_percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            0x20..=0x24 | 0x26..=0x7E => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn grpc_message_is_percent_encoded() {
    let r = quiet("svc", BodyFormat::Grpc);
    let why = "50% of \"é\"\n~ and \u{7f}".to_owned();
    let resp = r.respond(&Refusal::InvalidToken(why.clone()));
    let want = grpc_percent_encode(&format!("invalid_token: {why}"));
    assert!(want.contains("%25") && want.contains("%C3%A9") && want.contains("%0A"));
    assert_eq!(resp.headers()["grpc-message"], want.as_str());
}

#[test]
fn each_reason_has_its_own_count() {
    let r = quiet("api", BodyFormat::Text);
    let mut want = RefusalCounts::default();
    assert_eq!(r.counts(), want);
    let reasons = [
        "unauthenticated",
        "invalid_token",
        "insufficient_scope",
        "no_route",
        "method_not_allowed",
        "invalid_request",
        "bad_target",
    ];
    for (n, ((refusal, ..), reason)) in every_refusal().iter().zip(reasons).enumerate() {
        assert_eq!(refusal.reason(), reason);
        // Refuse the n-th reason n + 1 times, so that a count read from
        // another reason's counter shows.
        for _ in 0..=n {
            let _ = r.refuse(refusal, "GET", "/x");
        }
        let k = n as u64 + 1;
        match refusal {
            Refusal::Unauthenticated => want.unauthenticated += k,
            Refusal::InvalidToken(_) => want.invalid_token += k,
            Refusal::InsufficientScope { .. } => want.insufficient_scope += k,
            Refusal::NotFound => want.not_found += k,
            Refusal::MethodNotAllowed(_) => want.method_not_allowed += k,
            _ => want.bad_request += k,
        }
        assert_eq!(r.counts(), want, "after {reason}");
    }
    // `respond` alone neither counts nor logs.
    let _ = r.respond(&Refusal::NotFound);
    assert_eq!(r.counts(), want);
}

#[test]
fn reconfigured_responses_keep_config_and_counts() {
    let r = Responses::new("realm-a", BodyFormat::ProblemJson);
    assert_eq!(r.realm(), "realm-a");
    assert_eq!(r.body(), BodyFormat::ProblemJson);
    assert_eq!(r.log_level(), LogLevel::Debug);
    let _ = r.refuse(&Refusal::NotFound, "GET", "/");
    let quiet = r.with_log_level(LogLevel::Warn);
    assert_eq!(quiet.log_level(), LogLevel::Warn);
    assert_eq!(quiet.realm(), "realm-a");
    assert_eq!(quiet.body(), BodyFormat::ProblemJson);
    let with_url = quiet.with_resource_metadata("https://r.example/m");
    assert_eq!(with_url.log_level(), LogLevel::Warn);
    assert_eq!(with_url.realm(), "realm-a");
    assert_eq!(with_url.body(), BodyFormat::ProblemJson);
    assert_eq!(with_url.resource_metadata(), Some("https://r.example/m"));
    assert_eq!(
        with_url.with_log_level(LogLevel::Trace).resource_metadata(),
        Some("https://r.example/m")
    );
    let _ = with_url.refuse(&Refusal::NotFound, "GET", "/");
    assert_eq!(r.counts().not_found, 2);
    assert_eq!(quiet.counts().not_found, 2);
    // The default answers in realm "api" with text bodies.
    let d = Responses::default();
    assert_eq!(
        (d.realm(), d.body(), d.log_level()),
        ("api", BodyFormat::Text, LogLevel::Debug)
    );
    assert_eq!(d.resource_metadata(), None);
}
