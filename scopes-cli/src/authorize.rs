//! `scopes authorize`: one decision in words or JSON, or a JSON-lines batch
//! (an access log replayed against a token's scopes).

use std::collections::HashMap;
use std::io::{BufRead, Write};

use scopes_runtime::{Decision, Granted, LoadedSpec, Tables};
use serde::{Deserialize, Serialize};

/// One decision, in the batch output shape.
#[derive(Debug, Serialize)]
pub struct Outcome<'t> {
    /// `allow` or `deny`.
    pub decision: &'static str,
    /// `ok`, `insufficient_scope`, `no_route`, `method_not_allowed`, `invalid_path`.
    pub reason: &'static str,
    /// The matched template.
    pub route: Option<&'t str>,
    /// The unmet groups, each listing every scope whose grant meets it.
    pub missing: Vec<Vec<&'t str>>,
}

/// Decide and explain.
pub fn outcome<'t>(tables: &Tables<'t>, method: &str, path: &str, granted: &[u64]) -> Outcome<'t> {
    outcome_of(tables, tables.authorize(method, path, granted), granted)
}

/// Explain a decision already made.
fn outcome_of<'t>(tables: &Tables<'t>, d: Decision, granted: &[u64]) -> Outcome<'t> {
    let missing = match d {
        Decision::Deny { requirement, .. } => tables
            .unmet_groups(requirement, granted)
            .map(|g| {
                tables
                    .effective_group(g)
                    .map(|s| tables.scope_name(s))
                    .collect()
            })
            .collect(),
        _ => Vec::new(),
    };
    Outcome {
        decision: if d.is_allowed() { "allow" } else { "deny" },
        reason: d.reason(),
        route: d.route().map(|r| tables.template(r)),
        missing,
    }
}

/// The human explanation of one decision.
#[must_use]
pub fn explain(tables: &Tables<'_>, method: &str, path: &str, granted: &Granted) -> String {
    let words = granted.words();
    let d = tables.authorize(method, path, words);
    let o = outcome_of(tables, d, words);
    let mut out = format!("{}: {method} {path}\n", o.decision);
    let held: Vec<&str> = (0..tables.scope_count())
        .filter(|&s| granted.contains_index(s))
        .map(|s| tables.scope_name(s))
        .collect();
    match d {
        Decision::InvalidPath(e) => out.push_str(&format!(
            "  reason:   invalid_path ({e}); a non-canonical path matches no route\n"
        )),
        Decision::NoRoute => {
            out.push_str("  reason:   no_route: the spec has no route for this path\n")
        }
        Decision::MethodNotAllowed { route } => {
            let served: Vec<&str> = tables
                .methods_of(route)
                .iter()
                .map(|m| tables.method_name(m.method))
                .collect();
            out.push_str(&format!(
                "  route:    {}\n  reason:   method_not_allowed: the route serves {}\n",
                tables.template(route),
                served.join(", ")
            ));
        }
        Decision::Allow { route, requirement } | Decision::Deny { route, requirement } => {
            let r = tables.requirements[requirement as usize];
            let groups: Vec<String> = (r.start..r.start + r.len)
                .map(|g| {
                    tables
                        .group_scopes(g)
                        .map(|s| tables.scope_name(s))
                        .collect::<Vec<_>>()
                        .join(" or ")
                })
                .collect();
            out.push_str(&format!(
                "  route:    {method} {}\n",
                tables.template(route)
            ));
            out.push_str(&format!(
                "  requires: {}\n",
                if groups.is_empty() {
                    "nothing (public)".to_owned()
                } else {
                    groups.join(", and ")
                }
            ));
            out.push_str(&format!(
                "  granted:  {}\n",
                if held.is_empty() {
                    "nothing".to_owned()
                } else {
                    held.join(" ")
                }
            ));
            if d.is_allowed() {
                out.push_str("  reason:   ok\n");
            } else {
                for m in &o.missing {
                    out.push_str(&format!("  missing:  one of {}\n", m.join(", ")));
                }
                out.push_str("  reason:   insufficient_scope\n");
            }
        }
        _ => out.push_str(&format!("  reason:   {}\n", o.reason)),
    }
    if granted.stats().unknown > 0 {
        out.push_str(&format!(
            "  note:     {} granted name(s) are not scopes of this spec and grant nothing\n",
            granted.stats().unknown
        ));
    }
    out
}

#[derive(Deserialize)]
struct Line<'a> {
    #[serde(borrow)]
    method: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    path: std::borrow::Cow<'a, str>,
    #[serde(borrow, default)]
    granted: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
struct LineError {
    error: String,
}

/// Replay JSON lines from `input` to `output`, one result line per input
/// line, in order. Returns (lines, allowed).
///
/// # Errors
/// Reading or writing failed.
pub fn batch(
    spec: &LoadedSpec,
    input: impl BufRead,
    mut output: impl Write,
) -> std::io::Result<(u64, u64)> {
    let tables = spec.tables();
    // Access logs repeat tokens: parse each distinct scope string once.
    let mut grants: HashMap<String, Result<Granted, String>> = HashMap::new();
    let (mut lines, mut allowed) = (0u64, 0u64);
    let mut buf = Vec::with_capacity(256);
    for line in input.split(b'\n') {
        let line = line?;
        let line = line.strip_suffix(b"\r").unwrap_or(&line);
        lines += 1;
        buf.clear();
        match serde_json::from_slice::<Line<'_>>(line) {
            Err(e) => serde_json::to_writer(
                &mut buf,
                &LineError {
                    error: format!("line {lines}: {e}"),
                },
            )?,
            Ok(l) => {
                if !grants.contains_key(l.granted.as_ref()) {
                    if grants.len() > 100_000 {
                        grants.clear();
                    }
                    let g = Granted::parse(&tables, &l.granted)
                        .map_err(|e| format!("line {lines}: granted: {e}"));
                    grants.insert(l.granted.to_string(), g);
                }
                match &grants[l.granted.as_ref()] {
                    Err(e) => serde_json::to_writer(&mut buf, &LineError { error: e.clone() })?,
                    Ok(g) => {
                        let o = outcome(&tables, &l.method, &l.path, g.words());
                        allowed += u64::from(o.decision == "allow");
                        serde_json::to_writer(&mut buf, &o)?;
                    }
                }
            }
        }
        buf.push(b'\n');
        output.write_all(&buf)?;
    }
    output.flush()?;
    Ok((lines, allowed))
}
