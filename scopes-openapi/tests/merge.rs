//! `--merge` changes nothing outside the security fields: every byte of
//! the document outside `security` values and the oauth2 flows' `scopes`
//! is kept. Checked with a line scanner written here (not the merge's own
//! tree), on the shared documents with specs that change their security,
//! and on small documents whose expected output is written out by hand.

use scopes_openapi::export::{ExportError, ExportOptions};
use scopes_openapi::merge::Merged;
use scopes_openapi::{ImportOptions, TokenOnly, Unsecured};
use scopes_runtime::LoadedSpec;

fn data(name: &str) -> String {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The text without its `security:` and `scopes:` entries: the key's line
/// and every following line indented deeper (or a `- ` item at the key's
/// indentation, YAML's indentless sequence).
fn strip_security(text: &str) -> String {
    let mut out = String::new();
    let mut skipping: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start_matches(' ');
        if let Some(k) = skipping {
            let deeper = indent(line) > k || (indent(line) == k && t.starts_with("- "));
            if deeper || t.trim().is_empty() {
                continue;
            }
            skipping = None;
        }
        let key = ["security:", "scopes:", "\"security\":", "\"scopes\":"]
            .iter()
            .any(|k| t.starts_with(k));
        if key {
            skipping = Some(indent(line));
            continue;
        }
        out.push_str(&strip_flow_security(line));
    }
    out
}

/// `{security: [...], k: v}` → `{k: v}` within one line.
fn strip_flow_security(line: &str) -> String {
    let Some(at) = line.find("{security: [") else {
        return line.to_owned();
    };
    let open = at + "{security: ".len();
    let mut depth = 0;
    let mut end = line.len();
    for (i, c) in line[open..].char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    end = open + i + 1;
                    break;
                }
            }
            _ => {}
        }
    }
    let rest = line[end..].trim_start_matches([',', ' ']);
    format!("{}{{{rest}", &line[..at])
}

fn spec_from(name: &str, opts: &ImportOptions) -> LoadedSpec {
    let imported = scopes_openapi::import(name, &data(name), opts).expect("import");
    LoadedSpec::from_str(name, &imported.yaml).expect("spec")
}

#[test]
fn merging_changed_security_keeps_every_other_byte() {
    let changing = ImportOptions {
        any_of_everywhere: true,
        unsecured: Unsecured::Public,
        token_only: TokenOnly::Public,
        ..ImportOptions::default()
    };
    let mut edited = 0;
    for name in [
        "spotify.yml",
        "petstore.yaml",
        "rules/or_and.yaml",
        "rules/root_default.yaml",
        "rules/mixed_schemes.json",
        "rules/missing_security.yaml",
        "rules/token_only.yaml",
        "rules/any_of.yaml",
        "rules/methods.yaml",
    ] {
        let original = data(name);
        let spec = spec_from(name, &changing);
        // A document with two oauth2 schemes gets its first one named
        // (otherwise a new scheme is added, outside this comparison).
        let given = name == "rules/any_of.yaml";
        let urls = ExportOptions {
            token_url: Some("https://auth.example/token".into()),
            scheme: if given { "slack" } else { "oauth2" }.into(),
            ..ExportOptions::default()
        };
        let merged = scopes_openapi::merge::merge(name, &original, spec.spec(), &urls, given)
            .expect("merge");
        edited += merged.edits.len();
        assert_eq!(
            strip_security(&merged.text),
            strip_security(&original),
            "{name}: bytes outside the security fields changed"
        );
        // The merge of the same spec into its own output changes nothing.
        let again = scopes_openapi::merge::merge(name, &merged.text, spec.spec(), &urls, given)
            .expect("merge");
        assert_eq!(
            again.text, merged.text,
            "{name}: a second merge edited again"
        );
        assert!(again.edits.is_empty(), "{name}");
    }
    assert!(
        edited > 50,
        "only {edited} edits: the test exercises little"
    );
}

#[test]
fn merging_a_documents_own_import_changes_nothing() {
    let opts = ImportOptions {
        unsecured: Unsecured::LeaveOut,
        token_only: TokenOnly::LeaveOut,
        ..ImportOptions::default()
    };
    for name in [
        "spotify.yml",
        "petstore.yaml",
        "rules/or_and.yaml",
        "rules/mixed_schemes.json",
    ] {
        let original = data(name);
        let spec = spec_from(name, &opts);
        let merged = scopes_openapi::merge::merge(
            name,
            &original,
            spec.spec(),
            &ExportOptions::default(),
            false,
        )
        .expect("merge");
        assert_eq!(merged.text, original, "{name}");
    }
}

