//! One case per validation rule: the message, the help, and line:column of
//! the offending value. Positions are counted by hand from the YAML here.

use scopes_spec::{Severity, load_str};

const HEAD: &str = "name: t
conventions:
  naming: \"{resource}_{action}\"
  actions:
    read: {methods: [GET]}
    write: {methods: [POST], implies: [read]}
";

/// (case name, yaml, message fragment, help fragment, line, column)
const ERRORS: &[(&str, &str, &str, &str, usize, usize)] = &[
    (
        "yaml syntax",
        "name: t\nroutes: [\n",
        "unclosed bracket",
        "",
        2,
        9,
    ),
    (
        "unknown top-level key",
        "name: t\nscoeps: {}\n",
        "unknown key `scoeps`",
        "did you mean `scopes`?",
        2,
        1,
    ),
    (
        "unknown nested key",
        "name: t\nscopes:\n  a: {descripton: x}\n",
        "unknown key `descripton`",
        "did you mean `description`?",
        3,
        7,
    ),
    (
        "unknown scope in requires",
        "name: t\nscopes:\n  transactions_read: {description: x}\nroutes:\n  - {path: /t, methods: [GET], requires: tranactions_read}\n",
        "unknown scope `tranactions_read`",
        "did you mean `transactions_read`?",
        5,
        42,
    ),
    (
        "unknown scope in any",
        "name: t\nscopes:\n  carts_read: {description: x}\nroutes:\n  - {path: /t, methods: [GET], requires: {any: [carts_read, cart_write]}}\n",
        "unknown scope `cart_write`",
        "",
        5,
        61,
    ),
    (
        "duplicate scope key",
        "name: t\nscopes:\n  a: {description: x}\n  a: {description: y}\n",
        "key `a` appears twice in this mapping; the first is at 3:3",
        "keep one of them",
        4,
        3,
    ),
    (
        "duplicate scope from a resource",
        "name: t\nconventions:\n  naming: \"{resource}_{action}\"\n  actions: {read: {methods: [GET]}}\nscopes:\n  carts_read: {description: x}\nresources:\n  carts:\n    scopes: {read: y}\n    routes: [/carts]\n",
        "duplicate scope `carts_read`",
        "declared once",
        9,
        14,
    ),
    (
        "scope name outside the grammar",
        "name: t\nscopes:\n  \"read pets\": {description: x}\n",
        "not a valid scope name",
        "RFC 6749",
        3,
        3,
    ),
    (
        "scope name with a quote",
        "name: t\nscopes:\n  'a\"b': {description: x}\n",
        "not a valid scope name",
        "",
        3,
        3,
    ),
    (
        "unbalanced brace",
        "name: t\nroutes:\n  - {path: \"/a/{id\", methods: [GET], public: true}\n",
        "unbalanced `{`",
        "",
        3,
        16,
    ),
    (
        "unbalanced closing brace",
        "name: t\nroutes:\n  - {path: \"/a/id}\", methods: [GET], public: true}\n",
        "unbalanced `}`",
        "",
        3,
        18,
    ),
    (
        "empty segment",
        "name: t\nroutes:\n  - {path: \"/a//b\", methods: [GET], public: true}\n",
        "empty segment",
        "remove the doubled",
        3,
        15,
    ),
    (
        "duplicate parameter",
        "name: t\nroutes:\n  - {path: \"/a/{id}/b/{id}\", methods: [GET], public: true}\n",
        "duplicate parameter name `id`",
        "",
        3,
        23,
    ),
    (
        "adjacent parameters",
        "name: t\nroutes:\n  - {path: \"/a/{x}{y}\", methods: [GET], public: true}\n",
        "two adjacent parameters",
        "separated",
        3,
        19,
    ),
    (
        "template without slash",
        "name: t\nroutes:\n  - {path: a/b, methods: [GET], public: true}\n",
        "must start with `/`",
        "`/a/b`",
        3,
        12,
    ),
    (
        "conflicting routes",
        "name: t\nscopes:\n  a: {description: x}\n  b: {description: y}\nroutes:\n  - {path: \"/x/{id}\", methods: [GET], requires: a}\n  - {path: \"/x/{key}\", methods: [GET], requires: b}\n",
        "can match the same request with different requirements",
        "more specific",
        7,
        13,
    ),
    (
        "method not a token",
        "name: t\nroutes:\n  - {path: /a, methods: [\"GE T\"], public: true}\n",
        "`GE T` is not an HTTP method",
        "did you mean `GET`?",
        3,
        26,
    ),
    (
        "lower-case method",
        "name: t\nroutes:\n  - {path: /a, methods: [get], public: true}\n",
        "methods are case-sensitive",
        "write `GET`",
        3,
        26,
    ),
    (
        "implication of an unknown scope",
        "name: t\nscopes:\n  a: {description: x, implies: [carts_raed]}\n  carts_read: {description: y}\n",
        "unknown scope `carts_raed`",
        "did you mean `carts_read`?",
        3,
        33,
    ),
    (
        "route without requirement",
        "name: t\nroutes:\n  - {path: /health, methods: [GET]}\n",
        "route has no requirement",
        "public: true",
        3,
        12,
    ),
    (
        "unknown action under a resource",
        "name: t\nconventions:\n  naming: \"{resource}_{action}\"\n  actions: {read: {methods: [GET]}}\nresources:\n  carts:\n    scopes: {raed: x}\n",
        "unknown action `raed`",
        "did you mean `read`?",
        7,
        14,
    ),
    (
        "route action the resource lacks",
        "name: t\nconventions:\n  naming: \"{resource}_{action}\"\n  actions: {read: {methods: [GET]}}\nresources:\n  carts:\n    scopes: {read: x}\n    routes:\n      - {path: /carts, actions: [resend]}\n",
        "resource `carts` has no `resend` scope",
        "",
        9,
        34,
    ),
    (
        "dot segment in a template",
        "name: t\nroutes:\n  - {path: \"/a/./b\", methods: [GET], public: true}\n",
        "`.` segment in path template never matches",
        "remove the `.` segment",
        3,
        16,
    ),
    (
        "dot-dot segment in a template",
        "name: t\nroutes:\n  - {path: \"/a/..\", methods: [GET], public: true}\n",
        "`..` segment in path template never matches",
        "not canonical",
        3,
        16,
    ),
    (
        "parameter names that become one Rust name",
        "name: t\nroutes:\n  - {path: \"/a/{drive-id}/{drive_id}\", methods: [GET], public: true}\n",
        "parameters `drive-id` and `drive_id` both become `drive_id` in Rust",
        "its own name",
        3,
        27,
    ),
    (
        "parameter name starting with a dash",
        "name: t\nroutes:\n  - {path: \"/a/{-x}\", methods: [GET], public: true}\n",
        "parameter name `-x` is not an identifier",
        "starts with a letter",
        3,
        16,
    ),
    (
        "delimiter inside a scope name",
        "name: t\ngranted: {delimiters: [\":\"]}\nscopes:\n  read:pets: {description: x}\n",
        "contains the delimiter `:`",
        "",
        4,
        3,
    ),
    (
        "public route repeating a protected one",
        "name: t\nconventions:\n  naming: \"{resource}_{action}\"\n  actions: {read: {methods: [GET]}, write: {methods: [POST]}}\nresources:\n  stores:\n    scopes: {read: r, write: w}\n    routes: [\"/stores/{id}/send_webhooks\"]\nroutes:\n  - {path: \"/stores/{id}/send_webhooks\", methods: [POST], public: true}\n",
        "`POST /stores/{id}/send_webhooks` is declared public and protected by resource `stores`",
        "one place decides",
        10,
        13,
    ),
    (
        "delimiter outside the scope-token grammar",
        "name: t\ngranted: {delimiters: [\"\\\"\"]}\n",
        "not a scope-token character",
        "RFC 6749",
        2,
        24,
    ),
    (
        "action without methods",
        "name: t\nconventions:\n  naming: \"{resource}_{action}\"\n  actions: {read: {methods: []}}\n",
        "action `read` covers no method",
        "methods: [GET]",
        4,
        29,
    ),
    (
        "YAML 1.1 yes as a boolean",
        "name: t\nscopes:\n  a: {description: x, superuser: yes}\n",
        "`yes` is not a boolean in a spec",
        "write `true`",
        3,
        34,
    ),
    (
        "YAML 1.1 no as a boolean",
        "name: t\nhead_follows_get: no\n",
        "`no` is not a boolean in a spec",
        "write `false`",
        2,
        19,
    ),
    (
        "quoted true as a boolean",
        "name: t\nroutes:\n  - {path: /a, methods: [GET], public: \"true\"}\n",
        "`\"true\"` is a string, not a boolean",
        "write `true` without quotes",
        3,
        40,
    ),
    (
        "YAML 1.1 off as a boolean",
        "name: t\nconventions:\n  naming: \"{resource}_{action}\"\n  actions: {read: {methods: [GET], default: off}}\n",
        "`off` is not a boolean in a spec",
        "write `false`",
        4,
        45,
    ),
    (
        "YAML 1.1 On as a boolean",
        "name: t\nroutes:\n  - path: /a\n    methods: [GET]\n    public: true\n    reconstructed: On\n",
        "`On` is not a boolean in a spec",
        "write `true`",
        6,
        20,
    ),
    (
        "duplicate key in a flow mapping",
        "name: t\nscopes:\n  a: {description: x, implies: [], description: y}\n",
        "key `description` appears twice in this mapping; the first is at 3:7",
        "keep one of them",
        3,
        36,
    ),
    (
        "several YAML documents",
        "name: t\n---\nname: u\n",
        "the file holds several YAML documents; a spec is one document",
        "its own file",
        2,
        1,
    ),
    (
        "key without a value",
        "name: t\nscopes:\n  a:\n    description:\n",
        "this key needs a value",
        "after the `:`",
        4,
        5,
    ),
    (
        "list where a mapping belongs",
        "name: t\nscopes: [a, b]\n",
        "expected a mapping, found a list",
        "",
        2,
        9,
    ),
    (
        "unclosed quote closed by a later line",
        "name: t\nconventions:\n  naming: \"{resource}_{action}\n  actions: {read: {methods: [GET]}}\nresources:\n  carts:\n    scopes: {read: r}\n    routes: [\"/carts/{id}\"]\n",
        "unclosed `\"`: the string runs on to line 8",
        "close the `\"` on line 3",
        3,
        11,
    ),
    (
        "first child indented off the file's step",
        "name: t\nscopes:\n  a:\n    description: x\n    implies: []\n  b:\n     description: y\n    implies: [a]\n",
        "bad indentation: 5 spaces, where the next line has 4",
        "4 spaces here",
        7,
        6,
    ),
    (
        "missing name",
        "# a comment\ntitle: T\nscopes:\n  a: {description: x}\nresources: {}\n",
        "missing key `name`",
        "add `name: ...`",
        2,
        1,
    ),
    (
        "missing key of a block scope",
        "name: t\nscopes:\n  a:\n    implies: []\n    superuser: true\n",
        "missing key `description`",
        "",
        3,
        3,
    ),
    (
        "missing key of a flow scope",
        "name: t\nscopes:\n  a: {implies: [], superuser: true}\n",
        "missing key `description`",
        "",
        3,
        3,
    ),
    (
        "missing key of a list item",
        "name: t\nroutes:\n  - methods: [GET]\n    public: true\n",
        "missing key `path`",
        "",
        3,
        3,
    ),
    (
        "CR-only line ends",
        "name: t\rscopes:\r  a: {description: x, bogus: 1}\r",
        "unknown key `bogus`",
        "",
        3,
        23,
    ),
    (
        "unclosed flow mapping",
        "name: t\nscopes:\n  read:pets: {description: \"Read pets\"\nroutes: []\n",
        "unclosed `{`: the mapping opened here is not closed on its line",
        "close it with `}` on line 3",
        3,
        14,
    ),
    (
        "scalar where a list belongs",
        "name: t\nscopes:\n  a: {description: x}\nroutes:\n  - {path: /a, methods: GET, requires: a}\n",
        "expected a list, found `GET`",
        "",
        5,
        25,
    ),
    ("empty spec", "---\n", "the spec is empty", "name:", 1, 1),
    (
        "empty string as a boolean",
        "name: t\nscopes:\n  a:\n    description: x\n    superuser: \"\"\n",
        "expected `true` or `false`, found an empty string",
        "",
        5,
        16,
    ),
    (
        "text after a quoted value",
        "name: t\nscopes:\n  a:\n    description: \"Read\" pets\n",
        "text after the closing `\"`",
        "inside the quotes",
        4,
        25,
    ),
    (
        "text after a single-quoted value in a flow mapping",
        "name: t\nscopes:\n  a: {description: 'Read' pets}\n",
        "text after the closing `'`",
        "inside the quotes",
        3,
        27,
    ),
    (
        "a `}` that closes nothing, after a key",
        "name: t\nscopes:\n  a: {description: x}\n  b:}\n",
        "`}` closes nothing",
        "remove it",
        4,
        5,
    ),
    (
        "a `}` that closes nothing, alone",
        "name: t\nscopes:\n  a: {description: x}\n  }\n",
        "`}` closes nothing",
        "remove it",
        4,
        3,
    ),
    (
        "a `]` that closes nothing",
        "name: t\nscopes:\n  a: {description: x}\n  ]\n",
        "`]` closes nothing",
        "remove it",
        4,
        3,
    ),
    (
        "no space after a key's colon",
        "name: t\nscopes:\n  a:\n    description: x\n    implies:[]\n",
        "expected `key: value` here",
        "`implies: []`",
        5,
        5,
    ),
    (
        "a key without a colon",
        "name: t\nscopes:\n  a: {description: x}\n  b\n",
        "expected `key: value` here",
        "`- value`",
        4,
        3,
    ),
    (
        "unquoted `: ` inside a value",
        "name: t\nscopes:\n  a:\n    description: Read: pets\n",
        "a value with `: ` in it must be quoted",
        "`description: \"Read: pets\"`",
        4,
        22,
    ),
    (
        "unquoted `: ` inside a value of a flow mapping",
        "name: t\nscopes:\n  a: {description: Read: pets}\n",
        "a value with `: ` in it must be quoted",
        "`description: \"Read: pets\"`",
        3,
        24,
    ),
    (
        "unknown key after a byte-order mark",
        "\u{feff}bogus: 1\n",
        "unknown key `bogus`",
        "",
        1,
        1,
    ),
    (
        "public HEAD where GET is protected and HEAD follows GET",
        "name: t\nscopes:\n  a: {description: x}\nroutes:\n  - {path: /a, methods: [GET], requires: a}\n  - {path: /a, methods: [HEAD], public: true}\n",
        "`HEAD /a` is declared public, but `GET /a` is protected",
        "head_follows_get: false",
        6,
        12,
    ),
    (
        "duplicate key in a flow mapping after a non-ASCII value",
        "name: t\nscopes:\n  a: {description: é, description: y}\n",
        "key `description` appears twice in this mapping; the first is at 3:7",
        "keep one of them",
        3,
        23,
    ),
    (
        "path whose first character is not ASCII",
        "name: t\nroutes:\n  - {path: é/a, methods: [GET], public: true}\n",
        "a path template must start with `/`",
        "",
        3,
        12,
    ),
    (
        "key indented between its siblings and its parent",
        "name: t\nscopes:\n  a:\n    description: x\n   implies: []\n",
        "bad indentation: 3 spaces",
        "4 spaces",
        5,
        4,
    ),
    (
        "key indented under a key that has its value",
        "name: t\nscopes:\n  a:\n    description: x\n      implies: []\n",
        "bad indentation: 6 spaces",
        "4 spaces",
        5,
        7,
    ),
    (
        "key of a list item indented short of the item",
        "name: t\nroutes:\n  - path: /a\n   methods: [GET]\n    public: true\n",
        "bad indentation: 3 spaces",
        "4 spaces",
        4,
        4,
    ),
    (
        "list item indented short of its siblings",
        "name: t\nconventions:\n  naming: \"{resource}_{action}\"\n  actions: {read: {methods: [GET]}}\nresources:\n  carts:\n    scopes: {read: r}\n    routes:\n      - /a\n     - /b\n",
        "bad indentation: 5 spaces, where line 9 has 6",
        "6 spaces",
        10,
        6,
    ),
    (
        "tab in the indentation",
        "name: t\nscopes:\n\ta: {description: x}\n",
        "a tab indents this line",
        "spaces",
        3,
        1,
    ),
    (
        "public route repeating a route that requires a scope",
        "name: t\nscopes:\n  a: {description: x}\nroutes:\n  - {path: /a, methods: [GET], requires: a}\n  - {path: /a, methods: [GET], public: true}\n",
        "`GET /a` is declared public and protected by a route's `requires`",
        "one place decides: remove `public: true`, or remove the other route",
        6,
        12,
    ),
    (
        "empty spec with a byte-order mark",
        "\u{feff}# nothing yet\n",
        "the spec is empty",
        "name:",
        1,
        1,
    ),
    (
        "missing comma in a flow mapping written over several lines",
        "name: t\nscopes:\n  a: {description: x,\n      implies: []\n      superuser: true}\n",
        "expected `,` or `}` before this entry",
        "separate the entries of the mapping opened at 3:6 with `,`",
        5,
        7,
    ),
    (
        "integer as a boolean, in a block mapping",
        "name: t\nscopes:\n  a:\n    description: x\n    superuser: 1\n",
        "expected `true` or `false`, found `1`",
        "",
        5,
        16,
    ),
    (
        "a mapping where a single value belongs",
        "name: {a: b}\n",
        "expected a single value, found a mapping",
        "",
        1,
        7,
    ),
    (
        "a mapping where a list belongs",
        "name: t\nscopes:\n  a: {description: x}\nroutes:\n  - {path: /a, methods: {GET: a}, requires: a}\n",
        "expected a list, found a mapping",
        "",
        5,
        25,
    ),
    (
        "a number where a mapping belongs",
        "name: t\nconventions: 5\n",
        "expected a mapping, found `5`",
        "",
        2,
        14,
    ),
    (
        "negative integer as a boolean, in a block mapping",
        "name: t\nscopes:\n  a:\n    description: x\n    superuser: -1\n",
        "expected `true` or `false`, found `-1`",
        "",
        5,
        16,
    ),
    (
        "float as a boolean, in a block mapping",
        "name: t\nscopes:\n  a:\n    description: x\n    superuser: 1.5\n",
        "expected `true` or `false`, found `1.5`",
        "",
        5,
        16,
    ),
    (
        "mapping as a boolean, in a block mapping",
        "name: t\nscopes:\n  a:\n    description: x\n    superuser: {on: true}\n",
        "expected `true` or `false`, found a mapping",
        "",
        5,
        16,
    ),
    (
        "null as a boolean, in a block mapping",
        "name: t\nscopes:\n  a:\n    description: x\n    superuser: ~\n",
        "expected `true` or `false`, found no value",
        "",
        5,
        16,
    ),
    (
        "list as a boolean, in a block mapping",
        "name: t\nscopes:\n  a:\n    description: x\n    superuser: [true]\n",
        "expected `true` or `false`, found a list",
        "",
        5,
        16,
    ),
    (
        "float as a boolean, in a flow mapping",
        "name: t\nroutes:\n  - {path: /a, methods: [GET], public: 1.5}\n",
        "expected `true` or `false`, found `1.5`",
        "",
        3,
        40,
    ),
    (
        "resource route without methods",
        "name: t\nconventions:\n  naming: \"{resource}_{action}\"\n  actions: {read: {methods: [GET]}}\nresources:\n  carts:\n    scopes: {read: x}\n    routes:\n      - {path: /carts, methods: []}\n",
        "route `/carts` serves no method",
        "methods: [GET]",
        9,
        16,
    ),
    (
        "child indented like its parent key",
        "name: t\nscopes:\n  a:\n  description: x\n  b: {description: y}\n",
        "expected a mapping, found no value",
        "indent them more than `a`",
        3,
        3,
    ),
];

