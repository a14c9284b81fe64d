//! The imported spec decides every operation of a document as OpenAPI
//! does: for each document (the shared real ones and one small document per
//! rule), each reading option, each operation and every combination of the
//! scopes it names (plus one it does not), the runtime's decision on the
//! imported spec equals the independent evaluator's (`oracle`), with a
//! token and without one. Then the round trip: the spec exported back to
//! OpenAPI, as a new document and merged into the original, decides the
//! same as the original. Operations that need a token but no scope
//! (`[{oauth: []}]`) are imported at the authenticated level by default.

mod oracle;

use std::collections::BTreeSet;

use oracle::{Op, Oracle, concrete, subsets};
use scopes_openapi::export::ExportOptions;
use scopes_openapi::{ImportOptions, TokenOnly, Unsecured};
use scopes_runtime::{Granted, LoadedSpec};
use serde_json::Value;

fn data(name: &str) -> (String, String) {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    (path, text)
}

const DOCUMENTS: [&str; 10] = [
    "spotify.yml",
    "petstore.yaml",
    "rules/or_and.yaml",
    "rules/root_default.yaml",
    "rules/mixed_schemes.json",
    "rules/missing_security.yaml",
    "rules/token_only.yaml",
    "rules/any_of.yaml",
    "rules/methods.yaml",
    "rules/ref_schemes.yaml",
];

/// What the oracle expects of one operation in the spec.
#[derive(Debug, PartialEq)]
enum Expected {
    /// Absent from the spec: denied for every grant.
    Absent,
    /// Allowed exactly for these scope sets (of the enumerated ones).
    Decide,
}

fn expectation(o: &Oracle<'_>, op: &Op<'_>, opts: &ImportOptions) -> Expected {
    if scopes_spec::template::parse(&op.path).is_err() {
        return Expected::Absent;
    }
    if op.security.is_none() {
        return match opts.unsecured {
            Unsecured::Public => Expected::Decide,
            _ => Expected::Absent,
        };
    }
    let public = o.allows(op, None);
    let empty = BTreeSet::new();
    if !public && o.allows(op, Some(&empty)) {
        return match opts.token_only {
            TokenOnly::Public | TokenOnly::Authenticated => Expected::Decide,
            TokenOnly::LeaveOut => Expected::Absent,
        };
    }
    if !public && !o.allows(op, Some(&o.named(op))) {
        return Expected::Absent; // no OAuth alternative
    }
    Expected::Decide
}

/// What the oracle allows for a request with a token holding `token`
/// (`None`: no token), under the options.
fn oracle_allows(
    o: &Oracle<'_>,
    op: &Op<'_>,
    opts: &ImportOptions,
    token: Option<&BTreeSet<String>>,
) -> bool {
    if op.security.is_none() {
        return opts.unsecured == Unsecured::Public;
    }
    let empty = BTreeSet::new();
    if !o.allows(op, None) && o.allows(op, Some(&empty)) {
        return match opts.token_only {
            TokenOnly::Public => true,
            TokenOnly::Authenticated => token.is_some(),
            TokenOnly::LeaveOut => false,
        };
    }
    o.allows(op, token)
}

/// Compare the runtime on `spec` with the oracle on `doc` for every
/// operation; returns the number of decisions compared.
fn compare(
    doc: &Value,
    any_of: bool,
    opts: &ImportOptions,
    spec: &LoadedSpec,
    what: &str,
) -> usize {
    let o = Oracle { doc, any_of };
    let tables = spec.tables();
    let declared: Vec<String> = spec.spec().scopes.iter().map(|s| s.name.clone()).collect();
    let mut n = 0;
    for op in o.operations() {
        let named = o.named(&op);
        let expected = expectation(&o, &op, opts);
        let mut sets = subsets(&named);
        if let Some(other) = declared.iter().find(|s| !named.contains(*s)) {
            sets.push(BTreeSet::from([other.clone()]));
        }
        let path = concrete(&op.path);
        let want = |token| match expected {
            Expected::Absent => false,
            Expected::Decide => oracle_allows(&o, &op, opts, token),
        };
        for set in &sets {
            let grant = set.iter().cloned().collect::<Vec<_>>().join(" ");
            let granted = Granted::parse(&tables, &grant).expect("grant");
            let got = tables.authorize_token(&op.method, &path, granted.token());
            assert_eq!(
                got.is_allowed(),
                want(Some(set)),
                "{what}: {} {} with [{grant}]: runtime {got:?}",
                op.method,
                op.path
            );
            if expected == Expected::Absent {
                assert!(
                    got.route().is_none() || !got.is_allowed(),
                    "{what}: {} {} should be absent",
                    op.method,
                    op.path
                );
            }
            n += 1;
        }
        let anonymous = Granted::empty(&tables);
        let got = tables.authorize_token(&op.method, &path, anonymous.token());
        assert_eq!(
            got.is_allowed(),
            want(None),
            "{what}: {} {} without a token: runtime {got:?}",
            op.method,
            op.path
        );
        n += 1;
    }
    n
}