const SPEC: &str = r#"
name: t
scopes:
  a: {description: Scope a}
  b: {description: "B: the other"}
routes:
  - {path: /x, methods: [GET], requires: {any: [a, b]}}
  - {path: /x, methods: [POST], requires: {all: [a, b]}}
  - {path: /open, methods: [GET], public: true}
"#;

/// Merge [`SPEC`] into `doc` with the default options.
fn merge_default(doc: &str) -> Result<Merged, ExportError> {
    let spec = LoadedSpec::from_str("t.yaml", SPEC).expect("spec");
    scopes_openapi::merge::merge("doc", doc, spec.spec(), &ExportOptions::default(), false)
}

fn merge_text(doc: &str, opts: &ExportOptions) -> String {
    let spec = LoadedSpec::from_str("t.yaml", SPEC).expect("spec");
    scopes_openapi::merge::merge("doc", doc, spec.spec(), opts, false)
        .expect("merge")
        .text
}

const BLOCK_DOC: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      summary: x   # kept\n      security:\n        - old: [z]\n    post:\n      responses: {}\n  /open:\n    get: {summary: o}\ncomponents:\n  securitySchemes:\n    old:\n      type: oauth2\n      flows:\n        implicit:\n          authorizationUrl: https://a.example\n          scopes:\n            z: Zed\n";
const BLOCK_WANT: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      summary: x   # kept\n      security:\n        - old:\n            - a\n        - old:\n            - b\n    post:\n      security:\n        - old:\n            - a\n            - b\n      responses: {}\n  /open:\n    get: {security: [], summary: o}\ncomponents:\n  securitySchemes:\n    old:\n      type: oauth2\n      flows:\n        implicit:\n          authorizationUrl: https://a.example\n          scopes:\n            a: Scope a\n            b: \"B: the other\"\n";

#[test]
fn block_yaml_gets_security_in_its_own_indentation() {
    assert_eq!(merge_text(BLOCK_DOC, &ExportOptions::default()), BLOCK_WANT);
}

#[test]
fn json_gets_json_and_a_new_scheme_needs_urls() {
    let doc = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\", \"version\": \"1\"},\n  \"paths\": {\n    \"/x\": {\n      \"get\": {\n        \"summary\": \"x\"\n      },\n      \"post\": {}\n    }\n  }\n}\n";
    let err = merge_default(doc).expect_err("no URL for a new scheme");
    assert!(err.0.contains("--token-url"), "{err}");
    let opts = ExportOptions {
        token_url: Some("https://a.example/token".into()),
        ..ExportOptions::default()
    };
    let want = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\", \"version\": \"1\"},\n  \"paths\": {\n    \"/x\": {\n      \"get\": {\n        \"security\": [{\"oauth2\":[\"a\"]},{\"oauth2\":[\"b\"]}],\n        \"summary\": \"x\"\n      },\n      \"post\": {\"security\": [{\"oauth2\":[\"a\",\"b\"]}]}\n    }\n  },\n  \"components\": {\n    \"securitySchemes\": {\n      \"oauth2\": {\n        \"flows\": {\n          \"clientCredentials\": {\n            \"scopes\": {\n              \"a\": \"Scope a\",\n              \"b\": \"B: the other\"\n            },\n            \"tokenUrl\": \"https://a.example/token\"\n          }\n        },\n        \"type\": \"oauth2\"\n      }\n    }\n  }\n}\n";
    assert_eq!(merge_text(doc, &opts), want);
}

#[test]
fn an_operation_that_is_not_a_mapping_is_reported_not_skipped_silently() {
    let doc = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n    post: {}\ncomponents:\n  securitySchemes:\n    o: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a', scopes: {}}}}\n";
    let merged = merge_default(doc).expect("merge");
    assert!(
        merged
            .warnings
            .iter()
            .any(|w| w.contains("GET /x: the operation is not a mapping")),
        "{:?}",
        merged.warnings
    );
    assert!(
        merged
            .text
            .contains("    post: {security: [{o: [a, b]}]}\n"),
        "{}",
        merged.text
    );
}