#[test]
fn each_error_is_located_and_explained() {
    for &(case, yaml, message, help, line, col) in ERRORS {
        let report = load_str("t.yaml", yaml).expect_err(case);
        let d = report
            .errors()
            .find(|d| d.message.contains(message))
            .unwrap_or_else(|| {
                panic!(
                    "{case}: no error containing {message:?} in {:#?}",
                    report.diagnostics
                )
            });
        assert_eq!(
            report.file.line_col(d.span.start),
            (line, col),
            "{case}: {}",
            d.message
        );
        if !help.is_empty() {
            let h = d.help.as_deref().unwrap_or_default();
            assert!(h.contains(help), "{case}: help {h:?} lacks {help:?}");
        }
        let rendered = report.render(false);
        assert!(
            rendered.contains(&format!("t.yaml:{line}:{col}")),
            "{case}: {rendered}"
        );
        // The source line is shown under the location (a lone CR ends a
        // line too; a byte-order mark is not shown).
        let source_line = yaml.split(['\n', '\r']).nth(line - 1).unwrap();
        let source_line = source_line.trim_start_matches('\u{feff}').trim();
        assert!(rendered.contains(source_line), "{case}: {rendered}");
    }
}

/// Rust-only rules: the spec loads (at runtime nothing is refused for Rust
/// naming) and `rust_names`, which the code generator calls, reports them.
const RUST_ONLY: &[(&str, &str, &str, &str, usize, usize)] = &[
    (
        "explicit ident not an identifier",
        "name: t\nscopes:\n  a: {description: x, ident: foo-bar}\n",
        "`foo-bar` is not a Rust identifier",
        "UpperCamelCase",
        3,
        30,
    ),
    (
        "explicit ident a keyword",
        "name: t\nscopes:\n  a: {description: x, ident: Self}\n",
        "`Self` is a Rust keyword",
        "UpperCamelCase",
        3,
        30,
    ),
    (
        "two scopes given one ident",
        "name: t\nscopes:\n  a: {description: x, ident: Same}\n  b: {description: y, ident: Same}\n",
        "scopes `a` and `b` both become the Rust variant `Same`",
        "`ident: Same2`",
        4,
        30,
    ),
    (
        "two scope names that derive one ident",
        "name: t\nscopes:\n  read:pets: {description: x}\n  read_pets: {description: y}\n",
        "scopes `read:pets` and `read_pets` both become the Rust variant `ReadPets`",
        "`ident: ReadUnderscorePets`",
        4,
        3,
    ),
    (
        "two scope names that differ only in case",
        "name: t\nscopes:\n  Read: {description: x}\n  read: {description: y}\n",
        "scopes `Read` and `read` both become the Rust variant `Read`",
        "`ident: Read2`",
        4,
        3,
    ),
];