fn option_sets() -> Vec<(bool, ImportOptions)> {
    let mut out = Vec::new();
    for any_of in [false, true] {
        for (unsecured, token_only) in [
            (Unsecured::LeaveOut, TokenOnly::LeaveOut),
            (Unsecured::Public, TokenOnly::Public),
            (Unsecured::LeaveOut, TokenOnly::Authenticated),
        ] {
            out.push((
                any_of,
                ImportOptions {
                    unsecured,
                    token_only,
                    any_of_everywhere: any_of,
                    ..ImportOptions::default()
                },
            ));
        }
    }
    out
}

fn import(name: &str, opts: &ImportOptions) -> (Value, LoadedSpec, String) {
    let (path, text) = data(name);
    let doc: Value = serde_saphyr::from_str(&text).expect("document parses");
    let imported = scopes_openapi::import(&path, &text, opts)
        .unwrap_or_else(|e| panic!("{name}: import refused: {e:?}"));
    let spec = LoadedSpec::from_str(name, &imported.yaml)
        .unwrap_or_else(|r| panic!("{name}: spec does not check:\n{}", r.render(false)));
    (doc, spec, text)
}

#[test]
fn imported_specs_decide_every_operation_as_openapi_does() {
    let mut total = 0;
    for name in DOCUMENTS {
        for (any_of, opts) in option_sets() {
            let (doc, spec, _) = import(name, &opts);
            total += compare(&doc, any_of, &opts, &spec, name);
        }
    }
    assert!(total > 1500, "only {total} decisions compared");
}

/// Import, export (new document and merge), and evaluate the exported
/// documents with the oracle: same decisions for every operation kept.
#[test]
fn round_trip_keeps_every_operations_satisfying_scope_sets() {
    for name in DOCUMENTS {
        for (any_of, opts) in option_sets() {
            let (doc, spec, text) = import(name, &opts);
            let export_opts = ExportOptions {
                token_url: Some("https://auth.example/token".into()),
                ..ExportOptions::default()
            };
            let (exported, _) =
                scopes_openapi::export::document(spec.spec(), &export_opts).expect("export");
            let exported: Value = serde_json::from_str(&exported).expect("export is JSON");
            let merged =
                scopes_openapi::merge::merge(name, &text, spec.spec(), &export_opts, false)
                    .expect("merge");
            let merged: Value = serde_saphyr::from_str(&merged.text).unwrap_or_else(|e| {
                panic!(
                    "{name}: merged document does not parse: {e}\n{}",
                    merged.text
                )
            });
            let original = Oracle { doc: &doc, any_of };
            for (what, out_doc) in [("export", &exported), ("merge", &merged)] {
                // Exported documents say what the spec enforces: all-of lists.
                let back = Oracle {
                    doc: out_doc,
                    any_of: false,
                };
                let back_ops = back.operations();
                for op in original.operations() {
                    if expectation(&original, &op, &opts) == Expected::Absent {
                        continue;
                    }
                    let Some(bop) = back_ops
                        .iter()
                        .find(|b| b.path == op.path && b.method == op.method)
                    else {
                        panic!("{name} ({what}): {} {} missing", op.method, op.path);
                    };
                    let mut named = original.named(&op);
                    named.extend(back.named(bop));
                    for set in subsets(&named) {
                        assert_eq!(
                            back.allows(bop, Some(&set)),
                            oracle_allows(&original, &op, &opts, Some(&set)),
                            "{name} ({what}, any_of {any_of}): {} {} with {set:?}",
                            op.method,
                            op.path
                        );
                    }
                    assert_eq!(
                        back.allows(bop, None),
                        oracle_allows(&original, &op, &opts, None),
                        "{name} ({what}): {} {} without a token",
                        op.method,
                        op.path
                    );
                }
            }
        }
    }
}

/// A HEAD the spec cannot say (here: an API key only) beside a GET it can:
/// OpenAPI gives a token no way into HEAD /x, so the spec must not let
/// HEAD follow GET there; HEAD still follows GET where the document has no
/// HEAD at all.
#[test]
fn a_head_left_out_does_not_follow_get() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get: {security: [{o: [a]}]}\n    head: {security: [{key: []}]}\n  /y:\n    get: {security: [{o: [b]}]}\ncomponents:\n  securitySchemes:\n    o: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a', scopes: {a: A, b: B}}}}\n    key: {type: apiKey, name: k, in: header}\n";
    let imported =
        scopes_openapi::import("t.yaml", text, &ImportOptions::default()).expect("import");
    let spec = LoadedSpec::from_str("t.yaml", &imported.yaml)
        .unwrap_or_else(|r| panic!("{}\n{}", r.render(false), imported.yaml));
    let tables = spec.tables();
    let decide = |method: &str, path: &str, grant: &str| {
        let granted = Granted::parse(&tables, grant).expect("grant");
        tables.authorize(method, path, granted.words()).is_allowed()
    };
    assert!(decide("GET", "/x", "a"));
    assert!(!decide("HEAD", "/x", "a b"), "{}", imported.yaml);
    assert!(decide("GET", "/y", "b"));
    assert!(decide("HEAD", "/y", "b"), "{}", imported.yaml);
    assert!(!decide("HEAD", "/y", "a"), "{}", imported.yaml);
}
