//! The whole-spec checks (`src/check.rs`) against what they promise (issue
//! 14 item 2, mutation testing): an ambiguous pair of routes is shown with
//! an example path that both really match; a scope is unused unless a
//! route needs it, it implies (directly or not) a needed scope, or it is a
//! superuser; every implication cycle is reported once.

use scopes_spec::template::parse;
use scopes_spec::{Severity, load_str};

/// The `e.g. /...` path in the label of the conflict error.
fn example(yaml: &str) -> String {
    let report = load_str("t.yaml", yaml).expect_err("conflict");
    let d = report
        .errors()
        .find(|d| d.message.contains("can match the same request"))
        .unwrap_or_else(|| panic!("{:#?}", report.diagnostics));
    d.label
        .strip_prefix("e.g. ")
        .unwrap_or_else(|| panic!("{}", d.label))
        .to_owned()
}

#[test]
fn a_conflict_is_shown_with_a_path_both_routes_match() {
    // Only routes of one shape conflict (a literal beats a pattern beats a
    // parameter), so the pairs are alike position by position.
    let pairs = [
        ("/a/{x}", "/a/{y}"),
        ("/{x}/b", "/{y}/b"),
        ("/{x}_ab/c", "/{y}b/c"),
        ("/{y}b/c", "/{x}_ab/c"),
        ("/ab{x}/c", "/a{y}/c"),
        ("/a{y}/c", "/ab{x}/c"),
        ("/q{x}/{z}", "/{w}s/{v}"),
        // The route sorted first has the shorter prefix (suffix): the
        // example takes the longer one (`~` sorts after `{`).
        ("/a{x}/c", "/a~{y}/c"),
        ("/{x}b/c", "/{y}~b/c"),
        // Several parameters in one segment: `/sx-xe/c` is in both,
        // `/sxe/c` is not in the first.
        ("/s{x}-{y}e/c", "/s{z}e/c"),
        ("/s{z}e/c", "/s{x}-{y}e/c"),
        ("/a{x}.{y}/c", "/{z}.b/c"),
    ];
    for (one, two) in pairs {
        let yaml = format!(
            "name: t\nscopes:\n  a: {{description: x}}\n  b: {{description: y}}\nroutes:\n  - {{path: \"{one}\", methods: [GET], requires: a}}\n  - {{path: \"{two}\", methods: [GET], requires: b}}\n"
        );
        let path = example(&yaml);
        let segments: Vec<&str> = path[1..].split('/').collect();
        for t in [one, two] {
            assert!(
                parse(t).unwrap().matches(&segments),
                "{one} / {two}: example {path} does not match {t}"
            );
        }
    }
}

/// A route's own template with every parameter written `x`: its shortest
/// request (`/s{x}-{y}e/c` gives `/sx-xe/c`).
fn own_example(template: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in template.chars() {
        match c {
            '{' => in_param = true,
            '}' => {
                in_param = false;
                out.push('x');
            }
            _ if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn a_conflict_example_is_a_route_own_shortest_request_when_both_match_it() {
    // (first, second, the route whose own example both match). A joined
    // example (longer prefix, both routes' middle literals, longer suffix)
    // would also be matched by both, but it is longer: `/x-x-x.txt/c` here.
    let cases = [
        ("/{a}-{b}/c", "/{c}-{d}.txt/c", "/{c}-{d}.txt/c"),
        ("/{c}-{d}.txt/c", "/{a}-{b}/c", "/{c}-{d}.txt/c"),
        ("/s{z}e/c", "/s{x}-{y}e/c", "/s{x}-{y}e/c"),
    ];
    for (one, two, shortest) in cases {
        let yaml = format!(
            "name: t\nscopes:\n  a: {{description: x}}\n  b: {{description: y}}\nroutes:\n  - {{path: \"{one}\", methods: [GET], requires: a}}\n  - {{path: \"{two}\", methods: [GET], requires: b}}\n"
        );
        let want = own_example(shortest);
        let segments: Vec<&str> = want[1..].split('/').collect();
        for t in [one, two] {
            assert!(
                parse(t).unwrap().matches(&segments),
                "{want} must match {t}"
            );
        }
        assert_eq!(example(&yaml), want, "{one} / {two}");
    }
}

#[test]
fn routes_matching_the_same_requests_with_one_requirement_only_warn() {
    let yaml = "name: t\nscopes:\n  a: {description: x}\nroutes:\n  - {path: \"/a/{x}\", methods: [GET], requires: a}\n  - {path: \"/a/{y}\", methods: [GET], requires: a}\n  - {path: \"/b/{x}\", methods: [GET], requires: a}\n";
    let loaded = load_str("t.yaml", yaml).expect("a warning only");
    let warnings: Vec<&str> = loaded
        .report
        .warnings()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        warnings,
        ["route `/a/{y}` matches the same requests as `/a/{x}`"]
    );
}

const SCOPES: &str = "name: t
scopes:
  root: {description: r, superuser: true}
  reader: {description: x}
  wider: {description: w, implies: [reader]}
  widest: {description: w, implies: [wider]}
  lonely: {description: l}
  c1: {description: c, implies: [c2]}
  c2: {description: c, implies: [c3]}
  c3: {description: c, implies: [c1]}
  self: {description: s, implies: [self]}
routes:
  - {path: /r, methods: [GET], requires: reader}
";

#[test]
fn unused_scopes_are_those_nothing_needs() {
    let loaded = load_str("t.yaml", SCOPES).expect("warnings only");
    let report = &loaded.report;
    let mut unused: Vec<(&str, usize)> = report
        .warnings()
        .filter(|d| d.message.ends_with("is not used by any route"))
        .map(|d| {
            let name = d.message.split('`').nth(1).unwrap();
            (name, report.file.line_col(d.span.start).0)
        })
        .collect();
    unused.sort_unstable();
    assert_eq!(
        unused,
        [
            ("c1", 8),
            ("c2", 9),
            ("c3", 10),
            ("lonely", 7),
            ("self", 11)
        ]
    );
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning)
    );
}

#[test]
fn each_implication_cycle_is_reported_once() {
    let loaded = load_str("t.yaml", SCOPES).expect("warnings only");
    let mut cycles: Vec<String> = loaded
        .report
        .warnings()
        .filter_map(|d| d.message.strip_prefix("implication cycle: "))
        .map(str::to_owned)
        .collect();
    cycles.sort();
    assert_eq!(cycles, ["c1 → c2 → c3 → c1", "self → self"]);
    // No cycle, no warning: a chain is not a cycle.
    let chain = "name: t\nscopes:\n  a: {description: x, implies: [b]}\n  b: {description: y, implies: [c]}\n  c: {description: z}\nroutes:\n  - {path: /r, methods: [GET], requires: c}\n";
    let loaded = load_str("t.yaml", chain).expect("valid");
    assert_eq!(
        loaded.report.warnings().count(),
        0,
        "{:#?}",
        loaded.report.diagnostics
    );
}
