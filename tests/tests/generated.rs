//! The generated code for both shipped specs, against the export JSON (the
//! spec model's effective requirements) and a naive reference matcher.

use std::collections::BTreeSet;

use scopes_runtime::{Decision, ScopeEnum};
use scopes_tests::{example, reference_match, root};

/// The generated items raise no lint in the user's crate, pedantic included
/// (CI runs clippy with `-D warnings` over this file).
mod foxy {
    #![deny(clippy::pedantic, clippy::nursery, missing_docs, unreachable_pub)]
    scopes_runtime::include_spec!("../spec/foxy.yaml");
}

mod fluveo {
    scopes_runtime::include_spec!("../spec/fluveo.yaml");
}

fn check_spec(file: &str, tables: &scopes_runtime::Tables<'static>, names: &[&str]) {
    let json: serde_json::Value = serde_json::from_str(&scopes_spec::export::to_json(
        &scopes_spec::load_file(root().join(file)).unwrap().spec,
    ))
    .unwrap();
    // The same spec loaded at runtime: one engine, two ways to build its tables.
    let loaded = scopes_runtime::LoadedSpec::load(root().join(file)).unwrap();
    let dynamic = loaded.tables();
    let routes = json["routes"].as_array().unwrap();
    let templates: BTreeSet<&str> = routes.iter().map(|r| r["path"].as_str().unwrap()).collect();
    let templates: Vec<&str> = templates.into_iter().collect();
    let mut checked = 0;
    for r in routes {
        let (method, template) = (r["method"].as_str().unwrap(), r["path"].as_str().unwrap());
        let groups: Vec<BTreeSet<&str>> = r["requires"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                g.as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap())
                    .collect()
            })
            .collect();
        let path = example(template);
        assert_eq!(reference_match(&templates, &path), Some(template), "{path}");
        for scope in names.iter().copied().chain([""]) {
            let mut words = vec![0u64; tables.words];
            tables.grant(scope, &mut words).unwrap();
            let want = groups.iter().all(|g| g.contains(scope));
            let by_path = tables.authorize(method, &path, &words);
            let by_template = tables.authorize_template(method, template, &words);
            assert_eq!(
                by_path.is_allowed(),
                want,
                "{method} {path} with {scope:?}: {by_path:?}"
            );
            assert_eq!(by_path, by_template, "{method} {template}");
            let loaded_grant = scopes_runtime::Granted::parse(&dynamic, scope).unwrap();
            assert_eq!(loaded_grant.words(), &words[..]);
            assert_eq!(
                dynamic.authorize(method, &path, loaded_grant.words()),
                by_path,
                "loaded: {method} {path}"
            );
            assert_eq!(
                dynamic.authorize_template(method, template, loaded_grant.words()),
                by_path
            );
            let route = by_path.route().expect("matched");
            assert_eq!(tables.template(route), template);
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked}");
    // Methods a route does not serve are not allowed, whatever the grant.
    for t in &templates {
        let served: BTreeSet<&str> = routes
            .iter()
            .filter(|r| r["path"] == *t)
            .map(|r| r["method"].as_str().unwrap())
            .collect();
        for m in [
            "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE",
        ] {
            if !served.contains(m) {
                let all = vec![u64::MAX; tables.words];
                assert!(
                    matches!(
                        tables.authorize(m, &example(t), &all),
                        Decision::MethodNotAllowed { .. }
                    ),
                    "{m} {t}"
                );
            }
        }
    }
}

#[test]
fn foxy_tables_decide_every_export_route_like_the_export() {
    let names: Vec<&str> = foxy::Scope::ALL.iter().map(|s| s.as_str()).collect();
    check_spec("spec/foxy.yaml", foxy::TABLES, &names);
}

#[test]
fn fluveo_tables_decide_every_export_route_like_the_export() {
    let names: Vec<&str> = fluveo::Scope::ALL.iter().map(|s| s.as_str()).collect();
    check_spec("spec/fluveo.yaml", fluveo::TABLES, &names);
}

