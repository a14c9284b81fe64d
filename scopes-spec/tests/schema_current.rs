//! With the `schema` feature, the generated JSON Schema is the shipped
//! `spec/schema.json` (as `scopes-tests`' `schema.rs` checks for the
//! workspace), so mutation runs of scopes-spec with `--features schema`
//! see the schema code too (issue 14 item 2).
#![cfg(feature = "schema")]

#[test]
fn the_generated_schema_is_the_shipped_one() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/schema.json");
    let shipped = std::fs::read_to_string(path).expect("spec/schema.json");
    assert!(
        scopes_spec::json_schema() == shipped,
        "spec/schema.json is stale"
    );
}
