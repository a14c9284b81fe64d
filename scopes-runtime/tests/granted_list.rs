//! `Granted::parse_list` (a JWT `scp` array, RFC 9068 §2.2.3 / RFC 8693
//! §4.2: one scope name per element) and grants for specs wider than the
//! inline 128 scopes. Expected values come from the specs' text: Foxy's
//! `write` implies `read`, Fluveo delimits with `,`. Added for mutation
//! testing (issue 14).

use scopes_runtime::{GrantError, Granted, Tables};

mod foxy {
    scopes_runtime::include_spec!("../spec/foxy.yaml");
}

mod fluveo {
    scopes_runtime::include_spec!("../spec/fluveo.yaml");
}

fn has(tables: &Tables<'_>, g: &Granted, name: &str) -> bool {
    g.contains_index(tables.scope_index(name).expect("a scope of the spec"))
}

#[test]
fn a_list_grants_each_element_and_its_implications() {
    let t = foxy::TABLES;
    let g = Granted::parse_list(t, ["carts_write", "bogus", "coupons_read"]).expect("well-formed");
    assert_eq!((g.stats().known, g.stats().unknown), (2, 1));
    assert!(has(t, &g, "carts_write"));
    assert!(
        has(t, &g, "carts_read"),
        "write implies read (spec/foxy.yaml)"
    );
    assert!(has(t, &g, "coupons_read"));
    assert!(!has(t, &g, "coupons_write"));
    assert_eq!(g.spec_id(), t.spec_id);
    // An empty `scp` list is still a token: no scope, but not "no token".
    let none = Granted::parse_list(t, std::iter::empty()).expect("empty list");
    assert_eq!(none, Granted::no_scopes(t));
    assert!(none.has_token() && !Granted::empty(t).has_token());
}

#[test]
fn an_element_holding_two_names_is_malformed() {
    let t = foxy::TABLES;
    assert_eq!(
        Granted::parse_list(t, ["carts_read", "carts_read coupons_read"]),
        Err(GrantError {
            offset: 10,
            byte: b' '
        })
    );
    // Fluveo's extra delimiter splits a scope string, so inside one list
    // element it is a second name too.
    let f = fluveo::TABLES;
    let element = "a,b";
    assert_eq!(
        Granted::parse_list(f, [element]),
        Err(GrantError {
            offset: 1,
            byte: b','
        })
    );
    // The same element is one (unknown) name under Foxy, which has no `,`
    // delimiter.
    let g = Granted::parse_list(t, [element]).expect("one token");
    assert_eq!((g.stats().known, g.stats().unknown), (0, 1));
    // Bytes outside RFC 6749 §3.3 are refused as in a scope string.
    assert!(Granted::parse_list(t, ["carts_read", "x\"y"]).is_err());
}

#[cfg(feature = "dynamic")]
/// A spec of `n` resources with `read` and `write` (implying `read`).
fn wide_spec(n: usize) -> String {
    let mut y = String::from(
        "name: wide\nconventions:\n  naming: \"{resource}_{action}\"\n  actions:\n    read: {methods: [GET]}\n    write: {methods: [POST], implies: [read]}\nresources:\n",
    );
    for i in 0..n {
        y.push_str(&format!(
            "  r{i}:\n    scopes: {{read: Read r{i}, write: Write r{i}}}\n    routes:\n      - \"GET /r{i}\"\n      - \"POST /r{i}\"\n"
        ));
    }
    y
}

#[cfg(feature = "dynamic")]
#[test]
fn specs_wider_than_128_scopes_grant_every_word() {
    // 70 resources: 140 scopes, three 64-bit words.
    let spec =
        scopes_runtime::LoadedSpec::from_str("wide.yaml", &wide_spec(70)).expect("valid spec");
    let t = spec.tables();
    assert_eq!(t.scope_count(), 140);
    let g = Granted::parse(&t, "r69_write r0_read").expect("well-formed");
    assert_eq!(g.words().len(), 3);
    for i in 0..70 {
        let read = format!("r{i}_read");
        let write = format!("r{i}_write");
        assert_eq!(has(&t, &g, &read), i == 0 || i == 69, "{read}");
        assert_eq!(has(&t, &g, &write), i == 69, "{write}");
    }
    let l = Granted::parse_list(&t, ["r69_write", "r0_read"]).expect("well-formed");
    assert_eq!(l.words(), g.words());
    assert_eq!(Granted::empty(&t).words(), [0, 0, 0]);
}
