//! The names the spec types give their JSON Schemas (issue 14 item 2,
//! mutation testing of `syntax.rs`' `schema` module). Inside
//! `spec/schema.json` the wrappers are inlined, so their names are never
//! written there; a schema generated for one of them alone carries its name
//! as the title. A wrapper (`Sp<T>`, a boolean `Flag`) is named like what it
//! wraps (schemars names `bool` `boolean`); a mapping of scopes after its
//! values; a route and a requirement by the names `spec/schema.json` uses
//! for them (`Requirement` in its `$defs`, `Route` like the format's
//! `routes:` entries).
#![cfg(feature = "schema")]

use schemars::{JsonSchema, schema_for};
use scopes_spec::syntax::{Entries, Flag, RawReq, RawRoute, RawScope, Sp};

fn title(schema: &schemars::Schema) -> &str {
    schema
        .get("title")
        .and_then(|t| t.as_str())
        .unwrap_or_else(|| panic!("no title in {schema:?}"))
}

#[test]
fn each_schema_is_named_like_what_it_describes() {
    assert_eq!(title(&schema_for!(Flag)), title(&schema_for!(bool)));
    assert_eq!(title(&schema_for!(Flag)), "boolean");
    assert_eq!(title(&schema_for!(RawRoute)), "Route");
    assert_eq!(title(&schema_for!(RawReq)), "Requirement");
    assert_eq!(title(&schema_for!(Sp<RawRoute>)), "Route");
    assert_eq!(title(&schema_for!(Sp<RawReq>)), "Requirement");
    assert_eq!(title(&schema_for!(Sp<String>)), "string");
    let map = schema_for!(Entries<RawScope>);
    let name = title(&map);
    assert!(name.contains("RawScope") && name != "RawScope", "{name}");
    let map_of_req = schema_for!(Entries<RawReq>);
    assert!(title(&map_of_req).contains("Requirement"), "{map_of_req:?}");
    // The same names through the trait, as other schemas refer to them.
    assert_eq!(Flag::schema_name(), "boolean");
    assert_eq!(<Sp<RawReq>>::schema_name(), "Requirement");
    assert!(<Entries<RawScope>>::schema_name().contains("RawScope"));
    assert_eq!(RawRoute::schema_name(), "Route");
}
