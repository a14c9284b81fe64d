//! Where a list item's error points when the item's `-` carries nothing
//! on its line: on the `-` (the item the error is about), whatever spaces
//! follow it.

use scopes_spec::load_str;

#[test]
fn a_missing_key_of_a_bare_list_item_is_on_its_dash() {
    for dash in ["-", "- ", "-  ", "-   "] {
        let text = format!("name: t\nroutes:\n  {dash}\n    methods: [GET]\n    public: true\n");
        let report = load_str("t.yaml", text.as_str()).expect_err(&text);
        let d = report.errors().next().expect("one error");
        assert!(d.message.contains("`path`"), "{text:?}: {}", d.message);
        // Line 3, column 3: the `-`, counted by hand.
        assert_eq!(report.file.line_col(d.span.start), (3, 3), "{text:?}");
        assert_eq!(&text[d.span.clone()], "-", "{text:?}");
    }
}
