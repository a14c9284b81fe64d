//! A derived scope ident depends only on the scope's own name: adding a
//! scope never changes what an existing `Scope::…` variant means. Two
//! scopes that derive one ident are a Rust-only diagnostic (at the
//! second), never a refusal at runtime.

use std::collections::{BTreeSet, HashSet};

use proptest::prelude::*;
use scopes_spec::{derive_ident, is_rust_ident, load_str, repair_rust_names, rust_names};

/// A spec declaring `names` in order (keys double-quoted: `!`, `#`, `:`
/// mean something to YAML).
fn spec_yaml(names: &[String]) -> String {
    let mut yaml = String::from("name: t\nscopes:\n");
    for n in names {
        yaml.push_str(&format!("  \"{n}\": {{description: x}}\n"));
    }
    yaml
}

/// Names over a small alphabet, so that separators, spelled punctuation,
/// case and leading digits collide often.
fn names() -> impl Strategy<Value = Vec<String>> {
    prop::collection::btree_set("[aAbB2_:.!#+-]{1,4}", 1..8)
        .prop_map(|s: BTreeSet<String>| s.into_iter().collect())
        .prop_shuffle()
}

fn idents(names: &[String]) -> Vec<(String, String)> {
    let loaded = load_str("t.yaml", spec_yaml(names))
        .unwrap_or_else(|r| panic!("runtime refused {names:?}: {}", r.render(false)));
    loaded
        .spec
        .scopes
        .iter()
        .map(|s| (s.name.clone(), s.ident.clone()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn an_ident_within_any_set_is_the_ident_alone(names in names()) {
        let loaded = load_str("t.yaml", spec_yaml(&names))
            .unwrap_or_else(|r| panic!("runtime refused {names:?}: {}", r.render(false)));
        let mut earlier = HashSet::new();
        let mut expected_collisions = Vec::new();
        for s in &loaded.spec.scopes {
            prop_assert_eq!(&s.ident, &derive_ident(&s.name));
            prop_assert!(is_rust_ident(&s.ident), "{}", s.ident);
            if !earlier.insert(s.ident.clone()) {
                expected_collisions.push(s.span.clone());
            }
        }
        // Exactly the scopes whose ident an earlier scope took are reported.
        let reported: Vec<_> = rust_names(&loaded.spec).into_iter().map(|d| d.span).collect();
        prop_assert_eq!(reported, expected_collisions);
        // The repaired names (what the help suggests) are distinct idents.
        let mut spec = loaded.spec;
        repair_rust_names(&mut spec);
        let repaired: HashSet<&str> = spec.scopes.iter().map(|s| s.ident.as_str()).collect();
        prop_assert_eq!(repaired.len(), spec.scopes.len());
        prop_assert!(repaired.iter().all(|i| is_rust_ident(i)));
        prop_assert!(rust_names(&spec).is_empty());
    }

    #[test]
    fn adding_a_scope_renames_no_other(names in names(), extra in "[aAbB2_:.!#+-]{1,4}") {
        prop_assume!(!names.contains(&extra));
        let before = idents(&names);
        let mut more = names.clone();
        more.insert(more.len() / 2, extra);
        let after = idents(&more);
        for pair in &before {
            prop_assert!(after.contains(pair), "{:?} changed: {:?}", pair, after);
        }
    }
}
