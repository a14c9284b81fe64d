//! Printing an imported spec: scopes with descriptions, then routes grouped
//! by their first path segment (a YAML comment heads each group), one entry
//! per path and requirement with the methods that share it, operation ids
//! and summaries as notes, and the operations left out listed at the end.

use std::collections::HashSet;
use std::fmt::Write as _;

use serde_json::Value;

use crate::import::{Operation, Outcome};
use crate::logic::Clause;
use crate::yaml::scalar;

pub(crate) struct Input<'a> {
    pub name: &'a str,
    pub file: &'a str,
    pub doc: &'a Value,
    pub scopes: &'a [(String, String)],
    pub ops: &'a [Operation],
}

pub(crate) fn write(input: &Input<'_>) -> String {
    let mut out = String::new();
    let head_own = head_has_own_security(input.ops);
    header(&mut out, input, head_own);
    scopes(&mut out, input.scopes);
    routes(&mut out, input.ops, head_own);
    left_out(&mut out, input.ops);
    out
}

/// Whether the document gives HEAD its own security where the spec
/// cannot say it (a HEAD left out beside a GET kept): HEAD must then not
/// follow GET, or it would get GET's requirement instead of a denial.
fn head_has_own_security(ops: &[Operation]) -> bool {
    let kept = |o: &Operation| !matches!(o.outcome, Outcome::LeftOut(_));
    ops.iter().any(|head| {
        head.method == "HEAD"
            && !kept(head)
            && ops
                .iter()
                .any(|get| get.method == "GET" && get.path == head.path && kept(get))
    })
}

fn header(out: &mut String, input: &Input<'_>, head_own: bool) {
    let info = input.doc.get("info");
    let text = |k: &str| info.and_then(|i| i.get(k)).and_then(Value::as_str);
    let version = input
        .doc
        .get("openapi")
        .and_then(Value::as_str)
        .unwrap_or("3");
    let kept = input
        .ops
        .iter()
        .filter(|o| !matches!(o.outcome, Outcome::LeftOut(_)))
        .count();
    let file = std::path::Path::new(input.file).file_name().map_or_else(
        || input.file.to_owned(),
        |f| f.to_string_lossy().into_owned(),
    );
    let total = input.ops.len();
    let rest = if kept == total {
        ""
    } else {
        "; the rest are listed at the end"
    };
    let _ = writeln!(
        out,
        "# Imported from {file} (OpenAPI {version}) by `scopes import openapi`:\n# {kept} of {total} operations{rest}.",
    );
    out.push_str(if head_own {
        "# HEAD is listed with GET where the document gives HEAD no security of\n# its own: a HEAD the spec cannot say is left out, so HEAD does not follow GET.\n"
    } else {
        "# HEAD follows GET (RFC 9110) unless the document gives HEAD its own security.\n"
    });
    let bases = base_paths(input.doc);
    if !bases.is_empty() {
        let _ = writeln!(
            out,
            "# Paths are relative to the servers' base path {}: match requests\n# with it removed, or prefix the paths.",
            bases.join(", ")
        );
    }
    let _ = writeln!(out, "name: {}", scalar(input.name));
    if let Some(title) = text("title") {
        let _ = writeln!(out, "title: {}", scalar(title.trim()));
    }
    let source = match text("version") {
        Some(v) => format!("{file}, version {v}"),
        None => file,
    };
    let _ = writeln!(out, "source: {}", scalar(&source));
    if head_own {
        out.push_str("head_follows_get: false\n");
    }
}

/// The path parts of the `servers` URLs (`https://api.spotify.com/v1` →
/// `/v1`), distinct, without `/` alone: OpenAPI paths are relative to them.
fn base_paths(doc: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let servers = doc.get("servers").and_then(Value::as_array);
    for url in servers
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("url")?.as_str())
    {
        let path = match url.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]),
            None => url,
        };
        let path = path
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .trim_end_matches('/');
        if path.starts_with('/') && !out.iter().any(|p| p == path) {
            out.push(path.to_owned());
        }
    }
    out
}

fn scopes(out: &mut String, scopes: &[(String, String)]) {
    if scopes.is_empty() {
        out.push_str("scopes: {}\n");
        return;
    }
    out.push_str("scopes:\n");
    let mut idents = HashSet::new();
    for (name, description) in scopes {
        let _ = writeln!(out, "  {}:", scalar(name));
        let _ = writeln!(out, "    description: {}", scalar(description));
        let derived = scopes_spec::derive_ident(name);
        if !idents.insert(derived.clone()) {
            let ident = (2..)
                .map(|n| format!("{derived}{n}"))
                .find(|i| !idents.contains(i))
                .unwrap_or_default();
            idents.insert(ident.clone());
            let _ = writeln!(out, "    ident: {ident}");
        }
    }
}

/// The first `depth` segments: `/albums/{id}` → `/albums` at depth 1.
fn prefix(path: &str, depth: usize) -> &str {
    let mut end = path.len();
    let mut seen = 0;
    for (i, b) in path.bytes().enumerate().skip(1) {
        if b == b'/' {
            seen += 1;
            if seen == depth {
                end = i;
                break;
            }
        }
    }
    &path[..end]
}

/// More distinct paths than this under one first segment: split the
/// group by the first two segments (Spotify's `/me/...`).
const GROUP_SPLIT: usize = 8;

/// The group heading of each path: its first segment, or its first two
/// when the first is crowded.
fn group_of<'p>(path: &'p str, paths: &[&str]) -> &'p str {
    let first = prefix(path, 1);
    let crowded = paths.iter().filter(|p| prefix(p, 1) == first).count() > GROUP_SPLIT;
    if crowded { prefix(path, 2) } else { first }
}

