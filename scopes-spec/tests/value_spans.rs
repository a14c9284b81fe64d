//! Every value keeps the bytes it was written with (issue 14 item 2,
//! mutation testing of `syntax.rs`' `Sp`): a diagnostic about a value
//! covers exactly that value as written, quotes included. Positions and
//! texts are read off the YAML by hand.

use scopes_spec::{Severity, check_str};

#[test]
fn a_diagnostic_about_a_value_covers_the_value_as_written() {
    let yaml = "name: t
scopes:
  transactions_read: {description: x}
  \"bad name\": {description: x, implies: [nope]}
routes:
  - {path: /t, methods: [GET], requires: tranactions_read}
  - {path: /u, methods: [GET], requires: {any: [transactions_read, cart_write]}}
  - {path: /c, methods: [\"G T\"], public: true}
  - {path: /d, methods: [GET], requires: \"nope\"}
";
    let (_, report) = check_str("t.yaml", yaml);
    let found: Vec<(Severity, &str, (usize, usize), &str)> = report
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.severity,
                d.message.as_str(),
                report.file.line_col(d.span.start),
                &report.file.text[d.span.clone()],
            )
        })
        .collect();
    let e = Severity::Error;
    let w = Severity::Warning;
    let expected = [
        (
            w,
            "scope `transactions_read` is not used by any route",
            (3, 3),
            "transactions_read",
        ),
        (
            e,
            "`bad name` is not a valid scope name: ` ` is not allowed",
            (4, 3),
            "\"bad name\"",
        ),
        (
            w,
            "scope `bad name` is not used by any route",
            (4, 3),
            "\"bad name\"",
        ),
        (e, "unknown scope `nope`", (4, 42), "nope"),
        (
            e,
            "unknown scope `tranactions_read`",
            (6, 42),
            "tranactions_read",
        ),
        (e, "unknown scope `cart_write`", (7, 68), "cart_write"),
        (e, "`G T` is not an HTTP method", (8, 26), "\"G T\""),
        (e, "unknown scope `nope`", (9, 42), "\"nope\""),
    ];
    assert_eq!(found, expected);
}
