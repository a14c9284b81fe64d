//! The YAML-error layer (`src/yaml_error.rs`, `src/yaml_error/*`) checked
//! whole (issue 14 item 2, mutation testing): for each kind of YAML or
//! shape mistake, the one error's message, the token it is on (its text and
//! line:column), its label, its notes and its help. Positions and tokens
//! are read off the YAML by hand; the wording is the spec format's (the
//! key names of the README's spec format, the shapes of `syntax.rs`'s
//! doc comments, YAML's names for the characters). A note label ending in
//! `…` is compared as a prefix: the rest is the YAML reader's own message.

use scopes_spec::{Report, check_str};

struct Expect {
    case: &'static str,
    yaml: &'static str,
    message: &'static str,
    /// (line, column, text) of the span.
    at: (usize, usize, &'static str),
    label: &'static str,
    help: Option<&'static str>,
    /// (line, column, text, label) of each note.
    notes: &'static [(usize, usize, &'static str, &'static str)],
}

const SCOPE_KEYS: &str = "the keys here are `description`, `implies`, `superuser`, `ident`";
const TOP_KEYS: &str = "the keys here are `name`, `title`, `source`, `granted`, `head_follows_get`, `conventions`, `scopes`, `resources`, `openapi`, `routes`";
const DUPLICATE: &str = "keep one of them (each key is written once per mapping)";
const SIMPLIFY: &str =
    "a spec needs no more than plain keys, lists and a few anchors; simplify the file";

const CASES: &[Expect] = &[
    Expect {
        case: "alias of no anchor",
        yaml: "name: *x\n",
        message: "this alias (`*name`) names no anchor (`&name`) defined before it",
        at: (1, 7, "*x"),
        label: "here",
        help: None,
        notes: &[],
    },
    Expect {
        case: "unknown key with no close candidate: the keys of a scope",
        yaml: "name: t\nscopes:\n  a: {description: x, zzzzzzzzzz: 1}\n",
        message: "unknown key `zzzzzzzzzz`",
        at: (3, 23, "zzzzzzzzzz"),
        label: "unknown key",
        help: Some(SCOPE_KEYS),
        notes: &[],
    },
    Expect {
        case: "unknown top-level key with no close candidate",
        yaml: "zzzzzzzz: 1\nname: t\n",
        message: "unknown key `zzzzzzzz`",
        at: (1, 1, "zzzzzzzz"),
        label: "unknown key",
        help: Some(TOP_KEYS),
        notes: &[],
    },
    Expect {
        case: "duplicate key of a block mapping",
        yaml: "name: t\nscopes:\n  a:\n    description: x\n    description: y\n",
        message: "key `description` appears twice in this mapping; the first is at 4:5",
        at: (5, 5, "description"),
        label: "second time",
        help: Some(DUPLICATE),
        notes: &[(4, 5, "description", "first time")],
    },
    Expect {
        case: "duplicate key of a list item, the first after `- `",
        yaml: "name: t\nroutes:\n  - path: /a\n    methods: [GET]\n    path: /b\n",
        message: "key `path` appears twice in this mapping; the first is at 3:5",
        at: (5, 5, "path"),
        label: "second time",
        help: Some(DUPLICATE),
        notes: &[(3, 5, "path", "first time")],
    },
    Expect {
        case: "duplicate key of a list item at the left margin, the first after `- `",
        yaml: "name: t\nroutes:\n- path: /a\n  methods: [GET]\n  path: /b\n",
        message: "key `path` appears twice in this mapping; the first is at 3:3",
        at: (5, 3, "path"),
        label: "second time",
        help: Some(DUPLICATE),
        notes: &[(3, 3, "path", "first time")],
    },
    Expect {
        case: "duplicate key of a list item, a deeper list between",
        yaml: "name: t\nroutes:\n  - path: /a\n    methods:\n      - GET\n    path: /b\n",
        message: "key `path` appears twice in this mapping; the first is at 3:5",
        at: (6, 5, "path"),
        label: "second time",
        help: Some(DUPLICATE),
        notes: &[(3, 5, "path", "first time")],
    },
    Expect {
        case: "duplicate key, the second quoted",
        yaml: "name: t\nscopes:\n  a:\n    description: x\n    \"description\": y\n",
        message: "key `description` appears twice in this mapping; the first is at 4:5",
        at: (5, 5, "\"description\""),
        label: "second time",
        help: Some(DUPLICATE),
        notes: &[(4, 5, "description", "first time")],
    },
    Expect {
        case: "duplicate key of a flow mapping, the second single-quoted",
        yaml: "name: t\nscopes: {a: {description: x}, 'a': {description: y}}\n",
        message: "key `a` appears twice in this mapping; the first is at 2:10",
        at: (2, 31, "'a'"),
        label: "second time",
        help: Some(DUPLICATE),
        notes: &[(2, 10, "a", "first time")],
    },
    Expect {
        case: "duplicate key whose first is written with an escape",
        yaml: "name: t\nscopes:\n  \"\\x61\": {description: x}\n  a: {description: y}\n",
        message: "key `a` appears twice in this mapping",
        at: (4, 3, "a"),
        label: "second time",
        help: Some(DUPLICATE),
        notes: &[],
    },
    Expect {
        case: "a second document after `...` and `---`",
        yaml: "name: t\n...\n---\nname: u\n",
        message: "the file holds several YAML documents; a spec is one document",
        at: (3, 1, "---"),
        label: "a second document starts here",
        help: Some("remove what follows the first document, or put each spec in its own file"),
        notes: &[],
    },
    Expect {
        case: "a second document after `---` with a trailing space",
        yaml: "---\nname: t\n--- \nname: u\n",
        message: "the file holds several YAML documents; a spec is one document",
        at: (3, 1, "---"),
        label: "a second document starts here",
        help: Some("remove what follows the first document, or put each spec in its own file"),
        notes: &[],
    },
    Expect {
        case: "a key with no value, at the top",
        yaml: "name:\n",
        message: "this key needs a value",
        at: (1, 1, "name"),
        label: "no value",
        help: Some("write the value after the `:`"),
        notes: &[],
    },
    Expect {
        case: "a key with no value, in a flow mapping",
        yaml: "name: t\nscopes:\n  a: {description: }\n",
        message: "this key needs a value",
        at: (3, 7, "description"),
        label: "no value",
        help: Some("write the value after the `:`"),
        notes: &[],
    },
    Expect {
        case: "a list where a single value belongs",
        yaml: "name: [a]\n",
        message: "expected a single value, found a list",
        at: (1, 7, "[a"),
        label: "here",
        help: None,
        notes: &[],
    },
    Expect {
        case: "a list where a route belongs",
        yaml: "name: t\nroutes:\n  - [a]\n",
        message: "expected a route: `/path`, `METHOD /path`, or a mapping with `path`, found a list",
        at: (3, 5, "[a"),
        label: "here",
        help: None,
        notes: &[],
    },
    Expect {
        case: "a list where a requirement belongs (located at its key)",
        yaml: "name: t\nscopes:\n  a: {description: x}\nroutes:\n  - {path: /a, methods: [GET], requires: [a]}\n",
        message: "expected a requirement: a scope name, `{any: [...]}` or `{all: [...]}`, found a list",
        at: (5, 32, "requires: [a"),
        label: "here",
        help: None,
        notes: &[],
    },
    Expect {
        case: "no value where a route belongs",
        yaml: "name: t\nroutes:\n  - !!null x\n",
        message: "expected a route: `/path`, `METHOD /path`, or a mapping with `path`, found nothing",
        at: (3, 12, "x"),
        label: "here",
        help: None,
        notes: &[],
    },
    Expect {
        case: "no value where a resource's scope belongs",
        yaml: "name: t\nconventions:\n  naming: \"{resource}_{action}\"\n  actions: {read: {methods: [GET]}}\nresources:\n  carts:\n    scopes: {read: ~}\n    routes: [/carts]\n",
        message: "expected a scope description, or a mapping with `description`, found nothing",
        at: (7, 14, "read: ~"),
        label: "here",
        help: None,
        notes: &[],
    },
    Expect {
        case: "a list where a resource's scope belongs",
        yaml: "name: t\nconventions:\n  naming: \"{resource}_{action}\"\n  actions: {read: {methods: [GET]}}\nresources:\n  carts:\n    scopes: {read: [x]}\n    routes: [/carts]\n",
        message: "expected a scope description, or a mapping with `description`, found a list",
        at: (7, 14, "read: [x"),
        label: "here",
        help: None,
        notes: &[],
    },
    Expect {
        case: "a requirement mapping with both keys",
        yaml: "name: t\nscopes:\n  a: {description: x}\nroutes:\n  - path: /a\n    methods: [GET]\n    requires: {any: [a], all: [a]}\n",
        message: "a requirement mapping has exactly one key: `any` or `all`",
        at: (7, 15, "{any: [a"),
        label: "here",
        help: None,
        notes: &[],
    },
    Expect {
        case: "a YAML 1.1 boolean, true",
        yaml: "name: t\nscopes:\n  a: {description: x, superuser: yes}\n",
        message: "`yes` is not a boolean in a spec (YAML 1.2)",
        at: (3, 34, "yes"),
        label: "here",
        help: Some("write `true`"),
        notes: &[],
    },
    Expect {
        case: "a YAML 1.1 boolean, false",
        yaml: "name: t\nscopes:\n  a: {description: x, superuser: Off}\n",
        message: "`Off` is not a boolean in a spec (YAML 1.2)",
        at: (3, 34, "Off"),
        label: "here",
        help: Some("write `false`"),
        notes: &[],
    },
    Expect {
        case: "a quoted boolean",
        yaml: "name: t\nscopes:\n  a: {description: x, superuser: \"true\"}\n",
        message: "`\"true\"` is a string, not a boolean",
        at: (3, 34, "\"true\""),
        label: "here",
        help: Some("write `true` without quotes"),
        notes: &[],
    },
    Expect {
        case: "a missing key of a flow list item holding a nested mapping",
        yaml: "name: t\nroutes:\n  - {methods: [GET], requires: {any: [a]}, public: true}\n",
        message: "missing key `path`",
        at: (3, 5, "{methods"),
        label: "this mapping has no `path`",
        help: Some("add `path: ...`"),
        notes: &[],
    },
    Expect {
        case: "a missing key of a list item at the left margin",
        yaml: "name: t\nroutes:\n- methods: [GET]\n  public: true\n",
        message: "missing key `path`",
        at: (3, 1, "-"),
        label: "this mapping has no `path`",
        help: Some("add `path: ...`"),
        notes: &[],
    },
    Expect {
        case: "a missing key of a block mapping, a `{` in a quoted value above",
        yaml: "name: t\ntitle: \"{\"\nscopes:\n  a:\n    implies: []\n",
        message: "missing key `description`",
        at: (4, 3, "a"),
        label: "this mapping has no `description`",
        help: Some("add `description: ...`"),
        notes: &[],
    },
    Expect {
        case: "a duplicate key of a flow mapping, nested mappings between",
        yaml: "name: t\nscopes: {a: {description: x}, b: {description: y}, a: {description: z}}\n",
        message: "key `a` appears twice in this mapping; the first is at 2:10",
        at: (2, 52, "a"),
        label: "second time",
        help: Some(DUPLICATE),
        notes: &[(2, 10, "a", "first time")],
    },
    Expect {
        case: "a missing key of a scope whose name starts with `-`",
        yaml: "name: t\nscopes:\n  -x:\n    implies: []\n",
        message: "missing key `description`",
        at: (3, 3, "-x"),
        label: "this mapping has no `description`",
        help: Some("add `description: ...`"),
        notes: &[],
    },
    Expect {
        case: "a missing key of a resource whose name starts with `-`",
        yaml: "name: t\nresources:\n  -carts:\n    title: x\n",
        message: "missing key `scopes`",
        at: (3, 3, "-carts"),
        label: "this mapping has no `scopes`",
        help: Some("add `scopes: ...`"),
        notes: &[],
    },
    Expect {
        case: "a missing key of a flow mapping in a flow list, a nested mapping before the last key",
        yaml: "name: t\nroutes: [{methods: [GET], requires: {any: [a]}, public: true}]\n",
        message: "missing key `path`",
        at: (2, 10, "{methods"),
        label: "this mapping has no `path`",
        help: Some("add `path: ...`"),
        notes: &[],
    },
    Expect {
        case: "a missing key of a top-level mapping indented two spaces",
        yaml: "# c\n\n  title: x\n  scopes: {}\n",
        message: "missing key `name`",
        at: (3, 3, "title"),
        label: "this mapping has no `name`",
        help: Some("add `name: ...`"),
        notes: &[],
    },
    Expect {
        case: "a first child nine spaces in: a step the file does not count, so 2",
        yaml: "name: t\nscopes:\n         a: {description: x}\n  b: {description: y}\n",
        message: "bad indentation: 9 spaces, where the next line has 2",
        at: (3, 10, "a: {description: x"),
        label: "indented 9 spaces",
        help: Some(
            "indent the keys of one mapping equally (2 spaces here, as elsewhere in the file)",
        ),
        notes: &[(4, 3, "b: {description: y", "indented 2 spaces")],
    },
    Expect {
        case: "a key at the level of a list's dashes, after a nested mapping: no stray indentation",
        yaml: "name: t\nroutes:\n  - path: /a\n    methods: [GET]\n    requires:\n      any: [a]\n  public: true\n",
        message: "while parsing a block collection, did not find expected '-' indicator",
        at: (7, 3, "public: true"),
        label: "here",
        help: None,
        notes: &[],
    },
    Expect {
        case: "a `#` inside a value starts no comment: the stray `}` after it is found",
        yaml: "name: t\nscopes: {a: {description: x#y}}}\n",
        message: "`}` closes nothing",
        at: (2, 32, "}"),
        label: "no `{` is open here",
        help: Some("remove it"),
        notes: &[],
    },
    Expect {
        case: "a `{` inside a quoted value opens nothing: the stray `}` after it is found",
        yaml: "name: t\nscopes: {a: {description: \"x{\"}}}\n",
        message: "`}` closes nothing",
        at: (2, 33, "}"),
        label: "no `{` is open here",
        help: Some("remove it"),
        notes: &[],
    },
    Expect {
        case: "a missing key of a list item with spaces after its `-`",
        yaml: "name: t\nroutes:\n  -   methods: [GET]\n      public: true\n",
        message: "missing key `path`",
        at: (3, 3, "-"),
        label: "this mapping has no `path`",
        help: Some("add `path: ...`"),
        notes: &[],
    },
    Expect {
        case: "a duplicate key of a flow mapping whose first is written with an escape",
        yaml: "name: t\nscopes: {\"\\x61\": {description: x}, a: {description: y}}\n",
        message: "key `a` appears twice in this mapping",
        at: (2, 36, "a"),
        label: "second time",
        help: Some(DUPLICATE),
        notes: &[],
    },
    Expect {
        case: "a `}` that closes nothing, a `{` in a comment above",
        yaml: "name: t #{\nscopes:\n  a: {description: x}}\n",
        message: "`}` closes nothing",
        at: (3, 22, "}"),
        label: "no `{` is open here",
        help: Some("remove it"),
        notes: &[],
    },
    Expect {
        case: "a quote that runs on to a later line",
        yaml: "name: t\nscopes:\n  a: {description: \"Read}\n  b: {description: \"x\"}\n",
        message: "unclosed `\"`: the string runs on to line 4",
        at: (3, 20, "\""),
        label: "opened here, not closed on this line",
        help: Some("close the `\"` on line 3"),
        notes: &[(4, 21, "x\"", "YAML fails here: …")],
    },
    Expect {
        case: "text after a quoted value, in a flow list over two lines",
        yaml: "name: t\nscopes:\n  a: {description: x, implies: [a,\n    \"b\" \"c\"]}\n",
        message: "text after the closing `\"`",
        at: (4, 9, "\"c\""),
        label: "outside the quotes",
        help: Some("put the whole value inside the quotes, or remove the text after them"),
        notes: &[(4, 5, "\"b\"", "the quoted value")],
    },
    Expect {
        case: "text after a quoted value, another quoted value after it",
        yaml: "name: t\nscopes:\n  a:\n    description: \"Read\" all \"pets\"\n",
        message: "text after the closing `\"`",
        at: (4, 25, "all \"pets\""),
        label: "outside the quotes",
        help: Some("put the whole value inside the quotes, or remove the text after them"),
        notes: &[(4, 18, "\"Read\"", "the quoted value")],
    },
    Expect {
        case: "a `}` that closes nothing, after comments holding quotes and brackets",
        yaml: "# don't {\nname: t # it's [\nscopes: {a: {description: x}}} # }\n",
        message: "`}` closes nothing",
        at: (3, 30, "}"),
        label: "no `{` is open here",
        help: Some("remove it"),
        notes: &[],
    },
    Expect {
        case: "a quote with escaped quotes inside that runs on",
        yaml: "name: t\nscopes:\n  a: {description: \"say \\\"hi\\\"}\n  b: {description: \"x\"}\n",
        message: "unclosed `\"`: the string runs on to line 4",
        at: (3, 20, "\""),
        label: "opened here, not closed on this line",
        help: Some("close the `\"` on line 3"),
        notes: &[(4, 21, "x\"", "YAML fails here: …")],
    },
    Expect {
        case: "a single quote with a doubled quote inside that runs on",
        yaml: "name: t\nscopes:\n  a: {description: 'it''s}\n  b: {description: 'x'}\n",
        message: "unclosed `'`: the string runs on to line 4",
        at: (3, 20, "'"),
        label: "opened here, not closed on this line",
        help: Some("close the `'` on line 3"),
        notes: &[(4, 21, "x'", "YAML fails here: …")],
    },
    Expect {
        case: "text after a quoted value, an apostrophe in a plain value before",
        yaml: "name: t\nscopes:\n  a: {description: it's}\n  b:\n    description: \"Read\" pets\n",
        message: "text after the closing `\"`",
        at: (5, 25, "pets"),
        label: "outside the quotes",
        help: Some("put the whole value inside the quotes, or remove the text after them"),
        notes: &[(5, 18, "\"Read\"", "the quoted value")],
    },
    Expect {
        case: "a `]` after a flow mapping",
        yaml: "name: t\nscopes:\n  a: {description: x}\n  b: {description: y}]\n",
        message: "`]` closes nothing",
        at: (4, 22, "]"),
        label: "no `[` is open here",
        help: Some("remove it"),
        notes: &[],
    },
    Expect {
        case: "a key indented under a key that has its value, step 2",
        yaml: "name: t\nscopes:\n  a:\n    description: x\n  b:\n    description: y\n     implies: []\n",
        message: "bad indentation: 5 spaces, where line 6 has 4",
        at: (7, 6, "implies: ["),
        label: "indented 5 spaces",
        help: Some("indent it like its siblings (4 spaces, as on line 6), or like its parent's"),
        notes: &[(6, 5, "description: y", "indented 4 spaces")],
    },
    Expect {
        case: "a list item indented short of its sibling",
        yaml: "name: t\nscopes:\n  a:\n    description: x\n    implies:\n      - b\n     - c\n",
        message: "bad indentation: 5 spaces, where line 6 has 6",
        at: (7, 6, "- c"),
        label: "indented 5 spaces",
        help: Some("indent it like its siblings (6 spaces, as on line 6), or like its parent's"),
        notes: &[(6, 7, "- b", "indented 6 spaces")],
    },
    Expect {
        case: "text after a quoted value of a flow mapping, a quoted value after it",
        yaml: "name: t\nscopes:\n  a: {description: 'Read' pets, implies: ['x']}\n",
        message: "text after the closing `'`",
        at: (3, 27, "pets"),
        label: "outside the quotes",
        help: Some("put the whole value inside the quotes, or remove the text after them"),
        notes: &[(3, 20, "'Read'", "the quoted value")],
    },
    // A quote after a tag or an anchor is not where a value starts for
    // the scan, so the reader's own message stays, on the token; a quoted
    // value closed on an earlier line is not "the quoted value".
    Expect {
        case: "text after a tagged quoted value, a quoted value above",
        yaml: "name: t\ntitle: \"T\"\nscopes:\n  a: {description: !!str \"x\" y}\n",
        message: "invalid trailing content after double-quoted scalar",
        at: (4, 30, "y"),
        label: "here",
        help: None,
        notes: &[],
    },
    Expect {
        case: "text after an anchored quoted value, a quoted value above",
        yaml: "name: t\ntitle: \"T\"\nscopes:\n  a:\n    description: &d \"x\" y\n",
        message: "invalid trailing content after double-quoted scalar",
        at: (5, 25, "y"),
        label: "here",
        help: None,
        notes: &[],
    },
    Expect {
        case: "text after a single-quoted value ending in a backslash (no escape there)",
        yaml: "name: t\nscopes:\n  a:\n    description: 'C:\\' x\n",
        message: "text after the closing `'`",
        at: (4, 24, "x"),
        label: "outside the quotes",
        help: Some("put the whole value inside the quotes, or remove the text after them"),
        notes: &[(4, 18, "'C:\\'", "the quoted value")],
    },
    Expect {
        case: "a flow mapping never closed",
        yaml: "name: t\nscopes:\n  a: {description: x,\n      implies: []\n  b: {description: y}\n",
        message: "unclosed `{`: the mapping opened here is not closed on its line",
        at: (3, 6, "{"),
        label: "opened here",
        help: Some("close it with `}` on line 3"),
        notes: &[(5, 3, "b: {description: y", "YAML fails here: …")],
    },
    Expect {
        case: "a flow mapping over two lines lacking a `,`",
        yaml: "name: t\nscopes:\n  a: {description: x,\n      implies: [] superuser: true}\n",
        message: "expected `,` or `}` before this entry",
        at: (4, 19, "superuser: true"),
        label: "the entry before lacks its `,`",
        help: Some("separate the entries of the mapping opened at 3:6 with `,`"),
        notes: &[(3, 6, "{", "the mapping opens here")],
    },
    Expect {
        case: "a flow mapping over two lines lacking a `,` after a list closed there",
        yaml: "name: t\nscopes:\n  a: {description: x, implies: [a,\n      b] superuser: true}\n",
        message: "expected `,` or `}` before this entry",
        at: (4, 10, "superuser: true"),
        label: "the entry before lacks its `,`",
        help: Some("separate the entries of the mapping opened at 3:6 with `,`"),
        notes: &[(3, 6, "{", "the mapping opens here")],
    },
    Expect {
        case: "a key with no value in a list item",
        yaml: "name: t\nroutes:\n  - path:\n    methods: [GET]\n",
        message: "this key needs a value",
        at: (3, 5, "path"),
        label: "no value",
        help: Some("write the value after the `:`"),
        notes: &[],
    },
    Expect {
        case: "a `}` after the closing ones",
        yaml: "name: t\nscopes: {a: {description: x}}}\n",
        message: "`}` closes nothing",
        at: (2, 30, "}"),
        label: "no `{` is open here",
        help: Some("remove it"),
        notes: &[],
    },
    Expect {
        case: "a `]` that closes nothing",
        yaml: "name: t\nscopes:\n  a: {description: x}\n  ]\n",
        message: "`]` closes nothing",
        at: (4, 3, "]"),
        label: "no `[` is open here",
        help: Some("remove it"),
        notes: &[],
    },
    Expect {
        case: "no space after a key's colon",
        yaml: "name: t\nscopes:\n  a:\n    description: x\n    implies:[]\n",
        message: "expected `key: value` here",
        at: (5, 5, "implies:[]"),
        label: "not `key: value`",
        help: Some("put a space after the `:`: `implies: []`"),
        notes: &[],
    },
    Expect {
        case: "a key without a colon, trailing spaces",
        yaml: "name: t\nscopes:\n  a: {description: x}\n  b   \n",
        message: "expected `key: value` here",
        at: (4, 3, "b"),
        label: "not `key: value`",
        help: Some("write `key: value`, or `- value` for an item of a list"),
        notes: &[],
    },
    Expect {
        case: "`: ` in a value holding double quotes",
        yaml: "name: t\nscopes:\n  a:\n    description: x: \"y\"\n",
        message: "a value with `: ` in it must be quoted",
        at: (4, 19, ":"),
        label: "YAML reads this `:` as the start of a mapping",
        help: Some("quote the value: `description: 'x: \"y\"'`"),
        notes: &[],
    },
    Expect {
        case: "`: ` in a value holding both quotes",
        yaml: "name: t\nscopes:\n  a:\n    description: say \"it's\": ok\n",
        message: "a value with `: ` in it must be quoted",
        at: (4, 28, ":"),
        label: "YAML reads this `:` as the start of a mapping",
        help: Some("quote the value: `description: 'say \"it''s\": ok'`"),
        notes: &[],
    },
    Expect {
        case: "`: ` in a flow value holding an apostrophe",
        yaml: "name: t\nscopes:\n  a: {description: it's: ok}\n",
        message: "a value with `: ` in it must be quoted",
        at: (3, 24, ":"),
        label: "YAML reads this `:` as the start of a mapping",
        help: Some("quote the value: `description: \"it's: ok\"`"),
        notes: &[],
    },
    Expect {
        case: "a path parameter unquoted in a flow mapping",
        yaml: "name: t\nroutes:\n  - {path: /pets/{id}, methods: [GET]}\n",
        message: "while parsing a flow mapping, did not find expected ',' or '}'",
        at: (3, 18, "{id"),
        label: "here",
        help: Some(
            "inside `{...}` or `[...]`, quote a path with parameters: `path: \"/pets/{id}\"`",
        ),
        notes: &[],
    },
    Expect {
        case: "a flow mapping lacking a `,`, no path parameter near",
        yaml: "name: t\nroutes:\n  - {path: /a, methods: [GET]}\n  - {path: \"/b\", methods: [GET] public: true}\n",
        message: "while parsing a flow mapping, did not find expected ',' or '}'",
        at: (4, 33, "public: true"),
        label: "here",
        help: None,
        notes: &[],
    },
    Expect {
        // The path on the line before is a block scalar, valid as it is:
        // quoting it would not mend this line.
        case: "a flow mapping lacking a `,`, a path parameter on the previous line only",
        yaml: "name: t\nroutes:\n  - path: /pets/{id}\n  - {path: /a, methods: [GET] public: true}\n",
        message: "while parsing a flow mapping, did not find expected ',' or '}'",
        at: (4, 31, "public: true"),
        label: "here",
        help: None,
        notes: &[],
    },
    Expect {
        case: "a flow mapping lacking a `,`, a path parameter on the next line only",
        yaml: "name: t\nroutes:\n  - {path: /a, methods: [GET] public: true}\n  - {path: \"/b/{id}\", methods: [GET]}\n",
        message: "while parsing a flow mapping, did not find expected ',' or '}'",
        at: (3, 31, "public: true"),
        label: "here",
        help: None,
        notes: &[],
    },
    Expect {
        case: "a tab after spaces",
        yaml: "name: t\nscopes:\n  a:\n  \tdescription: x\n",
        message: "a tab indents this line",
        at: (4, 3, "\t"),
        label: "tab",
        help: Some("YAML indents with spaces; replace the tab with spaces"),
        notes: &[],
    },
    Expect {
        case: "a first child off the file's step of 3",
        yaml: "name: t\nscopes:\n   a:\n      description: x\n   b:\n     description: y\n      implies: [a]\n",
        message: "bad indentation: 5 spaces, where the next line has 6",
        at: (6, 6, "description: y"),
        label: "indented 5 spaces",
        help: Some(
            "indent the keys of one mapping equally (6 spaces here, as elsewhere in the file)",
        ),
        notes: &[(7, 7, "implies: [a", "indented 6 spaces")],
    },
    Expect {
        case: "a key of a list item indented short of the item",
        yaml: "name: t\nroutes:\n  - path: /a\n   methods: [GET]\n    public: true\n",
        message: "bad indentation: 3 spaces, where line 3 has 4",
        at: (4, 4, "methods: [GET"),
        label: "indented 3 spaces",
        help: Some("indent it like its siblings (4 spaces, as on line 3), or like its parent's"),
        notes: &[(3, 5, "path: /a", "indented 4 spaces")],
    },
    Expect {
        case: "a key indented under a key that has its value, step 4",
        yaml: "name: t\nscopes:\n    a:\n        description: x\n    b:\n      description: y\n        implies: [a]\n",
        message: "bad indentation: 8 spaces, where line 6 has 6",
        at: (7, 9, "implies: [a"),
        label: "indented 8 spaces",
        help: Some("indent it like its siblings (6 spaces, as on line 6), or like its parent's"),
        notes: &[(6, 7, "description: y", "indented 6 spaces")],
    },
    Expect {
        case: "a line under a quoted value, deeper than its key",
        yaml: "name: t\nscopes:\n  a:\n    description: \"x\"\n      y\n",
        message: "bad indentation: 6 spaces, where line 4 has 4",
        at: (5, 7, "y"),
        label: "indented 6 spaces",
        help: Some("indent it like its siblings (4 spaces, as on line 4), or like its parent's"),
        notes: &[(4, 5, "description: \"x\"", "indented 4 spaces")],
    },
    Expect {
        case: "a line under a single-quoted value, a quoted value above",
        yaml: "name: t\ntitle: \"T\"\nscopes:\n  a:\n    description: 'x'\n     y\n",
        message: "bad indentation: 5 spaces, where line 5 has 4",
        at: (6, 6, "y"),
        label: "indented 5 spaces",
        help: Some("indent it like its siblings (4 spaces, as on line 5), or like its parent's"),
        notes: &[(5, 5, "description: 'x'", "indented 4 spaces")],
    },
    Expect {
        case: "a key with no value, the next line a key of the parent",
        yaml: "name: t\nscopes:\n  a:\nroutes: []\n",
        message: "expected a mapping, found no value",
        at: (3, 4, ":"),
        label: "here",
        help: None,
        notes: &[],
    },
    Expect {
        case: "children indented like their key",
        yaml: "name: t\nscopes:\n  a:\n    description: x\n  b:\n  description: y\n",
        message: "expected a mapping, found no value",
        at: (5, 3, "b"),
        label: "no value",
        help: Some("if the lines below belong to `b`, indent them more than `b`"),
        notes: &[(6, 3, "description", "indented like `b`, not under it")],
    },
];

fn check(e: &Expect, report: &Report) {
    let case = e.case;
    let errors: Vec<_> = report.errors().collect();
    assert_eq!(errors.len(), 1, "{case}: {:#?}", report.diagnostics);
    let d = errors[0];
    let file = &report.file;
    let at = |span: &std::ops::Range<usize>| {
        let (l, c) = file.line_col(span.start);
        (l, c, &file.text[span.clone()])
    };
    assert_eq!(d.message, e.message, "{case}");
    assert_eq!(at(&d.span), e.at, "{case}: {}", d.message);
    assert_eq!(d.label, e.label, "{case}");
    assert_eq!(d.help.as_deref(), e.help, "{case}");
    assert_eq!(d.notes.len(), e.notes.len(), "{case}: {:?}", d.notes);
    for ((span, label), &(l, c, text, want)) in d.notes.iter().zip(e.notes) {
        assert_eq!(at(span), (l, c, text), "{case}: note {label:?}");
        match want.strip_suffix('…') {
            Some(prefix) => assert!(label.starts_with(prefix), "{case}: {label:?}"),
            None => assert_eq!(label, want, "{case}"),
        }
    }
}

#[test]
fn each_yaml_mistake_is_one_error_on_its_token() {
    for e in CASES {
        let (spec, report) = check_str("t.yaml", e.yaml);
        assert!(spec.is_none(), "{}: a YAML error lowers nothing", e.case);
        check(e, &report);
    }
}

#[test]
fn an_empty_file_is_said_to_be_empty() {
    // Nothing but a byte-order mark, blank lines, comments, `---`, `...`.
    for text in [
        "",
        "\n\n",
        "   \n\t\n",
        "# c\n...\n",
        "---\n...\n",
        "\u{feff}",
        "\u{feff}---\n# only a comment\n",
    ] {
        let (_, report) = check_str("t.yaml", text);
        let errors: Vec<_> = report.errors().collect();
        assert_eq!(errors.len(), 1, "{text:?}");
        let d = errors[0];
        assert_eq!(d.message, "the spec is empty", "{text:?}");
        assert_eq!(d.span, 0..0, "{text:?}");
        assert_eq!(d.label, "no content");
        assert_eq!(
            d.help.as_deref(),
            Some("a spec is a mapping that starts with `name: <api>`")
        );
    }
    // One line of content is not empty: `# c` and `x` are not comments.
    for text in ["x", "---\n...\nx", "#c\n a# c\n"] {
        let (_, report) = check_str("t.yaml", text);
        let d = report.errors().next().expect(text);
        assert_ne!(d.message, "the spec is empty", "{text:?}");
    }
}

/// The YAML reader's resource limits, said as what the file has too much
/// of, with serde-saphyr's documented default budget (`Budget::default`:
/// 64 levels, 50,000 anchors, 250,000 values, 64 MiB of text, 10,000 merge
/// keys; at least one alias in ten has its own anchor once there are 100 aliases).
#[test]
fn each_limit_is_said_in_the_spec_author_terms() {
    let head = "name: t\nscopes:\n  a: {description: x}\nroutes:\n";
    // Depth: the top mapping (1), `routes` (2), the route (3), then each
    // `{all: [` opens two: the 31st `[` is level 65, at column
    // 41 + 30 * 7 + 7 of line 5.
    let mut req = "a".to_owned();
    for _ in 0..33 {
        req = format!("{{all: [{req}]}}");
    }
    let deep = format!("{head}  - {{path: /a, methods: [GET], requires: {req}}}\n");
    // 50,001 anchors: the last on line 3 + 50,000, its value at column 19
    // of `  s50000: &a50000 {`.
    let mut anchors = String::from("name: t\nscopes:\n");
    for i in 0..=50_000 {
        anchors.push_str(&format!("  s{i}: &a{i} {{description: x}}\n"));
    }
    // 250,001 values: 11 before the list (the top mapping, 3 keys, 2
    // values, 2 mappings, `description`, `x`, the list), so the
    // 249,990th `a` (each `a, ` three columns from column 15).
    let mut nodes = String::from("name: t\nscopes:\n  a:\n    description: x\n    implies: [");
    nodes.push_str(&vec!["a"; 250_001].join(", "));
    nodes.push_str("]\n");
    // 10,001 merge keys, the last on line 10,003.
    let mut merges = String::from("name: t\nscopes:\n");
    for _ in 0..=10_000 {
        merges.push_str("  <<: {}\n");
    }
    // 101 aliases of 1 anchor: found at the end of the file (line 105).
    let mut ratio = String::from("name: t\nscopes:\n  s0: &d {description: x}\n");
    for i in 1..=101 {
        ratio.push_str(&format!("  s{i}: *d\n"));
    }
    let cases = [
        (
            deep,
            "nested too deep: more than 64 levels",
            (5, 41 + 30 * 7 + 7),
        ),
        (
            anchors,
            "too many anchors (`&name`): more than 50000",
            (50_003, 19),
        ),
        (
            nodes,
            "too many values: more than 250000",
            (5, 15 + 3 * 249_989),
        ),
        (
            merges,
            "too many merge keys (`<<`): more than 10000",
            (10_003, 3),
        ),
        (
            ratio,
            "too many aliases for the anchors they use: 101 aliases of 1 anchors",
            (105, 1),
        ),
    ];
    for (yaml, message, at) in cases {
        check_limit(&yaml, message, at);
    }
}

#[test]
fn more_than_64_mib_of_text_is_too_much() {
    // 64 MiB and one byte of text in one value, at column 20.
    let yaml = format!(
        "name: t\nscopes:\n  a: {{description: {}}}\n",
        "x".repeat(64 * 1024 * 1024 + 1)
    );
    check_limit(
        &yaml,
        "too much text: more than 67108864 bytes of values",
        (3, 20),
    );
}

fn check_limit(yaml: &str, message: &str, at: (usize, usize)) {
    let (_, report) = check_str("t.yaml", yaml);
    let errors: Vec<_> = report.errors().collect();
    assert_eq!(errors.len(), 1, "{message}");
    let d = errors[0];
    assert_eq!(d.message, message);
    assert_eq!(report.file.line_col(d.span.start), at, "{message}");
    assert_eq!(d.label, "here", "{message}");
    assert_eq!(d.help.as_deref(), Some(SIMPLIFY), "{message}");
}

#[test]
fn a_colon_in_a_comment_does_not_make_a_key() {
    // `b` alone is not `key: value`; the `:` at the end of the comment is
    // no key's `:`, so the help is the general one.
    let (_, report) = check_str(
        "t.yaml",
        "name: t\nscopes:\n  a: {description: x}\n  b # why:\n",
    );
    let d = report.errors().next().expect("an error");
    assert_eq!(d.message, "expected `key: value` here");
    assert_eq!(report.file.line_col(d.span.start), (4, 3));
    assert_eq!(
        d.help.as_deref(),
        Some("write `key: value`, or `- value` for an item of a list")
    );
}