fn routes(out: &mut String, ops: &[Operation], head_own: bool) {
    let kept: Vec<&Operation> = ops
        .iter()
        .filter(|o| !matches!(o.outcome, Outcome::LeftOut(_)))
        .collect();
    if kept.is_empty() {
        out.push_str("routes: []\n");
        return;
    }
    out.push_str("routes:\n");
    let mut all_paths: Vec<&str> = kept.iter().map(|o| o.path.as_str()).collect();
    all_paths.dedup();
    let names = route_names(&all_paths);
    let group_of = |p: &'_ str| group_of(p, &all_paths).to_owned();
    let mut groups: Vec<String> = Vec::new();
    for o in &kept {
        let g = group_of(&o.path);
        if !groups.contains(&g) {
            groups.push(g);
        }
    }
    for g in &groups {
        let _ = writeln!(out, "  # {g}");
        let mut paths: Vec<&str> = Vec::new();
        for o in kept.iter().filter(|o| group_of(&o.path) == *g) {
            if !paths.contains(&o.path.as_str()) {
                paths.push(&o.path);
            }
        }
        for p in paths {
            let mut on_path: Vec<&&Operation> = kept.iter().filter(|o| o.path == p).collect();
            on_path.sort_by_key(|o| scopes_spec::Method(o.method.clone()));
            let mut outcomes: Vec<&Outcome> = Vec::new();
            for o in &on_path {
                if !outcomes.contains(&&o.outcome) {
                    outcomes.push(&o.outcome);
                }
            }
            for outcome in outcomes {
                let same: Vec<&&&Operation> =
                    on_path.iter().filter(|o| o.outcome == *outcome).collect();
                // HEAD beside GET where the document has no HEAD at all.
                let head = head_own && !ops.iter().any(|o| o.path == p && o.method == "HEAD");
                entry(
                    out,
                    p,
                    names.get(p).map(String::as_str),
                    &same,
                    outcome,
                    head,
                );
            }
        }
    }
}

/// A `name:` for each path whose derived Rust name is reserved by the
/// generated `routes` module or taken by an earlier path, so the spec
/// checks clean (the spec refuses both and asks for a `name:` key).
fn route_names<'p>(paths: &[&'p str]) -> std::collections::HashMap<&'p str, String> {
    use scopes_spec::route_name::{RESERVED, derive};
    let mut taken: std::collections::HashSet<String> =
        RESERVED.iter().map(|&r| r.to_owned()).collect();
    let derived: Vec<(&str, String)> = paths.iter().map(|&p| (p, derive(p))).collect();
    let mut names = std::collections::HashMap::new();
    for (p, d) in &derived {
        if !RESERVED.contains(&d.as_str()) && taken.insert(d.clone()) {
            continue;
        }
        let mut n = 2;
        let mut name = format!("{d}_ROUTE");
        while !taken.insert(name.clone()) || derived.iter().any(|(_, other)| *other == name) {
            name = format!("{d}_ROUTE_{n}");
            n += 1;
        }
        names.insert(*p, name);
    }
    names
}

fn entry(
    out: &mut String,
    path: &str,
    name: Option<&str>,
    ops: &[&&&Operation],
    outcome: &Outcome,
    head: bool,
) {
    let mut methods: Vec<&str> = ops.iter().map(|o| o.method.as_str()).collect();
    if let Some(get) = methods.iter().position(|m| *m == "GET").filter(|_| head) {
        methods.insert(get + 1, "HEAD");
    }
    let _ = writeln!(out, "  - path: {}", scalar(path));
    if let Some(name) = name {
        let _ = writeln!(out, "    name: {name}");
    }
    let _ = writeln!(out, "    methods: [{}]", methods.join(", "));
    match outcome {
        Outcome::Public => out.push_str("    public: true\n"),
        Outcome::Authenticated => out.push_str("    authenticated: true\n"),
        Outcome::Scopes(cnf) => {
            let _ = writeln!(out, "    requires: {}", requirement(cnf));
        }
        Outcome::LeftOut(_) => {}
    }
    let notes: Vec<String> = ops
        .iter()
        .filter_map(|o| {
            let text = match (&o.operation_id, &o.summary) {
                (Some(id), Some(s)) => format!("{id}: {}", s.trim()),
                (Some(id), None) => id.clone(),
                (None, Some(s)) => s.trim().to_owned(),
                (None, None) => return None,
            };
            Some(if ops.len() > 1 {
                format!("{} {text}", o.method)
            } else {
                text
            })
        })
        .collect();
    if !notes.is_empty() {
        let _ = writeln!(out, "    note: {}", scalar(&notes.join("; ")));
    }
}

/// `a`, `{any: [a, b]}`, or `{all: [a, {any: [b, c]}]}`.
fn requirement(cnf: &[Clause]) -> String {
    let group = |g: &Clause| {
        if g.len() == 1 {
            g.iter().map(|s| scalar(s)).collect::<String>()
        } else {
            format!(
                "{{any: [{}]}}",
                g.iter().map(|s| scalar(s)).collect::<Vec<_>>().join(", ")
            )
        }
    };
    match cnf {
        [one] => group(one),
        _ => format!(
            "{{all: [{}]}}",
            cnf.iter().map(group).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn left_out(out: &mut String, ops: &[Operation]) {
    let left: Vec<(&Operation, &String)> = ops
        .iter()
        .filter_map(|o| match &o.outcome {
            Outcome::LeftOut(why) => Some((o, why)),
            _ => None,
        })
        .collect();
    if left.is_empty() {
        return;
    }
    out.push_str("# Left out (denied as unknown routes):\n");
    for (o, why) in left {
        let _ = writeln!(out, "#   {} {}: {why}", o.method, o.path);
    }
}