#[test]
fn rust_naming_is_checked_for_generated_code_only() {
    for &(case, yaml, message, help, line, col) in RUST_ONLY {
        let loaded =
            load_str("t.yaml", yaml).unwrap_or_else(|r| panic!("{case}: {}", r.render(false)));
        let report = scopes_spec::Report {
            file: loaded.report.file.clone(),
            diagnostics: scopes_spec::rust_names(&loaded.spec),
        };
        let d = report
            .errors()
            .find(|d| d.message.contains(message))
            .unwrap_or_else(|| panic!("{case}: no {message:?} in {:#?}", report.diagnostics));
        assert_eq!(report.file.line_col(d.span.start), (line, col), "{case}");
        assert!(
            d.help.as_deref().unwrap_or_default().contains(help),
            "{case}"
        );
        assert!(
            report
                .render(false)
                .contains(&format!("t.yaml:{line}:{col}"))
        );
    }
}

#[test]
fn each_derived_ident_depends_on_its_own_name_only() {
    // `a!b` and `a#b` are valid RFC 6749 scope-tokens (%x21, %x23).
    let yaml = "name: t
scopes:
  a!b: {description: x}
  a#b: {description: x}
  read:pets: {description: x}
  read_pets: {description: x}
  Read: {description: x}
  read: {description: x}
  c: {description: x, ident: B}
  b: {description: x}
  self: {description: x}
routes:
  - {path: /a, methods: [GET], requires: {any: [a!b, a#b, read:pets, read_pets, Read, read, c, b, self]}}
";
    // Loading at runtime never refuses a spec for Rust naming.
    let loaded = load_str("t.yaml", yaml).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let idents: Vec<(&str, &str)> = loaded
        .spec
        .scopes
        .iter()
        .map(|s| (s.name.as_str(), s.ident.as_str()))
        .collect();
    assert_eq!(
        idents,
        [
            ("a!b", "ABangB"),
            ("a#b", "AHashB"),
            ("read:pets", "ReadPets"),
            ("read_pets", "ReadPets"),
            ("Read", "Read"),
            ("read", "Read"),
            ("c", "B"),
            ("b", "B"),
            ("self", "SelfScope"),
        ]
    );
    // The collisions are for generated code to report, each at the second.
    let messages: Vec<String> = scopes_spec::rust_names(&loaded.spec)
        .into_iter()
        .map(|d| format!("{} / {}", d.message, d.help.unwrap_or_default()))
        .collect();
    assert_eq!(
        messages,
        [
            "scopes `read:pets` and `read_pets` both become the Rust variant `ReadPets` / give this scope its own variant name: `ident: ReadUnderscorePets`",
            "scopes `Read` and `read` both become the Rust variant `Read` / give this scope its own variant name: `ident: Read2`",
            "scopes `c` and `b` both become the Rust variant `B` / give this scope its own variant name: `ident: B2`",
        ]
    );
    // The code generator's repaired names are the suggested ones.
    let mut spec = loaded.spec;
    scopes_spec::repair_rust_names(&mut spec);
    let repaired: Vec<&str> = spec.scopes.iter().map(|s| s.ident.as_str()).collect();
    assert_eq!(
        repaired,
        [
            "ABangB",
            "AHashB",
            "ReadPets",
            "ReadUnderscorePets",
            "Read",
            "Read2",
            "B",
            "B2",
            "SelfScope"
        ]
    );
}

/// The shipped specs keep the variant names code already uses (written by
/// hand from the generated docs and the examples, not from the deriver).
#[test]
fn shipped_specs_keep_their_idents() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "../spec/foxy.yaml",
            &[
                ("carts_read", "CartsRead"),
                ("store_full_access", "StoreFullAccess"),
                (
                    "customer_portal_settings_write",
                    "CustomerPortalSettingsWrite",
                ),
                ("webhooks_resend", "WebhooksResend"),
            ],
        ),
        (
            "../spec/fluveo.yaml",
            &[
                ("read_payments", "ReadPayments"),
                ("write_customers", "WriteCustomers"),
            ],
        ),
        (
            "../scopes-bench/data/github.yaml",
            &[
                ("user_read", "UserRead"),
                ("gitignore_write", "GitignoreWrite"),
            ],
        ),
        (
            "../scopes-bench/data/gitlab.yaml",
            &[
                ("favicon_ico_read", "FaviconIcoRead"),
                ("v2_read", "V2Read"),
            ],
        ),
    ];
    for &(file, expected) in cases {
        let loaded = scopes_spec::load_file(file).unwrap_or_else(|r| panic!("{}", r.render(false)));
        assert!(scopes_spec::rust_names(&loaded.spec).is_empty(), "{file}");
        for &(name, ident) in expected {
            let scope = loaded.spec.scopes.iter().find(|s| s.name == name);
            assert_eq!(
                scope.map(|s| s.ident.as_str()),
                Some(ident),
                "{file}: {name}"
            );
        }
    }
}

