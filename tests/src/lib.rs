//! Helpers shared by the workspace's integration tests: reading the
//! document fixtures (the seed documents' facts) and the shipped specs.

pub mod differential;
pub mod reference;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The workspace root.
#[must_use]
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// `../shared/seeds` beside the workspace, when present.
#[must_use]
pub fn seeds() -> Option<PathBuf> {
    let p = root().join("../shared/seeds");
    p.is_dir().then_some(p)
}

/// One resource of Foxy's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoxyResource {
    /// Heading (`Gift Card`).
    pub title: String,
    /// Scope names in page order.
    pub scopes: Vec<String>,
    /// Paths in page order, with the resend mark.
    pub paths: Vec<(String, bool)>,
}

/// Foxy's page facts: the superuser and the resources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoxyDocument {
    /// `store_full_access`.
    pub superuser: String,
    /// Resources in page order.
    pub resources: Vec<FoxyResource>,
}

/// Parse `tests/fixtures/foxy_document.txt`.
#[must_use]
pub fn foxy_fixture() -> FoxyDocument {
    let text = std::fs::read_to_string(root().join("tests/fixtures/foxy_document.txt"))
        .expect("foxy fixture");
    let mut doc = FoxyDocument {
        superuser: String::new(),
        resources: Vec::new(),
    };
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        if let Some(s) = line.strip_prefix("superuser ") {
            doc.superuser = s.trim().to_owned();
        } else if let Some(rest) = line.strip_prefix('[') {
            let (title, scopes) = rest.split_once("] ").expect("[Title] scopes");
            doc.resources.push(FoxyResource {
                title: title.to_owned(),
                scopes: scopes.split_whitespace().map(str::to_owned).collect(),
                paths: Vec::new(),
            });
        } else {
            let (path, resend) = match line.strip_suffix(" *resend") {
                Some(p) => (p, true),
                None => (line, false),
            };
            doc.resources
                .last_mut()
                .expect("path after a resource")
                .paths
                .push((path.to_owned(), resend));
        }
    }
    doc
}

/// Parse Foxy's seed page text (as extracted, with its oddities) into the
/// same facts, independently of the fixture.
#[must_use]
pub fn foxy_from_seed(text: &str) -> FoxyDocument {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let superuser = text
        .split_whitespace()
        .find(|w| w.ends_with("_full_access"))
        .unwrap_or_default()
        .to_owned();
    let mut resources: Vec<FoxyResource> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(first) = lines[i].strip_prefix("Scopes:") else {
            i += 1;
            continue;
        };
        let mut r = FoxyResource {
            title: lines[i - 1].to_owned(),
            scopes: vec![first.trim().to_owned()],
            paths: Vec::new(),
        };
        i += 1;
        while let Some(s) = lines.get(i).and_then(|l| l.strip_prefix(',')) {
            r.scopes.push(s.trim().to_owned());
            i += 1;
        }
        if lines.get(i) == Some(&"*") {
            i += 1;
        }
        // Paths, where "* requiresresend" + "permission/next/path" marks the
        // path before the mark.
        while let Some(line) = lines.get(i) {
            if line.starts_with("* requires") {
                r.paths.last_mut().expect("mark after a path").1 = true;
            } else if let Some(path) = line.strip_prefix("permission") {
                r.paths.push((path.to_owned(), false));
            } else if line.starts_with('/') {
                r.paths.push(((*line).to_owned(), false));
            } else {
                break;
            }
            i += 1;
        }
        resources.push(r);
    }
    FoxyDocument {
        superuser,
        resources,
    }
}

/// The export JSON of a shipped spec, as (method, path) → effective groups.
#[must_use]
pub fn export_routes(spec: &str) -> BTreeMap<(String, String), Vec<BTreeSet<String>>> {
    let loaded = scopes_spec::load_file(root().join(spec)).expect("shipped spec is valid");
    let json: serde_json::Value =
        serde_json::from_str(&scopes_spec::export::to_json(&loaded.spec)).expect("json");
    json["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .map(|r| {
            let groups = r["requires"]
                .as_array()
                .expect("requires")
                .iter()
                .map(|g| {
                    g.as_array()
                        .expect("group")
                        .iter()
                        .map(|s| s.as_str().expect("scope").to_owned())
                        .collect()
                })
                .collect();
            (
                (
                    r["method"].as_str().expect("method").to_owned(),
                    r["path"].as_str().expect("path").to_owned(),
                ),
                groups,
            )
        })
        .collect()
}

/// Parse `scope | description` lines of the Fluveo fixture.
#[must_use]
pub fn fluveo_fixture() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/fluveo_document.txt"))
        .expect("fluveo fixture");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (s, d) = l.split_once(" | ").expect("scope | description");
            (s.trim().to_owned(), d.trim().to_owned())
        })
        .collect()
}

/// A concrete path for a template: parameters become `1`, and a
/// parameter inside a segment becomes `x`.
#[must_use]
pub fn example(template: &str) -> String {
    template
        .split('/')
        .map(|seg| {
            if seg.starts_with('{') && seg.ends_with('}') && seg.matches('{').count() == 1 {
                "1".to_owned()
            } else if let Some(open) = seg.find('{') {
                let close = seg.find('}').unwrap();
                format!("{}x{}", &seg[..open], &seg[close + 1..])
            } else {
                seg.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Reference matcher (a naive linear scan, independent of the engine): among templates matching the path, the one whose
/// segments are most specific first (literal < pattern < parameter).
#[must_use]
pub fn reference_match<'t>(templates: &[&'t str], path: &str) -> Option<&'t str> {
    let segs: Vec<&str> = path
        .trim_start_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let rank = |t: &str| -> Option<Vec<u8>> {
        let tsegs: Vec<&str> = t
            .trim_start_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        if tsegs.len() != segs.len() {
            return None;
        }
        let mut ranks = Vec::new();
        for (ts, s) in tsegs.iter().zip(&segs) {
            if let Some(open) = ts.find('{') {
                let close = ts.find('}').unwrap();
                let (pre, suf) = (&ts[..open], &ts[close + 1..]);
                if !(s.len() > pre.len() + suf.len() && s.starts_with(pre) && s.ends_with(suf)) {
                    return None;
                }
                ranks.push(if pre.is_empty() && suf.is_empty() {
                    2
                } else {
                    1
                });
            } else if ts == s {
                ranks.push(0);
            } else {
                return None;
            }
        }
        Some(ranks)
    };
    templates
        .iter()
        .filter_map(|t| Some((rank(t)?, *t)))
        .min()
        .map(|(_, t)| t)
}
