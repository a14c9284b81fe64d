//! A generated `Scope` deserializes from every kind of string serde hands
//! it: borrowed from the input, transient (escaped text, readers) and owned
//! (`serde_json::Value`).

use serde_json::json;

mod foxy {
    scopes_runtime::include_spec!("../spec/foxy.yaml");
}

use foxy::Scope;

#[test]
fn borrowed_str() {
    // `from_str` without escapes lends the input: `visit_borrowed_str`.
    assert_eq!(
        serde_json::from_str::<Scope>("\"carts_write\"").unwrap(),
        Scope::CartsWrite
    );
}

#[test]
fn escaped_str() {
    // An escape makes serde_json unescape into a scratch buffer:
    // `visit_str` with a string that lives only for the call.
    assert_eq!(
        serde_json::from_str::<Scope>("\"carts\\u005fwrite\"").unwrap(),
        Scope::CartsWrite
    );
}

#[test]
fn from_reader() {
    // A reader never lends its bytes.
    let bytes: &[u8] = b"[\"carts_read\", \"store_full_access\"]";
    assert_eq!(
        serde_json::from_reader::<_, Vec<Scope>>(bytes).unwrap(),
        vec![Scope::CartsRead, Scope::StoreFullAccess]
    );
}

#[test]
fn owned_string() {
    // A `Value` owns its strings: `visit_string`.
    assert_eq!(
        serde_json::from_value::<Scope>(json!("transactions_resend")).unwrap(),
        Scope::TransactionsResend
    );
}

#[test]
fn unknown_names_and_other_types_are_errors() {
    let unknown = serde_json::from_value::<Scope>(json!("carts_wrte")).unwrap_err();
    assert!(
        unknown.to_string().contains("unknown scope `carts_wrte`"),
        "{unknown}"
    );
    let number = serde_json::from_value::<Scope>(json!(3)).unwrap_err();
    assert!(number.to_string().contains("a scope name"), "{number}");
    // Round trip through the wire name.
    for s in Scope::ALL {
        let v = serde_json::to_value(s).unwrap();
        assert_eq!(v, json!(s.as_str()));
        assert_eq!(serde_json::from_value::<Scope>(v).unwrap(), s);
    }
}
