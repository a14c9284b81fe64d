//! `scopes authorize`: one decision in words or JSON, or a JSON-lines batch
//! (an access log replayed against a token's scopes).

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufRead, Write};

use scopes_core::requirement::{Style, describe};
use scopes_runtime::{Decision, Granted, LoadedSpec, Tables};
use serde::{Deserialize, Serialize};

/// One decision, in the batch output shape.
#[derive(Debug, Serialize)]
pub struct Outcome<'t> {
    /// `allow` or `deny`.
    pub decision: &'static str,
    /// `ok`, `insufficient_scope`, `unauthenticated`, `no_route`,
    /// `method_not_allowed`, `invalid_path`.
    pub reason: &'static str,
    /// The matched template.
    pub route: Option<&'t str>,
    /// The unmet groups, each listing every scope whose grant meets it
    /// (`[]` for the authenticated level's group: any valid token).
    pub missing: Vec<Vec<&'t str>>,
}

/// Decide and explain a request holding a token with `granted` (closed).
pub fn outcome<'t>(tables: &Tables<'t>, method: &str, path: &str, granted: &[u64]) -> Outcome<'t> {
    outcome_token(tables, method, path, Some(granted))
}

/// Decide and explain a request with a token (`Some`: its closed scope
/// set) or without one (`None`).
pub fn outcome_token<'t>(
    tables: &Tables<'t>,
    method: &str,
    path: &str,
    token: Option<&[u64]>,
) -> Outcome<'t> {
    let d = tables.authorize_token(method, path, token);
    outcome_of(tables, d, token.unwrap_or_default())
}