/// Anchors and aliases in security: an alias is replaced like any value
/// (its replay's positions are the alias's, not a guide to indentation),
/// an alias kept as it was is written out when its anchored value is
/// rewritten, and a key from a merge key (`<<`) is overridden, not edited
/// in the shared mapping.
#[test]
fn anchors_and_aliases_stay_consistent() {
    let doc = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nx-sec: &sec\n  - o: [z]\nx-base: &base\n  security:\n    - o: [z]\npaths:\n  /x:\n    get:\n      security: *sec\n    post:\n      security: &post\n          - o:\n              - a\n              - b\n    delete:\n      security: *post\n  /open:\n    get:\n      <<: *base\n      summary: o\ncomponents:\n  securitySchemes:\n    o: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a', scopes: {a: Scope a, b: \"B: the other\"}}}}\n";
    let spec = LoadedSpec::from_str(
        "t.yaml",
        &SPEC.replace(
            "{path: /x, methods: [POST], requires: {all: [a, b]}}",
            "{path: /x, methods: [POST], requires: a}\n  - {path: /x, methods: [DELETE], requires: {all: [a, b]}}",
        ),
    )
    .expect("spec");
    let merged =
        scopes_openapi::merge::merge("doc", doc, spec.spec(), &ExportOptions::default(), false)
            .expect("merge");
    // The anchors' own values (x-sec, x-base) stay; the aliases in
    // security are written out in the style of the document's own block
    // security (POST's): dash 4 columns right of the key.
    let want = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nx-sec: &sec\n  - o: [z]\nx-base: &base\n  security:\n    - o: [z]\npaths:\n  /x:\n    get:\n      security:\n          - o:\n              - a\n          - o:\n              - b\n    post:\n      security:\n          - o:\n              - a\n    delete:\n      security:\n          - o:\n              - a\n              - b\n  /open:\n    get:\n      <<: *base\n      security: []\n      summary: o\ncomponents:\n  securitySchemes:\n    o: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a', scopes: {a: Scope a, b: \"B: the other\"}}}}\n";
    assert_eq!(merged.text, want);
}

#[test]
fn an_alias_elsewhere_to_a_rewritten_value_is_refused() {
    let doc = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      security: &s\n        - o: [z]\n    x-copy: *s\n  /open:\n    get: {security: []}\ncomponents:\n  securitySchemes:\n    o: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a', scopes: {a: Scope a, b: \"B: the other\"}}}}\n";
    let err = merge_default(doc).expect_err("x-copy would change with the rewritten anchor");
    assert!(
        err.0
            .contains("the alias *s at line 8 stands for a value the merge rewrites"),
        "{err}"
    );
}

/// A CRLF document gets CRLF lines in what the merge writes: the block
/// test's document and expected output, with CRLF line ends.
#[test]
fn crlf_documents_keep_crlf_line_ends() {
    let doc = BLOCK_DOC.replace('\n', "\r\n");
    let want = BLOCK_WANT.replace('\n', "\r\n");
    assert_eq!(merge_text(&doc, &ExportOptions::default()), want);
}

/// A non-OAuth scheme the document requires along with OAuth scopes
/// (`{o: [z], api_key: []}`) stays required along with the new scopes:
/// the spec does not speak of it, so the merge must not drop it.
#[test]
fn schemes_required_along_with_scopes_stay_required() {
    let doc = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      security:\n        - o: [z]\n          api_key: []\n        - basic: []\n    post:\n      security: [{o: [z], api_key: []}, {o: [a], basic: []}]\n  /open:\n    get: {security: []}\ncomponents:\n  securitySchemes:\n    o: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a', scopes: {a: Scope a, b: \"B: the other\"}}}}\n    api_key: {type: apiKey, name: k, in: header}\n    basic: {type: http, scheme: basic}\n";
    let merged = merge_default(doc).expect("merge");
    // GET: (a OR b) AND api_key, or basic alone as before.
    let get = "      security:\n        - api_key: []\n          o:\n            - a\n        - api_key: []\n          o:\n            - b\n        - basic: []\n";
    assert!(merged.text.contains(get), "{}", merged.text);
    // POST required different schemes in each alternative: said, not hidden.
    assert!(
        merged.warnings.iter().any(|w| w
            .starts_with("POST /x: the document required other schemes along with OAuth scopes")),
        "{:?}",
        merged.warnings
    );
    assert!(
        !merged.warnings.iter().any(|w| w.starts_with("GET /x:")),
        "{:?}",
        merged.warnings
    );
}

