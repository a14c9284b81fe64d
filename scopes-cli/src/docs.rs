//! `scopes docs`: the scope reference a platform publishes, in Markdown or
//! HTML, from the spec: conventions, superusers, then each resource with
//! its scopes and endpoints, and each scope with the routes it opens.

use std::fmt::Write as _;

use scopes_core::requirement::{Style, describe};
use scopes_openapi::export::RouteRequirement;
use scopes_spec::Spec;

/// A document as blocks, rendered to Markdown or HTML.
enum Block {
    Title(String),
    Heading(String),
    Para(String),
    Table(Vec<String>, Vec<Vec<String>>),
    List(Vec<String>),
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown.
    Markdown,
    /// A standalone HTML page.
    Html,
}

fn methods_of(spec: &Spec, scope: usize) -> Vec<(String, Vec<String>)> {
    // (template, methods) for the routes whose requirement names `scope`.
    let mut out = Vec::new();
    for r in &spec.routes {
        let ms: Vec<String> = r
            .methods
            .iter()
            .filter(|(_, req)| req.iter().any(|g| g.contains(&scope)))
            .map(|(m, _)| m.as_str().to_owned())
            .collect();
        if !ms.is_empty() {
            out.push((r.template.text.clone(), ms));
        }
    }
    out
}

fn blocks(spec: &Spec) -> Vec<Block> {
    let mut b = Vec::new();
    let reqs = scopes_openapi::export::requirements(spec);
    let title = spec.title.clone().unwrap_or_else(|| spec.name.clone());
    b.push(Block::Title(format!("{title}: OAuth scopes")));
    if let Some(src) = &spec.source {
        b.push(Block::Para(format!("Source: {src}.")));
    }
    conventions(spec, &mut b);
    superusers(spec, &mut b);
    for (ri, res) in spec.resources.iter().enumerate() {
        resource(spec, &reqs, ri, res, &mut b);
    }
    other_routes(spec, &reqs, &mut b);
    b
}