#[test]
fn scope_enum_api() {
    use foxy::Scope;
    assert_eq!(Scope::ALL.len(), 45);
    assert_eq!(Scope::COUNT, 45);
    assert_eq!(Scope::CartsRead.as_str(), "carts_read");
    assert_eq!(
        "transactions_resend".parse::<Scope>(),
        Ok(Scope::TransactionsResend)
    );
    assert_eq!(
        "tranactions_read".parse::<Scope>().unwrap_err().to_string(),
        "unknown scope `tranactions_read`"
    );
    assert_eq!(Scope::StoreFullAccess.to_string(), "store_full_access");
    assert_eq!(Scope::CartsWrite.implies(), &[Scope::CartsRead]);
    assert!(Scope::StoreFullAccess.is_superuser());
    assert_eq!(foxy::scopes::TRANSACTIONS_RESEND, "transactions_resend");
    assert!(Scope::CartsRead < Scope::CartsWrite);
    for (i, s) in Scope::ALL.iter().enumerate() {
        assert_eq!(s.index(), i);
        assert_eq!(ScopeEnum::index(*s), i);
        assert_eq!(Scope::from_name(s.as_str()), Some(*s));
    }
    assert_eq!(
        serde_json::to_string(&Scope::CartsRead).unwrap(),
        "\"carts_read\""
    );
    assert_eq!(
        serde_json::from_str::<Scope>("\"carts_write\"").unwrap(),
        Scope::CartsWrite
    );
    assert!(serde_json::from_str::<Scope>("\"carts_wrte\"").is_err());
}

#[test]
fn granted_sets_follow_each_spec_rules() {
    // Foxy: write implies read; the superuser grants everything.
    let g = foxy::Granted::parse("carts_write").unwrap();
    assert!(g.contains(foxy::Scope::CartsRead));
    assert!(!g.contains(foxy::Scope::TransactionsRead));
    let all = foxy::Granted::parse("store_full_access").unwrap();
    assert!(foxy::Scope::ALL.iter().all(|&s| all.contains(s)));
    // Fluveo: write does not imply read; `,` also delimits.
    let g = fluveo::Granted::parse("read_products,read_inventory,write_inventory").unwrap();
    assert!(g.contains(fluveo::Scope::ReadInventory) && g.contains(fluveo::Scope::WriteInventory));
    let w = fluveo::Granted::parse("write_products").unwrap();
    assert!(!w.contains(fluveo::Scope::ReadProducts));
    assert!(!w.authorize("GET", "/v1/products").is_allowed());
    assert!(w.authorize("POST", "/v1/products").is_allowed());
    // Unknown names grant nothing and are counted; malformed is an error.
    let (g, stats) = foxy::Granted::parse_with_stats("carts_read bogus").unwrap();
    assert_eq!((stats.known, stats.unknown), (1, 1));
    assert_eq!(g.iter().collect::<Vec<_>>(), vec![foxy::Scope::CartsRead]);
    assert!(foxy::Granted::parse("carts_read \"x\"").is_err());
}

#[test]
fn route_constants_carry_requirements() {
    let r = foxy::routes::TRANSACTIONS_ID_SEND_EMAILS;
    assert_eq!(r.template, "/transactions/{id}/send_emails");
    assert_eq!(
        r.requirement("POST"),
        Some(&[&[foxy::Scope::TransactionsResend][..]][..])
    );
    assert_eq!(r.requirement("GET"), None);
    assert_eq!(foxy::routes::ALL.len(), 183);
    assert_eq!(foxy::TABLES.template(r.index), r.template);
    let shared = foxy::routes::APPLIED_COUPON_CODES_ID
        .requirement("GET")
        .unwrap();
    assert_eq!(
        shared,
        &[&[foxy::Scope::CartsRead, foxy::Scope::TransactionsRead][..]]
    );
}

/// Generated code assumes nothing about imports: a module that shadows
/// `core`, `std`, `Option` and `Result` still compiles it.
mod hostile {
    #![allow(dead_code, non_camel_case_types)]
    struct Option;
    struct Result;
    struct Some;
    mod core {}
    mod std {}
    scopes_runtime::include_spec!("../spec/fluveo.yaml");
}

#[test]
fn generated_code_survives_shadowed_names() {
    assert_eq!(hostile::Scope::ReadPayments.as_str(), "read_payments");
}
