//! The properties the fuzz targets check, as plain functions: the afl
//! binaries in `src/bin` call them on each input, and `tests/replay.rs`
//! runs them over the seed corpus and every saved crash (`regressions/`).
//! A property that does not hold panics, which afl records as a crash.

use std::io::BufRead;
use std::sync::OnceLock;

pub mod bearer_jwt;
pub mod path_match;

pub use bearer_jwt::bearer_jwt;
pub use path_match::path_match;

/// Foxy's generated items: the tables the grant and batch targets use.
#[allow(missing_docs)]
pub mod foxy {
    scopes_runtime::include_spec!("../spec/foxy.yaml");
}

/// Fluveo's generated items: a spec with an extra delimiter (`,`).
#[allow(missing_docs)]
pub mod fluveo {
    scopes_runtime::include_spec!("../spec/fluveo.yaml");
}

/// Spec loading, as `scopes check` does it: any bytes give a report and
/// never a panic; a report without errors comes with a model that builds
/// tables and exports; any model (also a partial one) generates code that
/// parses as Rust.
pub fn spec_check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (spec, report) = scopes_spec::check_str("fuzz.yaml", text);
    let _ = report.render(false);
    for d in report.errors() {
        assert!(!report.location(d).is_empty());
    }
    let Some(spec) = spec else {
        assert!(report.has_errors(), "no model and no error");
        return;
    };
    if !report.has_errors() {
        let tables = scopes_spec::tables::build(&spec);
        assert_eq!(tables.spec_id, scopes_spec::tables::spec_id(&spec));
        let _ = scopes_spec::export::to_json(&spec);
    }
    // include_spec! generates from partial models too: it must not panic
    // or hang, and what it prints must be Rust.
    let tokens = scopes_codegen::expand_spec::generate(&spec, std::path::Path::new("/fuzz.yaml"));
    assert!(
        syn::parse2::<syn::File>(tokens).is_ok(),
        "generated code does not parse"
    );
}

/// RFC 6749 §3.3 scope-token bytes, written from the RFC (not the crate).
fn rfc_token_byte(b: u8) -> bool {
    b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b)
}

/// The closure of `named` under `implies` and superusers, computed from
/// the generated enum (independent of the tables' bit sets).
fn reference_closure<S: Copy + PartialEq + 'static>(
    all: &[S],
    named: &[S],
    implies: impl Fn(S) -> &'static [S],
    superuser: impl Fn(S) -> bool,
) -> Vec<S> {
    let mut set: Vec<S> = named.to_vec();
    let mut i = 0;
    while i < set.len() {
        for &s in implies(set[i]) {
            if !set.contains(&s) {
                set.push(s);
            }
        }
        i += 1;
    }
    if set.iter().any(|&s| superuser(s)) {
        return all.to_vec();
    }
    set
}

macro_rules! check_grant {
    ($spec:ident, $text:expr, $delims:expr) => {{
        use $spec::Scope;
        let text: &str = $text;
        let delims: &[u8] = $delims;
        let bad = text.bytes().position(|b| b != b' ' && !rfc_token_byte(b));
        let generated = $spec::Granted::parse(text);
        let runtime = scopes_runtime::Granted::parse($spec::TABLES, text);
        match bad {
            Some(offset) => {
                let e = generated.expect_err("a byte outside the grammar must be refused");
                assert_eq!(e.offset, offset);
                assert_eq!(e.byte, text.as_bytes()[offset]);
                assert!(runtime.is_err());
            }
            None => {
                let g = generated.expect("well-formed scope strings parse");
                let r = runtime.expect("well-formed scope strings parse");
                let tokens: Vec<&str> = text
                    .split(|c: char| c == ' ' || (c.is_ascii() && delims.contains(&(c as u8))))
                    .filter(|t| !t.is_empty())
                    .collect();
                let named: Vec<Scope> = tokens
                    .iter()
                    .filter_map(|t| Scope::ALL.iter().copied().find(|s| s.as_str() == *t))
                    .collect();
                assert_eq!(r.stats().known as usize, named.len());
                assert_eq!(r.stats().unknown as usize, tokens.len() - named.len());
                let want =
                    reference_closure(&Scope::ALL, &named, Scope::implies, Scope::is_superuser);
                for s in Scope::ALL {
                    assert_eq!(g.contains(s), want.contains(&s), "{s:?} for {text:?}");
                    assert_eq!(r.contains_index(s.index()), want.contains(&s), "{s:?}");
                }
            }
        }
    }};
}

/// Grant parsing against Foxy's and Fluveo's tables, against a reference
/// written from RFC 6749 and the generated enum: malformed input is refused
/// at the first bad byte and grants nothing; otherwise exactly the named
/// scopes and their closure are granted, and unknown names are counted.
pub fn grant_parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check_grant!(foxy, text, &[]);
    check_grant!(fluveo, text, b",");
}

fn foxy_loaded() -> &'static scopes_runtime::LoadedSpec {
    static SPEC: OnceLock<scopes_runtime::LoadedSpec> = OnceLock::new();
    SPEC.get_or_init(|| {
        let text = include_str!("../../spec/foxy.yaml");
        scopes_runtime::LoadedSpec::from_str("foxy.yaml", text).expect("foxy loads")
    })
}

/// `scopes authorize --batch` line parsing: any bytes give one JSON object
/// per input line, in order, each a decision (`allow`/`deny`) or an
/// `error`, and never a panic.
pub fn batch_line(data: &[u8]) {
    let mut out = Vec::new();
    let (lines, allowed) =
        scopes_cli::authorize::batch(foxy_loaded(), data, &mut out).expect("in-memory I/O");
    let expected_lines =
        data.split(|&b| b == b'\n').count() - usize::from(data.is_empty() || data.ends_with(b"\n"));
    assert_eq!(lines as usize, expected_lines);
    let got: Vec<&[u8]> = out.split(|&b| b == b'\n').collect();
    assert_eq!(got.last(), Some(&&b""[..]), "output ends with a newline");
    assert_eq!(got.len() - 1, expected_lines);
    let mut allows = 0;
    for line in out.lines() {
        let line = line.expect("utf-8 output");
        let v: serde_json::Value = serde_json::from_str(&line).expect("each output line is JSON");
        match v.get("decision").and_then(|d| d.as_str()) {
            Some("allow") => allows += 1,
            Some("deny") => {}
            Some(other) => panic!("decision {other}"),
            None => assert!(
                v.get("error").is_some_and(serde_json::Value::is_string),
                "{line}"
            ),
        }
    }
    assert_eq!(allows, allowed);
}
