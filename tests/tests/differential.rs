//! Differential tests: the matcher `include_spec!` generates, the table
//! engine (`Tables`, the same one a runtime-loaded spec uses) and the
//! reference matcher (`scopes_tests::reference`, written from the README's
//! rules) make the same decision on every (method, template) of six specs
//! and on random and adversarial requests: non-canonical and
//! percent-encoded paths, literal near misses, literal-vs-parameter
//! backtracking, unknown methods, malformed grants.
//!
//! CI runs `CASES` random requests per spec. The long mode runs
//! `SCOPES_DIFF_CASES` (default 10,000,000) per spec:
//! `cargo test --release -p scopes-tests --test differential -- --ignored`.

use scopes_runtime::{Decision, ScopeEnum};
use scopes_spec::Spec;
use scopes_spec::template::Segment;
use scopes_tests::differential::{check, check_grant};
use scopes_tests::reference::{Reference, Verdict};
use scopes_tests::root;

mod foxy {
    scopes_runtime::include_spec!("../spec/foxy.yaml");
}
mod fluveo {
    scopes_runtime::include_spec!("../spec/fluveo.yaml");
}
mod github {
    scopes_runtime::include_spec!("../scopes-bench/data/github.yaml");
}
mod gitlab {
    scopes_runtime::include_spec!("../scopes-bench/data/gitlab.yaml");
}
mod synthetic {
    scopes_runtime::include_spec!("../scopes-bench/data/synthetic_10000.yaml");
}
/// Trie shapes the shipped specs lack (see the file's comment).
mod shapes {
    scopes_runtime::include_spec!("fixtures/shapes.yaml");
}

/// Random requests per spec in CI.
const CASES: usize = 100_000;

/// One spec under test: its model, the reference, and the request pools.
struct Subject {
    spec: Spec,
    literals: Vec<String>,
    methods: Vec<String>,
    names: Vec<String>,
}

impl Subject {
    fn load(path: &str) -> Self {
        let spec = scopes_spec::load_file(root().join(path))
            .expect("valid spec")
            .spec;
        let mut literals: Vec<String> = spec
            .routes
            .iter()
            .flat_map(|r| r.template.segments.iter())
            .filter_map(|s| match s {
                Segment::Static(t) => Some(t.clone()),
                _ => None,
            })
            .collect();
        literals.sort();
        literals.dedup();
        let mut methods: Vec<String> = spec
            .routes
            .iter()
            .flat_map(|r| r.methods.keys().map(|m| m.as_str().to_owned()))
            .collect();
        methods.sort();
        methods.dedup();
        let names = spec.scopes.iter().map(|s| s.name.clone()).collect();
        Subject {
            spec,
            literals,
            methods,
            names,
        }
    }
}

/// Parameter values: plain, near misses of literals, sibling literals
/// (backtracking), and encodings canonical or not.
fn value(rng: &mut fastrand::Rng, s: &Subject) -> String {
    const ODD: &[&str] = &[
        "%C3%A9",
        "caf%C3%A9",
        "a%20",
        "%20",
        "a%09",
        "x%0a",
        "%2F",
        "a%2fb",
        "%2e",
        "%2E%2E",
        "%41",
        "a%3B",
        "a%23",
        "a%3Fx",
        "%00",
        "%zz",
        "%4",
        "%FF",
        "a;jsessionid=abc",
        ";",
        ".",
        "..",
        "",
        "a b",
        "a\tb",
        "é",
        "[1]",
        "a#b",
        "a?x=1",
        "a%C2%A0",
        "%E2%80%A8",
        "-",
        "~x",
        "a@b:c",
    ];
    match rng.usize(0..10) {
        0..=3 => rng.u32(0..100_000).to_string(),
        4 => s.literals[rng.usize(0..s.literals.len())].clone(),
        5 => {
            // A literal with one byte changed, cut or extended.
            let mut l = s.literals[rng.usize(0..s.literals.len())]
                .clone()
                .into_bytes();
            match rng.usize(0..3) {
                0 if !l.is_empty() => {
                    let i = rng.usize(0..l.len());
                    l[i] = if l[i] == b'a' { b'b' } else { b'a' };
                }
                1 if l.len() > 1 => {
                    l.pop();
                }
                _ => l.push(b'x'),
            }
            String::from_utf8(l).unwrap_or_default()
        }
        6..=7 => ODD[rng.usize(0..ODD.len())].to_owned(),
        _ => {
            let n = rng.usize(1..6);
            (0..n).map(|_| rng.alphanumeric()).collect()
        }
    }
}