#[test]
fn a_byte_that_is_not_utf8_is_located() {
    let bytes = b"name: t\nscopes:\n  a: {description: x}\n  b: {description: \"caf\xe9\"}\n";
    let report = scopes_spec::load_bytes("t.yaml", bytes.to_vec()).expect_err("not UTF-8");
    let d = report.errors().next().unwrap();
    assert!(d.message.contains("not UTF-8"), "{}", d.message);
    assert!(d.message.contains("0xE9"), "{}", d.message);
    assert_eq!(report.file.line_col(d.span.start), (4, 24));
    assert!(report.render(false).contains("t.yaml:4:24"));
}

#[test]
fn an_alias_bomb_is_refused_in_the_spec_author_terms() {
    // 50,001 aliases of one anchor: one more than the YAML budget allows.
    let mut yaml = String::from("name: t\nscopes:\n  s0: &d {description: x}\n");
    for i in 1..=50_001 {
        yaml.push_str(&format!("  s{i}: *d\n"));
    }
    let report = load_str("t.yaml", yaml).expect_err("too many aliases");
    let d = report.errors().next().unwrap();
    assert_eq!(d.message, "too many aliases (`*name`): more than 50000");
    assert!(!d.message.contains("budget"), "{}", d.message);
    // The 50,001st alias, on line 3 + 50,001, after `  s50001: `.
    assert_eq!(report.file.line_col(d.span.start), (50_004, 11));
}

