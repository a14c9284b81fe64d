//! spec/schema.json is generated from the spec model; this keeps it current.
//! Regenerate with `UPDATE_SCHEMA=1 cargo test -p scopes-tests --test schema`.

use scopes_tests::root;

#[test]
fn schema_json_is_current() {
    let path = root().join("spec/schema.json");
    let generated = scopes_spec::json_schema();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).expect("write schema");
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "spec/schema.json is stale: run `UPDATE_SCHEMA=1 cargo test -p scopes-tests --test schema`"
    );
    // The schema knows the keys a spec uses, with their docs.
    let json: serde_json::Value = serde_json::from_str(&generated).expect("json");
    for key in [
        "name",
        "conventions",
        "scopes",
        "resources",
        "routes",
        "granted",
    ] {
        assert!(json["properties"][key].is_object(), "{key}");
    }
    assert_eq!(json["additionalProperties"], serde_json::json!(false));
}