/// A concrete segment for a template segment.
fn fill(rng: &mut fastrand::Rng, s: &Subject, seg: &Segment, exact: bool) -> String {
    let v = |rng: &mut fastrand::Rng| {
        if exact {
            rng.u32(1..1000).to_string()
        } else {
            value(rng, s)
        }
    };
    match seg {
        Segment::Static(t) => {
            if !exact && rng.usize(0..20) == 0 {
                value(rng, s)
            } else {
                t.clone()
            }
        }
        Segment::Param(_) => v(rng),
        Segment::Pattern {
            prefix,
            suffix,
            more,
            ..
        } => {
            let mut out = format!("{prefix}{}", v(rng));
            for (lit, _) in more {
                out.push_str(lit);
                out.push_str(&v(rng));
            }
            out.push_str(suffix);
            out
        }
    }
}

fn path_for(rng: &mut fastrand::Rng, s: &Subject, route: usize, exact: bool) -> String {
    let segs = &s.spec.routes[route].template.segments;
    let mut parts: Vec<String> = segs.iter().map(|seg| fill(rng, s, seg, exact)).collect();
    if !exact {
        match rng.usize(0..12) {
            0 => parts.push(value(rng, s)),
            1 => {
                parts.pop();
            }
            2 => parts.push(String::new()), // trailing `/`
            3 => {
                let i = rng.usize(0..=parts.len());
                parts.insert(i, String::new()); // `//`
            }
            4 => parts.extend((0..rng.usize(20..40)).map(|_| "a".to_owned())),
            _ => {}
        }
    }
    let mut p = format!("/{}", parts.join("/"));
    if !exact && rng.usize(0..15) == 0 {
        p.push_str("?q=1/../x");
    }
    if !exact && rng.usize(0..40) == 0 {
        p = p.trim_start_matches('/').to_owned();
    }
    p
}

fn method(rng: &mut fastrand::Rng, s: &Subject, route: usize) -> String {
    const UNKNOWN: &[&str] = &[
        "BREW", "get", "", "GETS", "TRACE", "CONNECT", "P0ST", "PATC",
    ];
    match rng.usize(0..8) {
        0..=4 => {
            let m = &s.spec.routes[route].methods;
            m.keys()
                .nth(rng.usize(0..m.len()))
                .map_or("GET".to_owned(), |m| m.as_str().to_owned())
        }
        5..=6 => s.methods[rng.usize(0..s.methods.len())].clone(),
        _ => UNKNOWN[rng.usize(0..UNKNOWN.len())].to_owned(),
    }
}

fn scope_string(rng: &mut fastrand::Rng, s: &Subject) -> String {
    const BAD: &[&str] = &["\"x\"", "a\\b", "caf\u{e9}", "a\tb", "\u{0}", "x\u{7f}"];
    let delims: Vec<char> = std::iter::once(' ')
        .chain(s.spec.delimiters.iter().map(|&d| char::from(d)))
        .collect();
    let n = rng.usize(0..6);
    let mut out = String::new();
    for i in 0..n {
        if i > 0 || rng.usize(0..10) == 0 {
            out.push(delims[rng.usize(0..delims.len())]);
        }
        match rng.usize(0..12) {
            0 => {
                let name = &s.names[rng.usize(0..s.names.len())];
                out.push_str(&name[..name.len().saturating_sub(1)]);
            }
            1 => out.push_str("unknown_scope"),
            2 if rng.usize(0..4) == 0 => out.push_str(BAD[rng.usize(0..BAD.len())]),
            // A bad byte inside a name, where 8 bytes are read at once.
            3 if rng.usize(0..4) == 0 => {
                let name = &s.names[rng.usize(0..s.names.len())];
                let at = rng.usize(0..=name.len());
                out.push_str(&name[..at]);
                out.push_str(BAD[rng.usize(0..BAD.len())]);
                out.push_str(&name[at..]);
            }
            _ => out.push_str(&s.names[rng.usize(0..s.names.len())]),
        }
    }
    out
}

fn run<S: ScopeEnum, const W: usize>(path: &str, cases: usize, seed: u64) -> usize {
    let s = Subject::load(path);
    let r = Reference::new(&s.spec);
    let tables = S::tables();
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut n = 0;
    // Every (method, template), an unknown method, and a grant of all.
    let all = check_grant::<S, W>(&r, tables, &s.names.join(" "));
    let none = check_grant::<S, W>(&r, tables, "");
    for (i, route) in s.spec.routes.iter().enumerate() {
        let p = path_for(&mut rng, &s, i, true);
        for m in route.methods.keys() {
            check(&r, tables, m.as_str(), &p, &all);
            check(&r, tables, m.as_str(), &p, &none);
            n += 2;
        }
        check(&r, tables, "BREW", &p, &all);
        n += 1;
    }
    for _ in 0..cases {
        let route = rng.usize(0..s.spec.routes.len());
        let exact = rng.usize(0..4) == 0;
        let p = path_for(&mut rng, &s, route, exact);
        let m = method(&mut rng, &s, route);
        let granted = check_grant::<S, W>(&r, tables, &scope_string(&mut rng, &s));
        check(&r, tables, &m, &p, &granted);
        n += 1;
    }
    n
}