#[test]
fn operations_on_one_side_only_are_named() {
    let doc = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get: {}\n    post: {}\n    patch: {security: [{o: [z]}]}\ncomponents:\n  securitySchemes:\n    o: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a', scopes: {}}}}\n";
    let merged = merge_default(doc).expect("merge");
    assert_eq!(
        merged.warnings,
        [
            "1 operation(s) of the document are not in the spec; their security is left as it was:\n    PATCH /x",
            // HEAD /x follows GET /x, which the document has; /open has neither.
            "2 operation(s) of the spec are not in the document; not added:\n    GET /open\n    HEAD /open",
        ],
    );
    assert!(
        merged.text.contains("    patch: {security: [{o: [z]}]}\n"),
        "{}",
        merged.text
    );
}

#[test]
fn a_document_with_several_oauth_schemes_is_told_about_scheme() {
    let doc = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get: {}\ncomponents:\n  securitySchemes:\n    users: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a', scopes: {}}}}\n    admins: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a', scopes: {}}}}\n";
    let err = merge_default(doc).expect_err("which scheme?");
    assert!(
        err.0
            .ends_with("; or --scheme NAME to write into one of the document's own: admins, users"),
        "{err}"
    );
}

/// `--scheme google` where `google` is a `$ref` to the real scheme: the
/// scopes go into the real scheme's flows, operations name `google`.
#[test]
fn a_scheme_given_as_a_reference_is_followed() {
    let doc = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get: {}\n    post: {}\n  /open:\n    get: {}\ncomponents:\n  securitySchemes:\n    google:\n      $ref: '#/components/securitySchemes/real'\n    real:\n      type: oauth2\n      flows:\n        implicit:\n          authorizationUrl: https://a\n          scopes: {}\n    broken:\n      $ref: 'other.yaml#/x'\n";
    let spec = LoadedSpec::from_str("t.yaml", SPEC).expect("spec");
    let opts = ExportOptions {
        scheme: "google".into(),
        ..ExportOptions::default()
    };
    let merged = scopes_openapi::merge::merge("doc", doc, spec.spec(), &opts, true).expect("merge");
    let want = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get: {security: [{google: [a]}, {google: [b]}]}\n    post: {security: [{google: [a, b]}]}\n  /open:\n    get: {security: []}\ncomponents:\n  securitySchemes:\n    google:\n      $ref: '#/components/securitySchemes/real'\n    real:\n      type: oauth2\n      flows:\n        implicit:\n          authorizationUrl: https://a\n          scopes: {a: Scope a, b: \"B: the other\"}\n    broken:\n      $ref: 'other.yaml#/x'\n";
    assert_eq!(merged.text, want);
    let opts = ExportOptions {
        scheme: "broken".into(),
        ..ExportOptions::default()
    };
    let err =
        scopes_openapi::merge::merge("doc", doc, spec.spec(), &opts, true).expect_err("broken");
    assert!(
        err.0.contains("`broken` is a `$ref` that does not lead"),
        "{err}"
    );
}

#[test]
fn a_flow_written_as_an_alias_is_refused_not_broken() {
    let doc = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nx-flow: &flow\n  tokenUrl: https://t\n  scopes: {z: Z}\npaths:\n  /x:\n    get: {}\ncomponents:\n  securitySchemes:\n    o:\n      type: oauth2\n      flows:\n        clientCredentials: *flow\n";
    let err = merge_default(doc).expect_err("the alias cannot take a key");
    assert!(
        err.0
            .contains("doc: `scopes` would go into the alias *flow at line 14"),
        "{err}"
    );
}

#[test]
fn components_go_before_trailing_comments_and_the_end_marker() {
    let doc = "---\nopenapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      summary: s   # x\n# trailing comment\n...\n";
    let opts = ExportOptions {
        token_url: Some("https://t".into()),
        ..ExportOptions::default()
    };
    let spec = LoadedSpec::from_str("t.yaml", SPEC).expect("spec");
    let merged =
        scopes_openapi::merge::merge("doc", doc, spec.spec(), &opts, false).expect("merge");
    let want = "---\nopenapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      security:\n        - oauth2:\n            - a\n        - oauth2:\n            - b\n      summary: s   # x\ncomponents:\n  securitySchemes:\n    oauth2:\n      flows:\n        clientCredentials:\n          scopes:\n            a: Scope a\n            b: \"B: the other\"\n          tokenUrl: https://t\n      type: oauth2\n# trailing comment\n...\n";
    assert_eq!(merged.text, want);
}
