//! The generated scope set (`include_spec!`'s `Granted`, a
//! `scopes_runtime::ScopeSet`) at the authenticated level
//! (`authenticated: true`: any valid token, even one carrying no scope).
//! A set alone does not say whether a token was presented:
//! `authorize_token` decides for a presented token (its scope set),
//! `authorize_without_token` for a request without one (401-style
//! `Unauthenticated` wherever a token is needed). Expected decisions come
//! from the README's definition of the three levels; the generated
//! matcher's answers are also compared with the table walk's
//! (`Tables::authorize_token`, a separate implementation).
//! Spec: `tests/data/members.yaml`.

use scopes_core::Decision;

mod members {
    scopes_runtime::include_spec!("tests/data/members.yaml");
}

use members::Granted;

fn allowed(d: Decision) -> bool {
    matches!(d, Decision::Allow { .. })
}

#[test]
fn a_token_with_no_scope_meets_the_authenticated_level() {
    let empty = Granted::parse("").expect("an empty scope string is valid");
    for path in ["/me", "/typed/me"] {
        let d = empty.authorize_token("GET", path);
        assert!(allowed(d), "GET {path} with a scopeless token: {d:?}");
    }
    let read = Granted::parse("posts_read").expect("valid");
    assert!(allowed(read.authorize_token("GET", "/me")));
    // `/typed/named` is authenticated in the spec; the scope a handler
    // names there is the handler's own extra requirement, not the spec's.
    assert!(allowed(empty.authorize_token("GET", "/typed/named")));
}

#[test]
fn a_token_still_needs_the_scopes_of_a_scoped_route() {
    let empty = Granted::parse("").expect("valid");
    assert!(matches!(
        empty.authorize_token("GET", "/posts"),
        Decision::Deny { .. }
    ));
    let read = Granted::parse("posts_read").expect("valid");
    assert!(allowed(read.authorize_token("GET", "/posts")));
    assert!(matches!(
        read.authorize_token("POST", "/posts"),
        Decision::Deny { .. }
    ));
    // posts_write implies posts_read.
    let write = Granted::parse("posts_write").expect("valid");
    assert!(allowed(write.authorize_token("GET", "/posts")));
    assert!(allowed(write.authorize_token("POST", "/posts")));
}

#[test]
fn without_a_token_only_public_routes_admit() {
    for (m, p) in [("GET", "/me"), ("GET", "/posts"), ("POST", "/posts")] {
        let d = Granted::authorize_without_token(m, p);
        assert!(
            matches!(d, Decision::Unauthenticated { .. }),
            "{m} {p}: {d:?}"
        );
    }
    assert!(allowed(Granted::authorize_without_token("GET", "/health")));
    let empty = Granted::parse("").expect("valid");
    assert!(allowed(empty.authorize_token("GET", "/health")));
}

#[test]
fn authorize_keeps_its_meaning_a_set_without_a_token() {
    // `authorize` cannot know a token was presented: the authenticated
    // level is not met by the set alone (deny by default).
    let empty = Granted::parse("").expect("valid");
    assert!(!allowed(empty.authorize("GET", "/me")));
}

#[test]
fn routing_answers_are_the_tables_answers() {
    let sets = ["", "posts_read", "posts_write"];
    let requests = [
        ("GET", "/me"),
        ("GET", "/me/"),
        ("GET", "//me"),
        ("GET", "/%6de"),
        ("DELETE", "/me"),
        ("GET", "/nowhere"),
        ("GET", "/health"),
        ("POST", "/posts"),
        ("GET", "/typed/me"),
        ("PUT", "/typed/posts"),
    ];
    for (m, p) in requests {
        for scope in sets {
            let set = Granted::parse(scope).expect("valid");
            let want = members::TABLES.authorize_token(m, p, Some(set.words()));
            assert_eq!(set.authorize_token(m, p), want, "{m} {p} with {scope:?}");
        }
        let want = members::TABLES.authorize_token(m, p, None);
        assert_eq!(Granted::authorize_without_token(m, p), want, "{m} {p}");
    }
}