macro_rules! specs {
    // The requests that agree, per spec.
    ($f:ident) => {{
        [
            $f::<foxy::Scope, { foxy_words() }>("spec/foxy.yaml"),
            $f::<fluveo::Scope, { fluveo_words() }>("spec/fluveo.yaml"),
            $f::<github::Scope, { github_words() }>("scopes-bench/data/github.yaml"),
            $f::<gitlab::Scope, { gitlab_words() }>("scopes-bench/data/gitlab.yaml"),
            $f::<synthetic::Scope, { synthetic_words() }>("scopes-bench/data/synthetic_10000.yaml"),
            $f::<shapes::Scope, { shapes_words() }>("tests/fixtures/shapes.yaml"),
        ]
    }};
}

const fn foxy_words() -> usize {
    foxy::Scope::COUNT.div_ceil(64)
}
const fn fluveo_words() -> usize {
    fluveo::Scope::COUNT.div_ceil(64)
}
const fn github_words() -> usize {
    github::Scope::COUNT.div_ceil(64)
}
const fn gitlab_words() -> usize {
    gitlab::Scope::COUNT.div_ceil(64)
}
const fn shapes_words() -> usize {
    shapes::Scope::COUNT.div_ceil(64)
}
const fn synthetic_words() -> usize {
    synthetic::Scope::COUNT.div_ceil(64)
}

fn ci<S: ScopeEnum, const W: usize>(path: &str) -> usize {
    let t = std::time::Instant::now();
    let cases = std::env::var("SCOPES_DIFF_CI_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CASES);
    let n = run::<S, W>(path, cases, 0x5C0_9E5);
    eprintln!(
        "{path}: {n} requests agree in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    n
}

fn long<S: ScopeEnum, const W: usize>(path: &str) -> usize {
    let cases = std::env::var("SCOPES_DIFF_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000);
    let t = std::time::Instant::now();
    let n = run::<S, W>(path, cases, 0x10_4E5);
    eprintln!(
        "{path}: {n} requests agree in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    n
}

#[test]
fn generated_tables_and_reference_agree() {
    // Every spec's every (method, template) and its random requests.
    let per_spec = specs!(ci);
    assert!(per_spec.iter().all(|&n| n > 0), "{per_spec:?}");
}

#[test]
#[ignore = "long run: cargo test --release -p scopes-tests --test differential -- --ignored"]
fn generated_tables_and_reference_agree_long() {
    let t = std::time::Instant::now();
    let n: usize = specs!(long).iter().sum();
    eprintln!("{n} requests agree in {:.1} s", t.elapsed().as_secs_f64());
}

/// The near misses, one by one, with what each engine says.
#[test]
fn near_misses_are_invalid_in_every_engine() {
    let s = Subject::load("spec/foxy.yaml");
    let r = Reference::new(&s.spec);
    let granted = foxy::Granted::parse("store_full_access").unwrap();
    let _ = check_grant::<foxy::Scope, 1>(&r, foxy::TABLES, "store_full_access");
    for path in [
        "/transactions/7/send_emails%20",
        "/transactions/7/send_emails;jsessionid=abc",
        "/transactions/7/send_emails%09",
        "/transactions/7/send_emails%0a",
        "/transactions/7/send_emails%23",
        "/transactions/7/send_emails%3Fx",
        "/transactions/7%3B/send_emails",
        "/transactions/caf\u{e9}/send_emails",
    ] {
        assert!(
            matches!(granted.authorize("POST", path), Decision::InvalidPath(_)),
            "{path}"
        );
        assert!(
            matches!(
                foxy::TABLES.authorize("POST", path, granted.words()),
                Decision::InvalidPath(_)
            ),
            "{path}"
        );
        assert_eq!(
            r.decide("POST", path, &vec![true; s.names.len()]),
            Verdict::Invalid,
            "{path}"
        );
    }
    // The canonical spelling next to them is served.
    assert!(
        granted
            .authorize("POST", "/transactions/7/send_emails")
            .is_allowed()
    );
}
