//! `scopes import openapi` and `scopes export --format openapi`, run as
//! users run them; and `scopes docs` agreeing with the OpenAPI export and
//! the runtime on every route, method and scope combination.

use std::collections::{BTreeMap, BTreeSet};

use scopes_runtime::{Granted, LoadedSpec};
use serde_json::Value;

mod common;

use common::{root, run};

const SPOTIFY: &str = "scopes-openapi/tests/data/spotify.yml";

fn temp(name: &str, text: &str) -> String {
    common::temp_file("cli-openapi", name, text)
}

#[test]
fn import_writes_token_only_operations_as_authenticated_by_default() {
    let r = run(&["import", "openapi", SPOTIFY]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("32 operation(s) need a valid token but no particular scope"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("\n    GET /albums/{id}\n"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("imported 97 of 97 operations"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout
            .contains("  - path: \"/albums/{id}\"\n    methods: [GET]\n    authenticated: true\n"),
        "{}",
        r.stdout
    );
    let spec = temp("spotify_authenticated.yaml", &r.stdout);
    let check = run(&["check", &spec]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let help = run(&["import", "openapi", "--help"]).stdout;
    assert!(help.contains("authenticated"), "{help}");
    let r = run(&["import", "openapi", "no/such/file.yaml"]);
    assert_eq!(r.code, 2);
}

#[test]
fn imported_spotify_spec_checks_clean_and_exports_back() {
    let r = run(&[
        "import",
        "openapi",
        SPOTIFY,
        "--token-only",
        "leave-out",
        "--any-of-operation",
        "POST /playlists/{playlist_id}/tracks",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("imported 65 of 97 operations"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("  - path: \"/playlists/{playlist_id}/tracks\"\n    methods: [POST]\n    requires: {any: [playlist-modify-private, playlist-modify-public]}\n"), "{}", r.stdout);
    let spec = temp("spotify.yaml", &r.stdout);
    let check = run(&["check", &spec]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let merged = run(&["export", &spec, "--format", "openapi", "--merge", SPOTIFY]);
    assert_eq!(merged.code, 0, "{}", merged.stderr);
    let original = std::fs::read_to_string(root().join(SPOTIFY)).unwrap();
    // Only the any-of operation changes; the flows keep their own text.
    let (a, b) = (original.as_bytes(), merged.stdout.as_bytes());
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let changed = &merged.stdout[prefix..b.len() - suffix];
    assert!(changed.len() < 60, "{changed}");
    assert!(merged.stdout.contains(
        "      security:\n      - oauth_2_0:\n        - playlist-modify-private\n      - oauth_2_0:\n        - playlist-modify-public\n"
    ));
    assert!(
        merged
            .stderr
            .contains("32 operation(s) of the document are not in the spec"),
        "{}",
        merged.stderr
    );
}

#[test]
fn export_needs_flow_urls_and_the_openapi_format_for_its_flags() {
    let r = run(&["export", "spec/foxy.yaml", "--format", "openapi"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--token-url"), "{}", r.stderr);
    let r = run(&["export", "spec/foxy.yaml", "--merge", SPOTIFY]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--merge needs --format openapi"),
        "{}",
        r.stderr
    );
    let r = run(&["export", "spec/foxy.yaml"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("{\"scopes\":"));
}

/// `` `a` or `b`, and `c` `` → [[a, b], [c]]; `public` → [].
fn parse_text(text: &str) -> Vec<Vec<String>> {
    if text == "public" {
        return Vec::new();
    }
    text.split(", and ")
        .map(|g| {
            g.split(" or ")
                .map(|s| s.trim_matches('`').to_owned())
                .collect()
        })
        .collect()
}

/// (METHOD, path) → declared groups, from the docs' endpoint lines.
fn docs_requirements(markdown: &str) -> BTreeMap<(String, String), Vec<Vec<String>>> {
    let mut out = BTreeMap::new();
    for line in markdown.lines() {
        let Some(rest) = line.strip_prefix("- `") else {
            continue;
        };
        let Some((path, rest)) = rest.split_once("`: ") else {
            continue;
        };
        if !path.starts_with('/') {
            continue;
        }
        for part in rest.trim_end_matches(" (reconstructed)").split("; ") {
            let (methods, req) = part.split_once(" (").expect("methods (requirement)");
            let groups = parse_text(req.strip_suffix(')').expect("closing parenthesis"));
            for m in methods.split(", ") {
                let prev = out.insert((m.to_owned(), path.to_owned()), groups.clone());
                assert!(
                    prev.is_none_or(|p| p == groups),
                    "{m} {path} shown twice, differently"
                );
            }
        }
    }
    out
}

fn subsets(names: &BTreeSet<String>) -> Vec<BTreeSet<String>> {
    let names: Vec<&String> = names.iter().collect();
    assert!(names.len() <= 12, "{names:?}");
    (0..1u32 << names.len())
        .map(|bits| {
            names
                .iter()
                .enumerate()
                .filter(|(i, _)| bits & (1 << i) != 0)
                .map(|(_, n)| (*n).clone())
                .collect()
        })
        .collect()
}

#[test]
fn docs_openapi_export_and_runtime_agree_on_every_route() {
    let imported = run(&["import", "openapi", SPOTIFY, "--token-only", "leave-out"]);
    let spotify = temp("spotify-agree.yaml", &imported.stdout);
    for spec_path in ["spec/foxy.yaml", "spec/fluveo.yaml", spotify.as_str()] {
        let docs = run(&["docs", spec_path]);
        assert_eq!(docs.code, 0, "{}", docs.stderr);
        let export = run(&[
            "export",
            spec_path,
            "--format",
            "openapi",
            "--token-url",
            "https://a.example/t",
        ]);
        assert_eq!(export.code, 0, "{}", export.stderr);
        let doc: Value = serde_json::from_str(&export.stdout).unwrap();
        let loaded = LoadedSpec::load(root().join(spec_path)).unwrap();
        let spec = loaded.spec();
        let closures = spec.closures();
        let tables = loaded.tables();
        let from_docs = docs_requirements(&docs.stdout);
        let mut from_openapi = BTreeMap::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            // A path item also holds its `parameters`, not an operation.
            for (method, op) in item.as_object().unwrap() {
                if method == "parameters" {
                    continue;
                }
                from_openapi.insert(
                    (method.to_uppercase(), path.clone()),
                    op["security"].clone(),
                );
            }
        }
        assert_eq!(
            from_docs.keys().collect::<Vec<_>>(),
            from_openapi.keys().collect::<Vec<_>>(),
            "{spec_path}: docs and OpenAPI list different operations"
        );
        let mut compared = 0;
        for ((method, path), groups) in &from_docs {
            let security = from_openapi[&(method.clone(), path.clone())]
                .as_array()
                .unwrap()
                .clone();
            let mut names: BTreeSet<String> = groups.iter().flatten().cloned().collect();
            for alt in &security {
                for s in alt
                    .as_object()
                    .unwrap()
                    .values()
                    .flat_map(|v| v.as_array().unwrap().clone())
                {
                    names.insert(s.as_str().unwrap().to_owned());
                }
            }
            for set in subsets(&names) {
                // Docs: each group met by a granted scope or one implying it.
                let granted: Vec<usize> = set.iter().map(|n| spec.scope_id(n).unwrap()).collect();
                let has = |name: &str| {
                    let id = spec.scope_id(name).unwrap();
                    granted.iter().any(|&g| closures[g][id])
                };
                let docs_allow = groups.iter().all(|g| g.iter().any(|n| has(n)));
                // OpenAPI: `[]`, or one object whose scopes are all granted.
                let openapi_allow = security.is_empty()
                    || security.iter().any(|alt| {
                        alt.as_object().unwrap().values().all(|v| {
                            v.as_array()
                                .unwrap()
                                .iter()
                                .all(|s| set.contains(s.as_str().unwrap()))
                        })
                    });
                let grant = set.iter().cloned().collect::<Vec<_>>().join(" ");
                let g = Granted::parse(&tables, &grant).unwrap();
                let runtime_allow = tables
                    .authorize_template(method, path, g.words())
                    .is_allowed();
                assert_eq!(
                    docs_allow, openapi_allow,
                    "{spec_path}: {method} {path} [{grant}]"
                );
                assert_eq!(
                    docs_allow, runtime_allow,
                    "{spec_path}: {method} {path} [{grant}]"
                );
                compared += 1;
            }
        }
        assert!(compared > 100, "{spec_path}: {compared}");
    }
}

#[test]
fn export_takes_flow_urls_from_the_specs_openapi_section_and_flags_override_it() {
    let spec = temp(
        "section.yaml",
        "name: t\nscopes:\n  a: {description: A}\nroutes:\n  - {path: /x, methods: [GET], requires: a}\nopenapi:\n  scheme: corp\n  flows:\n    clientCredentials: {tokenUrl: \"https://auth.example/token\"}\n",
    );
    let r = run(&["export", &spec, "--format", "openapi"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let corp = &doc["components"]["securitySchemes"]["corp"];
    assert_eq!(
        corp["flows"]["clientCredentials"]["tokenUrl"],
        "https://auth.example/token"
    );
    assert_eq!(doc["paths"]["/x"]["get"]["security"][0]["corp"][0], "a");
    let r = run(&[
        "export",
        &spec,
        "--format",
        "openapi",
        "--scheme",
        "other",
        "--authorization-url",
        "https://login.example/authorize",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let other = &doc["components"]["securitySchemes"]["other"]["flows"];
    assert_eq!(
        other["implicit"]["authorizationUrl"],
        "https://login.example/authorize"
    );
    assert!(other.get("clientCredentials").is_none(), "{other}");
    // A bad section is a spec error at its line.
    let bad = temp(
        "bad_section.yaml",
        "name: t\nroutes: []\nopenapi:\n  flows:\n    clientCredentials: {tokenUrl: /token}\n",
    );
    let r = run(&["check", &bad]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("bad_section.yaml:5:35"), "{}", r.stderr);
    assert!(
        r.stderr.contains("`tokenUrl` must be an absolute URL"),
        "{}",
        r.stderr
    );
}
