//! The exported document is valid OpenAPI on its own: every template
//! parameter of a path is declared as a required path parameter
//! (OpenAPI 3.1 §4.8.9.1), checked by scanning the path keys here.

use scopes_openapi::export::ExportOptions;
use scopes_runtime::LoadedSpec;
use serde_json::Value;

const SPEC: &str = "name: t\nscopes:\n  a: {description: A}\nroutes:\n  - {path: /x, methods: [GET], requires: a}\n  - {path: \"/x/{id}\", methods: [GET, DELETE], requires: a}\n  - {path: \"/{kind}_templates/{id}/cache\", methods: [POST], requires: a}\n";

/// The `{name}`s of a path, by scanning its text.
fn template_names(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(n, _)| n.to_owned()))
        .collect()
}

#[test]
fn every_template_parameter_is_declared() {
    let spec = LoadedSpec::from_str("t.yaml", SPEC).expect("spec");
    let opts = ExportOptions {
        token_url: Some("https://auth.example/token".into()),
        ..ExportOptions::default()
    };
    let (text, _) = scopes_openapi::export::document(spec.spec(), &opts).expect("export");
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    let paths = doc["paths"].as_object().expect("paths");
    assert_eq!(paths.len(), 3, "{text}");
    for (path, item) in paths {
        let declared: Vec<&str> = item["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "path" && p["required"] == true)
            .map(|p| p["name"].as_str().expect("name"))
            .collect();
        assert_eq!(declared, template_names(path), "{path}: {item}");
    }
    assert!(paths["/x"].get("parameters").is_none(), "{}", paths["/x"]);
}
