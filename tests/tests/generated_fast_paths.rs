//! The generated matcher's fast paths (issue #10), request by request:
//! every template prefix and its near spellings, so each literal compare
//! (a literal with the `/` after it, a path ending in the literal), each
//! parameter scan and each hand-over to the tables' slow path is taken on
//! purpose, and the method key on every length around its 3-to-6-byte
//! window. The generated matcher, the tables and the reference matcher
//! (written from the README's rules, `scopes_tests::reference`) must agree
//! on each (`scopes_tests::differential::check`).

use scopes_runtime::ScopeEnum;
use scopes_spec::template::Segment;
use scopes_tests::differential::{check, check_grant};
use scopes_tests::reference::Reference;
use scopes_tests::root;

mod foxy {
    scopes_runtime::include_spec!("../spec/foxy.yaml");
}
mod github {
    scopes_runtime::include_spec!("../scopes-bench/data/github.yaml");
}

/// Parameter values: plain, and each kind of byte the fast scan must hand
/// over (`%`, dots, `-`, `~`, a space, non-ASCII, a query string).
const VALUES: &[&str] = &[
    "1",
    "12345678",
    "123456789",
    "octocat",
    "a-b_c",
    "v1.2",
    "x.",
    ".",
    "..",
    "~me",
    "%41",
    "a%2Fb",
    "a b",
    "caf\u{e9}",
    "1?x=1",
    "",
];

/// Methods around the key's window: every length from 1 to 9, known and
/// unknown, upper and lower case.
const METHODS: &[&str] = &[
    "GET",
    "PUT",
    "POST",
    "HEAD",
    "PATCH",
    "DELETE",
    "OPTIONS",
    "CONNECT",
    "TRACE",
    "get",
    "GE",
    "G",
    "GETS",
    "POSTS",
    "DELETES",
    "PATCHES",
    "PROPFIND",
    "MKCALENDAR",
    "DELETF",
    "PATCI",
];

/// Near spellings of a literal segment: one byte changed, added, removed.
fn near(lit: &str) -> Vec<String> {
    let mut out = vec![format!("{lit}x"), format!("x{lit}")];
    if lit.len() > 1 {
        out.push(lit[..lit.len() - 1].to_owned());
        let mut b = lit.as_bytes().to_vec();
        let last = b.len() - 1;
        b[last] = if b[last] == b'z' { b'y' } else { b'z' };
        out.push(String::from_utf8(b).expect("ASCII literal"));
    }
    out
}

/// Paths for one template: each prefix (ending at a literal or at a
/// parameter), with each parameter value, the near spellings of its last
/// literal, a trailing `/`, an empty segment and a query string.
fn paths(segments: &[Segment]) -> Vec<String> {
    let mut out = Vec::new();
    for end in 1..=segments.len() {
        for value in VALUES {
            let mut p = String::new();
            for (i, seg) in segments[..end].iter().enumerate() {
                p.push('/');
                match seg {
                    Segment::Static(s) => p.push_str(s),
                    // The value under test goes last; earlier ones plain.
                    _ if i + 1 < end => p.push('1'),
                    Segment::Param(_) => p.push_str(value),
                    Segment::Pattern {
                        prefix,
                        suffix,
                        more,
                        ..
                    } => {
                        p.push_str(prefix);
                        p.push_str(value);
                        for (lit, _) in more {
                            p.push_str(lit);
                            p.push_str(value);
                        }
                        p.push_str(suffix);
                    }
                }
            }
            out.push(format!("{p}/"));
            out.push(format!("{p}//x"));
            out.push(format!("{p}?q=1"));
            if let Segment::Static(s) = &segments[end - 1] {
                let parent = &p[..p.len() - s.len()];
                out.extend(near(s).into_iter().map(|n| format!("{parent}{n}")));
            }
            out.push(p);
        }
    }
    out
}

fn run<S: ScopeEnum, const W: usize>(path: &str) -> usize {
    let spec = scopes_spec::load_file(root().join(path))
        .expect("valid spec")
        .spec;
    let r = Reference::new(&spec);
    let tables = S::tables();
    let names: Vec<&str> = spec.scopes.iter().map(|s| s.name.as_str()).collect();
    let all = check_grant::<S, W>(&r, tables, &names.join(" "));
    let mut n = 0;
    for route in &spec.routes {
        for p in paths(&route.template.segments) {
            for m in METHODS {
                check(&r, tables, m, &p, &all);
                n += 1;
            }
        }
    }
    for p in ["/", "/?x", "//", "/x", "/%2F", "/.", "/.."] {
        for m in METHODS {
            check(&r, tables, m, p, &all);
            n += 1;
        }
    }
    n
}

#[test]
fn every_prefix_and_near_spelling_agrees() {
    let foxy = run::<foxy::Scope, { foxy::Scope::COUNT.div_ceil(64) }>("spec/foxy.yaml");
    let github = run::<github::Scope, { github::Scope::COUNT.div_ceil(64) }>(
        "scopes-bench/data/github.yaml",
    );
    // Foxy and GitHub have 183 and 142 templates: thousands of requests each.
    assert!(foxy > 100_000 && github > 50_000, "{foxy} {github}");
}