#[test]
fn a_file_of_one_odd_token_is_an_error_never_a_panic() {
    // None of these is a mapping with `name:`, so each is one located
    // error, on a line of the file.
    for text in [
        "?",
        "\r?\r\r",
        "&a",
        "*a",
        "-",
        ":",
        "[",
        "{",
        "\"",
        "'",
        "!",
        "|",
        ">",
        "%",
        "@",
        "`",
        "~",
        "- a",
        "? a",
        "a:",
        "&a [",
        "\u{feff}?",
    ] {
        let report = load_str("t.yaml", text).expect_err(text);
        let d = report.errors().next().expect(text);
        let lines = text.split(['\n', '\r']).count();
        let (line, _) = report.file.line_col(d.span.start);
        assert!(line <= lines, "{text:?}: line {line}");
        assert!(d.span.end <= text.len(), "{text:?}: {:?}", d.span);
        assert!(report.render(false).contains("t.yaml:"), "{text:?}");
    }
}

#[test]
fn every_error_of_a_file_is_reported_together() {
    let yaml = format!(
        "{HEAD}scopes:\n  \"bad name\": {{description: x, implies: [nope]}}\nroutes:\n  - {{path: \"/a//b\", methods: [GET], public: true}}\n  - {{path: /c, methods: [\"G T\"], public: true}}\n"
    );
    let report = load_str("t.yaml", yaml).expect_err("invalid");
    let messages: Vec<&str> = report.errors().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert!(report.render(false).contains("t.yaml has 4 errors"));
}

