//! The model's helpers against their documented meaning (issue 14 item 2,
//! mutation testing of `src/model.rs` and `src/tables.rs`): methods in RFC
//! 9110 order then by name, a scope set's words, closures computed by a
//! breadth-first search written here, the access levels, and the spec
//! fingerprint.

use scopes_spec::model::{Access, access, authenticated};
use scopes_spec::{Method, load_str};

/// RFC 9110 §9.3 lists GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS,
/// TRACE; the model's order (export.rs, model.rs) is GET, HEAD, POST, PUT,
/// PATCH, DELETE, OPTIONS, then every other method by name.
#[test]
fn methods_sort_in_the_documented_order() {
    let mut methods: Vec<Method> = [
        "TRACE", "OPTIONS", "PURGE", "DELETE", "PATCH", "CONNECT", "PUT", "POST", "HEAD", "GET",
        "BREW",
    ]
    .into_iter()
    .map(|m| Method(m.to_owned()))
    .collect();
    methods.sort();
    let names: Vec<&str> = methods.iter().map(Method::as_str).collect();
    assert_eq!(
        names,
        [
            "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "BREW", "CONNECT", "PURGE",
            "TRACE"
        ]
    );
    assert_eq!(
        Method("GET".into()).partial_cmp(&Method("HEAD".into())),
        Some(std::cmp::Ordering::Less)
    );
}

/// A spec with `n` scopes, each required by one route.
fn spec_with(n: usize) -> scopes_spec::Spec {
    let mut yaml = String::from(if n == 0 {
        "name: t\n"
    } else {
        "name: t\nscopes:\n"
    });
    for i in 0..n {
        yaml.push_str(&format!("  s{i}: {{description: x}}\n"));
    }
    yaml.push_str("routes:\n");
    for i in 0..n {
        yaml.push_str(&format!(
            "  - {{path: /r{i}, methods: [GET], requires: s{i}}}\n"
        ));
    }
    if n == 0 {
        yaml.push_str("  - {path: /p, methods: [GET], public: true}\n");
    }
    load_str("t.yaml", yaml).expect("valid").spec
}

/// One bit per scope, in 64-bit words, at least one word.
#[test]
fn a_scope_set_has_one_bit_per_scope_in_words() {
    for (n, words) in [
        (0, 1),
        (1, 1),
        (63, 1),
        (64, 1),
        (65, 2),
        (128, 2),
        (129, 3),
    ] {
        let spec = spec_with(n);
        assert_eq!(spec.scopes.len(), n);
        assert_eq!(spec.words(), words, "{n} scopes");
        let tables = scopes_spec::tables::build(&spec);
        assert_eq!(tables.view().words, words, "{n} scopes");
    }
}

#[test]
fn lookups_find_by_exact_name() {
    let spec = spec_with(3);
    assert_eq!(spec.scope_id("s0"), Some(0));
    assert_eq!(spec.scope_id("s2"), Some(2));
    assert_eq!(spec.scope_id("s3"), None);
    assert_eq!(
        spec.route("/r1").map(|r| r.template.text.as_str()),
        Some("/r1")
    );
    assert!(spec.route("/r9").is_none());
}

/// Closures against a breadth-first search over the declared implications
/// (a superuser gets every scope).
#[test]
fn closures_are_the_transitive_implications() {
    let yaml = "name: t
scopes:
  a: {description: x, implies: [b]}
  b: {description: x, implies: [c, d]}
  c: {description: x}
  d: {description: x, implies: [b]}
  e: {description: x}
  su: {description: x, superuser: true}
routes:
  - {path: /r, methods: [GET], requires: {all: [a, b, c, d, e, su]}}
";
    let spec = load_str("t.yaml", yaml).expect("valid").spec;
    let implies: [(&str, &[&str]); 6] = [
        ("a", &["b"]),
        ("b", &["c", "d"]),
        ("c", &[]),
        ("d", &["b"]),
        ("e", &[]),
        ("su", &[]),
    ];
    let names: Vec<&str> = implies.iter().map(|(n, _)| *n).collect();
    let closures = spec.closures();
    for (i, (name, _)) in implies.iter().enumerate() {
        let mut reach = vec![*name];
        let mut next = 0;
        while next < reach.len() {
            let direct = implies.iter().find(|(n, _)| *n == reach[next]).unwrap().1;
            for d in direct {
                if !reach.contains(d) {
                    reach.push(d);
                }
            }
            next += 1;
        }
        if *name == "su" {
            reach = names.clone();
        }
        let got: Vec<&str> = (0..names.len())
            .filter(|&j| closures[i][j])
            .map(|j| names[j])
            .collect();
        let mut want = reach;
        want.sort_by_key(|n| names.iter().position(|m| m == n));
        assert_eq!(got, want, "{name}");
    }
}

/// No group: public; one empty group: authenticated; else scopes.
#[test]
fn access_levels_and_their_ranks() {
    let public: Vec<Vec<usize>> = Vec::new();
    assert_eq!(access(&public), Access::Public);
    assert_eq!(access(&authenticated()), Access::Authenticated);
    assert_eq!(authenticated(), vec![Vec::<usize>::new()]);
    let one = vec![vec![0]];
    assert_eq!(access(&one), Access::Scopes(&one));
    let two = vec![vec![0], vec![1, 2]];
    assert_eq!(access(&two), Access::Scopes(&two));
    // A later empty group does not make it the authenticated level.
    let odd = vec![vec![0], vec![]];
    assert_eq!(access(&odd), Access::Scopes(&odd));
    let ranks: Vec<u8> = [access(&public), access(&authenticated()), access(&one)]
        .iter()
        .map(Access::rank)
        .collect();
    assert_eq!(ranks, [0, 1, 2]);
}

/// The fingerprint follows the meaning, not the text: the same spec
/// written twice gets one id, a changed requirement another.
#[test]
fn the_spec_id_follows_the_meaning() {
    let a = "name: t\nscopes:\n  a: {description: x}\n  b: {description: y}\nroutes:\n  - {path: /r, methods: [GET], requires: a}\n  - {path: /s, methods: [GET], requires: b}\n";
    let reordered = "name: t\nscopes:\n  a: {description: x}\n  b: {description: y}\n\nroutes:\n  - {path: /s, requires: b, methods: [GET]}\n  - {methods: [GET], path: /r, requires: a}\n";
    let changed = a.replace(
        "/s, methods: [GET], requires: b",
        "/s, methods: [GET], requires: a",
    );
    let id = |y: &str| scopes_spec::tables::spec_id(&load_str("t.yaml", y).expect("valid").spec);
    assert_eq!(id(a), id(reordered));
    assert_ne!(id(a), id(&changed));
    let view_id = scopes_spec::tables::build(&load_str("t.yaml", a).unwrap().spec)
        .view()
        .spec_id;
    assert_eq!(view_id, id(a));
}
