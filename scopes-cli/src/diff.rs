//! `scopes diff OLD NEW`: per route and method, what a spec change grants
//! or revokes.
//!
//! Requirements are compared in their effective form over scope names: a
//! grant G meets a requirement when every group shares a name with G. NEW
//! grants something OLD did not exactly when some OLD group can be avoided
//! while meeting NEW, that is, when every NEW group has a name outside that
//! OLD group. Revocations are the same test the other way round. The
//! levels come first: public lets in requests without a token, which the
//! authenticated level (`[[]]`: any token) does not; it lets in a token with
//! no scope, which a scope requirement does not. So public → authenticated
//! → scopes revokes (narrows), the reverse grants (widens).

use std::collections::BTreeMap;

use scopes_core::requirement::{Style, describe};
use scopes_spec::Spec;

type Effective = Vec<Vec<String>>;

fn table(spec: &Spec) -> BTreeMap<(String, String), Effective> {
    let closures = spec.closures();
    let mut out = BTreeMap::new();
    for r in &spec.routes {
        for (m, req) in &r.methods {
            out.insert(
                (r.template.text.clone(), m.as_str().to_owned()),
                spec.effective(req, &closures),
            );
        }
    }
    out
}

/// Public 0, authenticated 1 (`[[]]`), scopes 2.
fn rank(e: &Effective) -> u8 {
    match e.as_slice() {
        [] => 0,
        [g] if g.is_empty() => 1,
        _ => 2,
    }
}

/// Whether some request (a token and its grant, or no token) meets `a`
/// but not `b`.
fn meets_more(a: &Effective, b: &Effective) -> bool {
    match (rank(a), rank(b)) {
        (ra, rb) if ra != rb || ra < 2 => ra < rb,
        _ => b
            .iter()
            .any(|bg| a.iter().all(|ag| ag.iter().any(|s| !bg.contains(s)))),
    }
}

/// One line of the diff.
#[derive(Debug, PartialEq, Eq)]
pub struct Change {
    /// `grants`, `revokes`, `changes` (both), `added`, `removed`.
    pub kind: &'static str,
    /// Method.
    pub method: String,
    /// Template.
    pub path: String,
    /// Human detail.
    pub detail: String,
}

impl Change {
    /// Whether this change lets some request through that was refused
    /// before (what CI gates on).
    #[must_use]
    pub fn widens(&self) -> bool {
        matches!(self.kind, "grants" | "changes" | "added")
    }
}

/// Compare two specs.
#[must_use]
pub fn diff(old: &Spec, new: &Spec) -> Vec<Change> {
    let (a, b) = (table(old), table(new));
    let mut out = Vec::new();
    for ((path, method), ra) in &a {
        let key = (path.clone(), method.clone());
        match b.get(&key) {
            None => out.push(Change {
                kind: "removed",
                method: method.clone(),
                path: path.clone(),
                detail: format!("was {}", describe(ra, Style::Plain)),
            }),
            Some(rb) => {
                let (grants, revokes) = (meets_more(rb, ra), meets_more(ra, rb));
                let kind = match (grants, revokes) {
                    (true, true) => "changes",
                    (true, false) => "grants",
                    (false, true) => "revokes",
                    (false, false) => continue,
                };
                out.push(Change {
                    kind,
                    method: method.clone(),
                    path: path.clone(),
                    detail: format!(
                        "was {}; now {}",
                        describe(ra, Style::Plain),
                        describe(rb, Style::Plain)
                    ),
                });
            }
        }
    }
    for ((path, method), rb) in &b {
        if !a.contains_key(&(path.clone(), method.clone())) {
            out.push(Change {
                kind: "added",
                method: method.clone(),
                path: path.clone(),
                detail: format!("requires {}", describe(rb, Style::Plain)),
            });
        }
    }
    out.sort_by(|x, y| (&x.path, &x.method).cmp(&(&y.path, &y.method)));
    out
}
