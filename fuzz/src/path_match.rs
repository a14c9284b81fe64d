//! Path matching and decisions, three ways: the matcher `include_spec!`
//! generates, the table engine (`Tables`, what a runtime-loaded spec uses)
//! and the reference matcher of `scopes-tests` (`tests/src/reference.rs`,
//! written from the README's rules). Any disagreement on a (method, path,
//! grant) is a crash. Specs: Foxy (small, patterns) and GitHub (wide).
//!
//! Input: byte 0 picks the spec (`& 1`), byte 1 the method (one the spec
//! serves, or an unknown one), byte 2 the grant (`% 4`: every scope, none,
//! or the text after the path); then `path` and optionally `\n` and a
//! scope string.

use std::sync::OnceLock;

use scopes_runtime::ScopeEnum;
use scopes_spec::Spec;
use scopes_tests::differential::{check, check_grant};
use scopes_tests::reference::Reference;

use crate::foxy;

/// GitHub's generated items (`scopes-bench/data/github.yaml`).
#[allow(missing_docs)]
pub mod github {
    scopes_runtime::include_spec!("../scopes-bench/data/github.yaml");
}

/// Methods no spec serves, cased or spelled wrong.
const UNKNOWN: &[&str] = &["BREW", "get", "", "GETS", "TRACE", "P0ST", "PATC"];

/// A spec's model, its reference, methods and scope names.
struct Subject {
    reference: Reference<'static>,
    methods: Vec<String>,
    all: String,
}

impl Subject {
    fn load(name: &str, text: &str) -> Self {
        let spec: &'static Spec = Box::leak(Box::new(
            scopes_spec::load_str(name, text)
                .expect("shipped spec")
                .spec,
        ));
        let mut methods: Vec<String> = spec
            .routes
            .iter()
            .flat_map(|r| r.methods.keys().map(|m| m.as_str().to_owned()))
            .collect();
        methods.sort();
        methods.dedup();
        methods.extend(UNKNOWN.iter().map(|&m| m.to_owned()));
        let all = spec
            .scopes
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Subject {
            reference: Reference::new(spec),
            methods,
            all,
        }
    }
}

fn foxy_subject() -> &'static Subject {
    static S: OnceLock<Subject> = OnceLock::new();
    S.get_or_init(|| Subject::load("foxy.yaml", include_str!("../../spec/foxy.yaml")))
}

fn github_subject() -> &'static Subject {
    static S: OnceLock<Subject> = OnceLock::new();
    S.get_or_init(|| {
        Subject::load(
            "github.yaml",
            include_str!("../../scopes-bench/data/github.yaml"),
        )
    })
}

/// The target: see the module docs.
pub fn path_match(data: &[u8]) {
    let [spec, method, grant, rest @ ..] = data else {
        return;
    };
    let Ok(rest) = std::str::from_utf8(rest) else {
        return;
    };
    let (path, scope) = rest.split_once('\n').unwrap_or((rest, ""));
    if spec & 1 == 0 {
        one::<foxy::Scope, { foxy_words() }>(foxy_subject(), *method, *grant, path, scope);
    } else {
        one::<github::Scope, { github_words() }>(github_subject(), *method, *grant, path, scope);
    }
}

const fn foxy_words() -> usize {
    foxy::Scope::COUNT.div_ceil(64)
}

const fn github_words() -> usize {
    github::Scope::COUNT.div_ceil(64)
}

fn one<S: ScopeEnum, const W: usize>(s: &Subject, method: u8, grant: u8, path: &str, scope: &str) {
    let scope = match grant % 4 {
        0 => s.all.as_str(),
        1 => "",
        _ => scope,
    };
    let method = &s.methods[usize::from(method) % s.methods.len()];
    let granted = check_grant::<S, W>(&s.reference, S::tables(), scope);
    check(&s.reference, S::tables(), method, path, &granted);
}
