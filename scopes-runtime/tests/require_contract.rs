//! `Require<R>` against a reference model written here from the
//! requirement's documented meaning (`ScopeRequirement`: every OR-group
//! must share a scope with the grant; a group naming no scope is met by any
//! token and never without one; no group is public; scopes parsed against
//! another spec never meet anything), checked on every grant of a
//! three-scope spec. Added for mutation testing (issue 14).

use scopes_runtime::{Denied, Require, ScopeRequirement};

const SPEC: u64 = 0x5EED;

/// `read or admin, and write` over scopes read = 0, write = 1, admin = 2.
struct ReadAndWrite;
impl ScopeRequirement for ReadAndWrite {
    const SPEC_ID: u64 = SPEC;
    const GROUPS: &'static [&'static [u64]] = &[&[0b101], &[0b010]];
    const NAMES: &'static [&'static [&'static str]] = &[&["read", "admin"], &["write"]];
    const ROUTE: Option<&'static str> = None;
}

/// The authenticated level: one group naming no scope.
struct AnyToken;
impl ScopeRequirement for AnyToken {
    const SPEC_ID: u64 = SPEC;
    const GROUPS: &'static [&'static [u64]] = &[&[0]];
    const NAMES: &'static [&'static [&'static str]] = &[&[]];
    const ROUTE: Option<&'static str> = None;
}

/// Public: no group.
struct Public;
impl ScopeRequirement for Public {
    const SPEC_ID: u64 = SPEC;
    const GROUPS: &'static [&'static [u64]] = &[];
    const NAMES: &'static [&'static [&'static str]] = &[];
    const ROUTE: Option<&'static str> = None;
}

/// The reference: which groups (by index) `token` leaves unmet.
fn unmet_reference(groups: &[&[u64]], token: Option<u64>) -> Vec<usize> {
    (0..groups.len())
        .filter(|&i| {
            let group = groups[i][0];
            let met = match token {
                None => false,
                Some(_) if group == 0 => true,
                Some(t) => (0..3).any(|bit| group >> bit & 1 == 1 && t >> bit & 1 == 1),
            };
            !met
        })
        .collect()
}

fn check<R: ScopeRequirement>(token: Option<u64>) -> Result<(), Denied> {
    let words = token.map(|t| [t]);
    Require::<R>::check_token(SPEC, words.as_ref().map(|w| &w[..])).map(|_| ())
}

fn agrees_with_reference<R: ScopeRequirement>() {
    let tokens = std::iter::once(None).chain((0..8).map(Some));
    for token in tokens {
        let want = unmet_reference(R::GROUPS, token);
        match check::<R>(token) {
            Ok(()) => assert!(want.is_empty(), "{token:?} allowed, unmet {want:?}"),
            Err(d) => {
                assert!(!d.wrong_spec);
                let names: Vec<_> = want.iter().map(|&i| R::NAMES[i]).collect();
                assert_eq!(d.unmet, names, "{token:?}");
                assert!(!want.is_empty());
            }
        }
        if let Some(t) = token {
            assert_eq!(
                Require::<R>::check_words(SPEC, &[t]).is_ok(),
                want.is_empty(),
                "check_words {t:b}"
            );
        }
    }
}

#[test]
fn every_grant_of_three_scopes_is_decided_as_the_reference() {
    agrees_with_reference::<ReadAndWrite>();
    agrees_with_reference::<AnyToken>();
    agrees_with_reference::<Public>();
}

#[test]
fn another_specs_scopes_meet_nothing() {
    for r in [
        Require::<Public>::check_words(SPEC + 1, &[0b111]).map(|_| ()),
        Require::<ReadAndWrite>::check_token(SPEC + 1, Some(&[0b111])).map(|_| ()),
    ] {
        let d = r.unwrap_err();
        assert!(d.wrong_spec);
        assert_eq!(
            d.detail(),
            "granted scopes were parsed against a different spec"
        );
    }
    let d = Require::<ReadAndWrite>::check_words(SPEC + 1, &[0b111]).unwrap_err();
    assert_eq!(d.unmet, vec![&["read", "admin"][..], &["write"][..]]);
}

#[test]
fn the_hint_names_the_first_scope_of_each_unmet_group() {
    // RFC 6750 §3: `scope` lists scopes that would be enough; one per
    // unmet group is.
    let d = Require::<ReadAndWrite>::check_words(SPEC, &[0]).unwrap_err();
    assert_eq!(d.scope_hint(), "read write");
    assert_eq!(d.detail(), "requires read or admin, and write");
    assert_eq!(
        d.to_string(),
        "insufficient scope: requires read or admin, and write"
    );
    let d = Require::<ReadAndWrite>::check_words(SPEC, &[0b100]).unwrap_err();
    assert_eq!(d.scope_hint(), "write");
    let d = Require::<AnyToken>::check_token(SPEC, None).unwrap_err();
    assert_eq!(d.scope_hint(), "");
    assert_eq!(d.detail(), "requires any valid token");
}

/// A proof's `Debug` names the scopes its requirement needs (what a
/// handler author sees in a log or a failed assertion).
#[test]
fn a_proof_shows_the_scopes_it_stands_for() {
    let proof = Require::<ReadAndWrite>::check_token(SPEC, Some(&[0b011])).expect("read and write");
    let shown = format!("{proof:?}");
    for name in ["read", "admin", "write"] {
        assert!(shown.contains(name), "{shown}");
    }
}