/// Explain a decision already made.
fn outcome_of<'t>(tables: &Tables<'t>, d: Decision, granted: &[u64]) -> Outcome<'t> {
    let missing = match d {
        Decision::Deny { requirement, .. } | Decision::Unauthenticated { requirement, .. } => {
            tables
                .unmet_groups(requirement, granted)
                .map(|g| {
                    tables
                        .effective_group(g)
                        .map(|s| tables.scope_name(s))
                        .collect()
                })
                .collect()
        }
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
    let d = tables.authorize_token(method, path, granted.token());
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
        Decision::Allow { route, requirement }
        | Decision::Deny { route, requirement }
        | Decision::Unauthenticated { route, requirement } => {
            let r = tables.requirements[requirement as usize];
            let groups = (r.start..r.start + r.len)
                .map(|g| tables.group_scopes(g).map(|s| tables.scope_name(s)));
            out.push_str(&format!(
                "  route:    {method} {}\n",
                tables.template(route)
            ));
            out.push_str(&format!("  requires: {}\n", describe(groups, Style::Plain)));
            out.push_str(&format!(
                "  granted:  {}\n",
                if !granted.has_token() {
                    "no token".to_owned()
                } else if held.is_empty() {
                    "nothing (a token with no scope)".to_owned()
                } else {
                    held.join(" ")
                }
            ));
            if d.is_allowed() {
                out.push_str("  reason:   ok\n");
            } else if !granted.has_token() {
                out.push_str("  reason:   unauthenticated: the route needs a token (401)\n");
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

/// The one documented request shape: `{"method", "path", "granted"?,
/// "token"?}`; `"token": false` is a request without a token.
/// Unknown keys are errors (a misspelled `granted` would otherwise be an
/// empty grant), and so is any other JSON value (an array is not read as
/// positional fields).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line<'a> {
    #[serde(borrow)]
    method: Cow<'a, str>,
    #[serde(borrow)]
    path: Cow<'a, str>,
    #[serde(borrow, default)]
    granted: Cow<'a, str>,
    #[serde(default = "with_token")]
    token: bool,
}

fn with_token() -> bool {
    true
}

impl<'a> Line<'a> {
    /// Parse one input line.
    fn parse(line: &'a [u8]) -> Result<Self, Undecided> {
        let first = line.iter().find(|b| !b.is_ascii_whitespace());
        if first != Some(&b'{') {
            return Err(Undecided::new(
                r#"expected a JSON object such as {"method":"GET","path":"/x","granted":"a b"}"#,
            ));
        }
        serde_json::from_slice(line).map_err(|e| Undecided::json(&e))
    }
}

/// Why a line gets no decision: what is wrong, and at which column of the
/// line when known.
struct Undecided {
    column: Option<usize>,
    message: String,
}

impl Undecided {
    fn new(message: impl Into<String>) -> Self {
        Self {
            column: None,
            message: message.into(),
        }
    }

    /// serde_json reads each input line as a whole JSON text, so its
    /// position is always on its line 1: keep only the column.
    fn json(e: &serde_json::Error) -> Self {
        let text = e.to_string();
        let place = format!(" at line {} column {}", e.line(), e.column());
        match text.strip_suffix(&place) {
            Some(message) => Self {
                column: Some(e.column()),
                message: message.to_owned(),
            },
            None => Self::new(text),
        }
    }

    /// The error line's text for input line `line` (`line N: ..`, as
    /// documented).
    fn on_line(&self, line: u64) -> String {
        match self.column {
            Some(c) => format!("line {line}: {} (column {c})", self.message),
            None => format!("line {line}: {}", self.message),
        }
    }
}

#[derive(Serialize)]
struct LineError {
    error: String,
}

/// Parsed grants by scope string: access logs repeat tokens, so each
/// distinct string is parsed once. Bounded by entries and by bytes; a
/// string longer than [`GrantCache::MAX_KEY`] is parsed every time and
/// never kept. A full cache is emptied (a replay's working set is small).
struct GrantCache {
    map: HashMap<String, Result<Granted, String>>,
    bytes: usize,
    max_entries: usize,
    max_bytes: usize,
}

impl GrantCache {
    /// Longest scope string kept.
    const MAX_KEY: usize = 64 * 1024;

    fn new(max_entries: usize, max_bytes: usize) -> Self {
        Self {
            map: HashMap::new(),
            bytes: 0,
            max_entries,
            max_bytes,
        }
    }

    /// What an entry costs: its key, the parsed grant, and the error text.
    fn cost(key: &str, value: &Result<Granted, String>) -> usize {
        let value = match value {
            Ok(g) => std::mem::size_of_val(g.words()),
            Err(e) => e.len(),
        };
        key.len() + value + std::mem::size_of::<(String, Result<Granted, String>)>()
    }

    /// The parse of `scope` (the error text has no line number).
    fn get(&mut self, tables: &Tables<'_>, scope: &str) -> Cow<'_, Result<Granted, String>> {
        if !self.map.contains_key(scope) {
            let v = Granted::parse(tables, scope).map_err(|e| e.to_string());
            if scope.len() > Self::MAX_KEY {
                return Cow::Owned(v);
            }
            let cost = Self::cost(scope, &v);
            if self.map.len() >= self.max_entries || self.bytes + cost > self.max_bytes {
                self.map.clear();
                self.bytes = 0;
            }
            self.bytes += cost;
            self.map.insert(scope.to_owned(), v);
        }
        Cow::Borrowed(&self.map[scope])
    }
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
    let mut grants = GrantCache::new(100_000, 64 << 20);
    let (mut lines, mut allowed) = (0u64, 0u64);
    let mut buf = Vec::with_capacity(256);
    for line in input.split(b'\n') {
        let line = line?;
        let line = line.strip_suffix(b"\r").unwrap_or(&line);
        lines += 1;
        buf.clear();
        let decided = Line::parse(line).and_then(|l| match &*grants.get(&tables, &l.granted) {
            Ok(_) if !l.token && !l.granted.is_empty() => Err(Undecided::new(
                "`granted` with `\"token\": false`: scopes come with a token",
            )),
            Ok(_) if !l.token => Ok(outcome_token(&tables, &l.method, &l.path, None)),
            Ok(g) => Ok(outcome(&tables, &l.method, &l.path, g.words())),
            Err(e) => Err(Undecided::new(format!("granted: {e}"))),
        });
        match decided {
            Err(e) => serde_json::to_writer(
                &mut buf,
                &LineError {
                    error: e.on_line(lines),
                },
            )?,
            Ok(o) => {
                allowed += u64::from(o.decision == "allow");
                serde_json::to_writer(&mut buf, &o)?;
            }
        }
        buf.push(b'\n');
        output.write_all(&buf)?;
    }
    output.flush()?;
    Ok((lines, allowed))
}

#[cfg(test)]
mod tests {
    use scopes_runtime::LoadedSpec;

    use super::GrantCache;

    const SPEC: &str = "name: t
scopes:
  a: {description: x}
routes:
  - {path: /a, methods: [GET], requires: a}
";

    /// A grant string of exactly `len` bytes: `a` and then unknown names.
    fn grant(i: usize, len: usize) -> String {
        let mut s = format!("a u{i}");
        while s.len() < len {
            s.push('x');
        }
        s
    }

    #[test]
    fn the_grant_cache_is_bounded_by_bytes_and_skips_huge_strings() {
        let spec = LoadedSpec::from_str("t.yaml", SPEC).unwrap();
        let tables = spec.tables();
        let max_bytes = 1 << 20;
        let mut cache = GrantCache::new(1_000, max_bytes);
        // 100 distinct 100 KiB strings: far over 1 MiB in total, under the
        // entry limit. None is kept: each is over MAX_KEY.
        for i in 0..100 {
            let g = grant(i, 100 * 1024);
            assert!(cache.get(&tables, &g).is_ok());
            assert!(cache.map.is_empty() && cache.bytes == 0);
        }
        // 100 distinct 32 KiB strings are kept until 1 MiB is reached,
        // and the accounting matches what is held.
        let mut peak = 0;
        for i in 0..100 {
            let g = grant(i, 32 * 1024);
            assert!(cache.get(&tables, &g).is_ok());
            let held: usize = cache.map.keys().map(String::len).sum();
            assert!(cache.bytes >= held, "{} < {held}", cache.bytes);
            assert!(cache.bytes <= max_bytes, "{}", cache.bytes);
            assert!(cache.map.contains_key(&g));
            peak = peak.max(cache.map.len());
        }
        // 1 MiB holds 31 such strings, not 32 (each costs a bit over 32 KiB).
        assert_eq!(peak, 31);
        // The entry bound still holds for small strings.
        let mut small = GrantCache::new(10, max_bytes);
        for i in 0..25 {
            let _ = small.get(&tables, &grant(i, 8));
            assert!(small.map.len() <= 10);
        }
    }
}