#[test]
fn warnings_do_not_reject_the_spec() {
    let yaml = "name: t
scopes:
  used: {description: x}
  idle: {description: never required}
  a: {description: x, implies: [b]}
  b: {description: y, implies: [a]}
routes:
  - {path: /u, methods: [GET], requires: used}
  - {path: /a, methods: [GET], requires: a}
";
    let loaded = load_str("t.yaml", yaml).expect("warnings only");
    let w: Vec<(&str, (usize, usize))> = loaded
        .report
        .warnings()
        .map(|d| {
            (
                d.message.as_str(),
                loaded.report.file.line_col(d.span.start),
            )
        })
        .collect();
    assert!(
        w.contains(&("scope `idle` is not used by any route", (4, 3))),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|(m, pos)| m.starts_with("implication cycle: a → b → a") && *pos == (5, 3)),
        "{w:?}"
    );
    assert!(
        loaded
            .report
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning)
    );
}

#[test]
fn public_routes_and_any_of_merging() {
    let yaml = format!(
        "{HEAD}resources:
  carts:
    scopes: {{read: r, write: w}}
    routes: [\"/shared/{{id}}\"]
  orders:
    scopes: {{read: r, write: w}}
    routes: [\"/shared/{{id}}\", \"POST /orders\"]
routes:
  - {{path: /health, methods: [GET], public: true}}
  - {{path: /checkout, methods: [POST], requires: {{all: [orders_write, carts_write]}}}}
"
    );
    let loaded = load_str("t.yaml", yaml).expect("valid");
    let json = scopes_spec::export::to_json(&loaded.spec);
    // Listed under two resources: met by either (write implies read).
    assert!(json.contains(r#"{"method":"GET","path":"/shared/{id}","requires":[["carts_read","carts_write","orders_read","orders_write"]]}"#), "{json}");
    assert!(json.contains(r#"{"method":"HEAD","path":"/shared/{id}","requires":[["carts_read","carts_write","orders_read","orders_write"]]}"#), "{json}");
    // Two scopes at once: two groups.
    assert!(
        json.contains(
            r#"{"method":"POST","path":"/checkout","requires":[["carts_write"],["orders_write"]]}"#
        ),
        "{json}"
    );
    assert!(
        json.contains(r#"{"method":"GET","path":"/health","requires":[]}"#),
        "{json}"
    );
    // `POST /orders` serves POST only.
    assert!(
        !json.contains(r#""method":"GET","path":"/orders""#),
        "{json}"
    );
}

#[test]
fn the_value_budget_refuses_a_replay_bomb_before_the_alias_limits_can() {
    // One anchor of 1,103 values (a scope with 1,100 implied names) used by
    // 1,000 aliases: far under the alias budget, but about 1.1 million
    // values replayed. The budget counts replayed values, so its 250,000
    // refuses the file long before the reader's alias limits
    // (`AliasLimits`: 1,000,000 replayed values; no per-anchor limit) could.
    // This is why `yaml_error::limit`'s two alias-limit arms are never
    // reached with the spec's options (RELIABILITY.md lists their mutants
    // as equivalent); if the defaults change, this test says so.
    let names = vec!["a"; 1_100].join(", ");
    let mut yaml = format!("name: t\nscopes:\n  s0: &d {{description: x, implies: [{names}]}}\n");
    for i in 1..=1_000 {
        yaml.push_str(&format!("  s{i}: *d\n"));
    }
    let report = load_str("t.yaml", yaml).expect_err("too much replay");
    let d = report.errors().next().unwrap();
    assert_eq!(d.message, "too many values: more than 250000");
    let (line, _) = report.file.line_col(d.span.start);
    assert!(
        (3..=1_003).contains(&line),
        "in the anchor or on an alias: {line}"
    );

    let budget = serde_saphyr::Budget::default();
    let aliases = serde_saphyr::options::AliasLimits::default();
    assert_eq!(budget.max_nodes, 250_000);
    assert!(budget.max_nodes < aliases.max_total_replayed_events);
    assert_eq!(aliases.max_alias_expansions_per_anchor, usize::MAX);
}