/// The naming convention and its actions, if the spec has one.
fn conventions(spec: &Spec, b: &mut Vec<Block>) {
    if let Some(naming) = &spec.naming {
        b.push(Block::Para(format!("Scopes are named `{naming}`.")));
        let rows = spec
            .actions
            .iter()
            .map(|a| {
                vec![
                    format!("`{}`", a.name),
                    a.methods.join(", "),
                    if a.implies.is_empty() {
                        "nothing".into()
                    } else {
                        a.implies
                            .iter()
                            .map(|i| format!("`{i}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                    a.description.clone().unwrap_or_default(),
                ]
            })
            .collect();
        b.push(Block::Table(
            vec![
                "action".into(),
                "methods".into(),
                "implies".into(),
                "meaning".into(),
            ],
            rows,
        ));
    }
}

/// The superuser scopes, if any.
fn superusers(spec: &Spec, b: &mut Vec<Block>) {
    let supers: Vec<&scopes_spec::Scope> = spec.scopes.iter().filter(|s| s.superuser).collect();
    if !supers.is_empty() {
        b.push(Block::Heading("Superuser scopes".into()));
        b.push(Block::List(
            supers
                .iter()
                .map(|s| {
                    format!(
                        "`{}`: {} It meets every requirement.",
                        s.name, s.description
                    )
                })
                .collect(),
        ));
    }
}

/// One resource: its scopes and its endpoints.
fn resource(
    spec: &Spec,
    reqs: &[RouteRequirement],
    ri: usize,
    res: &scopes_spec::model::Resource,
    b: &mut Vec<Block>,
) {
    b.push(Block::Heading(res.title.clone()));
    let names: Vec<String> = res
        .scopes
        .iter()
        .map(|(_, s)| format!("`{}`", spec.scopes[*s].name))
        .collect();
    b.push(Block::Para(format!("Scopes: {}", names.join(", "))));
    let rows = res
        .scopes
        .iter()
        .map(|(action, s)| {
            let sc = &spec.scopes[*s];
            let implies: Vec<String> = sc
                .implies
                .iter()
                .map(|&i| format!("`{}`", spec.scopes[i].name))
                .collect();
            let opens: Vec<String> = methods_of(spec, *s)
                .into_iter()
                .map(|(t, ms)| format!("{} `{t}`", ms.join(", ")))
                .collect();
            vec![
                format!("`{}`", sc.name),
                action.clone(),
                sc.description.clone(),
                if implies.is_empty() {
                    String::new()
                } else {
                    implies.join(", ")
                },
                opens.len().to_string(),
            ]
        })
        .collect();
    b.push(Block::Table(
        vec![
            "scope".into(),
            "action".into(),
            "description".into(),
            "implies".into(),
            "routes".into(),
        ],
        rows,
    ));
    let endpoints: Vec<String> = spec
        .routes
        .iter()
        .filter(|r| r.resources.contains(&ri))
        .map(|r| {
            let mut line = format!("`{}`: {}", r.template.text, method_summary(reqs, r));
            if r.reconstructed {
                line.push_str(" (reconstructed)");
            }
            line
        })
        .collect();
    b.push(Block::Para("Endpoints:".into()));
    b.push(Block::List(endpoints));
}

/// Routes of no resource.
fn other_routes(spec: &Spec, reqs: &[RouteRequirement], b: &mut Vec<Block>) {
    let loose: Vec<&scopes_spec::Route> = spec
        .routes
        .iter()
        .filter(|r| r.resources.is_empty())
        .collect();
    if !loose.is_empty() {
        b.push(Block::Heading("Other routes".into()));
        b.push(Block::List(
            loose
                .iter()
                .map(|r| format!("`{}`: {}", r.template.text, method_summary(reqs, r)))
                .collect(),
        ));
    }
}

/// `GET, HEAD, OPTIONS (carts_read); POST (carts_write)` for one route:
/// each method's declared requirement, from the same records the OpenAPI
/// export writes ([`scopes_openapi::export::requirements`]).
fn method_summary(reqs: &[RouteRequirement], r: &scopes_spec::Route) -> String {
    let mut by_req: Vec<(String, Vec<&str>)> = Vec::new();
    for req in reqs.iter().filter(|q| q.path == r.template.text) {
        let text = requirement_text(&req.declared);
        match by_req.iter_mut().find(|(t, _)| *t == text) {
            Some((_, ms)) => ms.push(&req.method),
            None => by_req.push((text, vec![&req.method])),
        }
    }
    by_req
        .into_iter()
        .map(|(t, ms)| format!("{} ({t})", ms.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `` `a` or `b`, and `c` `` (every `and` part must be met), or `public`.
pub fn requirement_text(groups: &[Vec<String>]) -> String {
    describe(groups, Style::Code)
}

/// Render the docs.
#[must_use]
pub fn render(spec: &Spec, format: Format) -> String {
    let blocks = blocks(spec);
    match format {
        Format::Markdown => markdown(&blocks),
        Format::Html => html(&blocks),
    }
}

fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Title(t) => writeln!(out, "# {t}\n").unwrap_or(()),
            Block::Heading(t) => writeln!(out, "## {t}\n").unwrap_or(()),
            Block::Para(t) => writeln!(out, "{t}\n").unwrap_or(()),
            Block::List(items) => {
                for i in items {
                    let _ = writeln!(out, "- {i}");
                }
                out.push('\n');
            }
            Block::Table(head, rows) => {
                let cell = |s: &String| s.replace('|', "\\|");
                let _ = writeln!(
                    out,
                    "| {} |",
                    head.iter().map(cell).collect::<Vec<_>>().join(" | ")
                );
                let _ = writeln!(out, "|{}|", vec!["---"; head.len()].join("|"));
                for r in rows {
                    let _ = writeln!(
                        out,
                        "| {} |",
                        r.iter().map(cell).collect::<Vec<_>>().join(" | ")
                    );
                }
                out.push('\n');
            }
        }
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Inline Markdown code spans to `<code>`.
fn inline(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in escape(s).split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

fn html(blocks: &[Block]) -> String {
    let title = blocks
        .iter()
        .find_map(|b| {
            if let Block::Title(t) = b {
                Some(t.as_str())
            } else {
                None
            }
        })
        .unwrap_or("");
    let mut out = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>body{{font-family:sans-serif;max-width:60em;margin:auto}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2em .5em;text-align:left}}</style>\n</head>\n<body>\n",
        escape(title)
    );
    for b in blocks {
        match b {
            Block::Title(t) => {
                let _ = writeln!(out, "<h1>{}</h1>", inline(t));
            }
            Block::Heading(t) => {
                let _ = writeln!(out, "<h2>{}</h2>", inline(t));
            }
            Block::Para(t) => {
                let _ = writeln!(out, "<p>{}</p>", inline(t));
            }
            Block::List(items) => {
                out.push_str("<ul>\n");
                for i in items {
                    let _ = writeln!(out, "<li>{}</li>", inline(i));
                }
                out.push_str("</ul>\n");
            }
            Block::Table(head, rows) => {
                out.push_str("<table>\n<tr>");
                for h in head {
                    let _ = write!(out, "<th>{}</th>", inline(h));
                }
                out.push_str("</tr>\n");
                for r in rows {
                    out.push_str("<tr>");
                    for c in r {
                        let _ = write!(out, "<td>{}</td>", inline(c));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</table>\n");
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}
