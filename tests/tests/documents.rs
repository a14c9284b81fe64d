//! The shipped specs against the seed documents' facts.
//!
//! Expected requirements are computed here from the documents' own rules
//! (fixtures in tests/fixtures), never from the spec code.

use std::collections::{BTreeMap, BTreeSet};

use scopes_tests::{export_routes, fluveo_fixture, foxy_fixture, foxy_from_seed, root, seeds};

#[test]
fn foxy_fixture_matches_the_seed_document() {
    let Some(seeds) = seeds() else {
        eprintln!("../shared/seeds not present; fixture checked against the spec only");
        return;
    };
    let text = std::fs::read_to_string(seeds.join("003_a375d58369a4278d.txt")).expect("seed");
    assert_eq!(foxy_from_seed(&text), foxy_fixture());
}

#[test]
fn fluveo_fixture_matches_the_seed_document() {
    let Some(seeds) = seeds() else {
        eprintln!("../shared/seeds not present");
        return;
    };
    let text = std::fs::read_to_string(seeds.join("000_276a04f80af85405.txt")).expect("seed");
    // The page's table rows: `read_payments | List and retrieve PaymentIntents |`.
    let seed: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| {
            let (name, access) = l.strip_suffix(" |")?.split_once(" | ")?;
            (name.starts_with("read_") || name.starts_with("write_"))
                .then(|| (name.trim().to_owned(), access.trim().to_owned()))
        })
        .collect();
    assert_eq!(seed, fluveo_fixture());
}

#[test]
fn foxy_spec_serves_every_document_route_with_the_document_requirement() {
    let doc = foxy_fixture();
    assert_eq!(doc.resources.len(), 21);
    let scope_count: usize = doc.resources.iter().map(|r| r.scopes.len()).sum::<usize>() + 1;
    assert_eq!(scope_count, 45);

    // path -> (read scopes, write scopes, resend scopes) over every resource listing it
    let mut by_path: BTreeMap<String, [BTreeSet<String>; 3]> = BTreeMap::new();
    for r in &doc.resources {
        let scope = |suffix: &str| r.scopes.iter().find(|s| s.ends_with(suffix)).cloned();
        for (path, resend) in &r.paths {
            let entry = by_path.entry(path.clone()).or_default();
            if *resend {
                entry[2].insert(scope("_resend").expect("resend scope"));
            } else {
                entry[0].insert(scope("_read").expect("read scope"));
                entry[1].insert(scope("_write").expect("write scope"));
            }
        }
    }
    let mut expected: BTreeMap<(String, String), Vec<BTreeSet<String>>> = BTreeMap::new();
    for (path, [read, write, resend]) in &by_path {
        let with_super = |set: &BTreeSet<String>| {
            let mut s = set.clone();
            s.insert(doc.superuser.clone());
            vec![s]
        };
        if !resend.is_empty() {
            // "resend" endpoints are POST only.
            expected.insert(("POST".into(), path.clone()), with_super(resend));
            continue;
        }
        // Write inherits read.
        let readers: BTreeSet<String> = read.union(write).cloned().collect();
        // The transaction action route takes POST (capture, void, refund) only.
        let action_only = path.ends_with("{transaction_action}");
        for m in ["GET", "HEAD", "OPTIONS"] {
            if !action_only {
                expected.insert((m.into(), path.clone()), with_super(&readers));
            }
        }
        for m in ["POST", "PUT", "PATCH", "DELETE"] {
            if !action_only || m == "POST" {
                expected.insert((m.into(), path.clone()), with_super(write));
            }
        }
    }
    let actual = export_routes("spec/foxy.yaml");
    for (key, want) in &expected {
        assert_eq!(actual.get(key), Some(want), "{key:?}");
    }
    let extra: Vec<_> = actual
        .keys()
        .filter(|k| !expected.contains_key(*k))
        .collect();
    assert!(extra.is_empty(), "routes not in the document: {extra:?}");
}

#[test]
fn fluveo_spec_has_the_document_scopes_and_confirmed_routes() {
    let loaded = scopes_spec::load_file(root().join("spec/fluveo.yaml")).expect("valid");
    let mut spec_scopes: Vec<(String, String)> = loaded
        .spec
        .scopes
        .iter()
        .map(|s| (s.name.clone(), s.description.clone()))
        .collect();
    let mut doc = fluveo_fixture();
    spec_scopes.sort();
    doc.sort();
    assert_eq!(spec_scopes, doc);

    let routes = export_routes("spec/fluveo.yaml");
    let confirmed =
        std::fs::read_to_string(root().join("tests/fixtures/fluveo_routes.txt")).expect("fixture");
    for line in confirmed
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let mut parts = line.split_whitespace();
        let (m, p, s) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        // Write does not include read and there is no superuser: exactly the one scope.
        let want = vec![BTreeSet::from([s.to_owned()])];
        assert_eq!(
            routes.get(&(m.to_owned(), p.to_owned())),
            Some(&want),
            "{line}"
        );
        if m == "GET" {
            assert_eq!(
                routes.get(&("HEAD".to_owned(), p.to_owned())),
                Some(&want),
                "HEAD {p}"
            );
        }
        let confirmed_route = loaded.spec.route(p).expect("route");
        assert!(!confirmed_route.reconstructed, "{p} is confirmed");
    }
    // Every route: one group of exactly one scope, and the scope's action
    // matches the method (read_ = GET/HEAD, write_ = POST/PATCH/DELETE).
    for ((m, p), groups) in &routes {
        assert_eq!(groups.len(), 1, "{m} {p}");
        let g: Vec<&String> = groups[0].iter().collect();
        assert_eq!(g.len(), 1, "{m} {p}: {g:?}");
        let read = matches!(m.as_str(), "GET" | "HEAD");
        assert_eq!(g[0].starts_with("read_"), read, "{m} {p}: {g:?}");
        assert!(
            read || matches!(m.as_str(), "POST" | "PATCH" | "DELETE"),
            "{m} {p}"
        );
    }
    // Every scope opens at least one route.
    for (name, _) in &doc {
        assert!(
            routes.values().any(|g| g[0].contains(name)),
            "{name} opens no route"
        );
    }
}
