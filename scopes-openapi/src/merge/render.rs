//! Writing values in the document's own style: JSON, YAML flow, or YAML
//! block with the indentation the document uses for `security`.

use serde_json::Value;

use crate::tree::{self, Kind, Node};
use crate::yaml;

/// How values are written.
#[derive(Debug, Clone, Copy)]
pub(super) struct Style {
    pub json: bool,
    /// Block sequences under a key: columns of `-` right of the key.
    pub dash: usize,
    /// Scope lists under a scheme key: columns right of the scheme key.
    pub inner: usize,
}

/// JSON or YAML; for YAML, the indentation of the document's block-style
/// `security` values (default: two columns each).
pub(super) fn detect_style(text: &str, root: &Node) -> Style {
    let json = root.is_flow(text) && text.as_bytes().get(root.start) == Some(&b'{');
    let (mut dash, mut inner) = (None, None);
    let items = match root.get("paths").map(|p| &p.kind) {
        Some(Kind::Map(e)) => e.as_slice(),
        _ => &[],
    };
    let ops = items.iter().flat_map(|(_, item)| match &item.kind {
        Kind::Map(ops) => ops.as_slice(),
        _ => &[],
    });
    for (_, op) in ops {
        let Some((key, sec)) = op.entry("security") else {
            continue;
        };
        let Kind::Seq(alts) = &sec.kind else { continue };
        // An alias's replay carries the alias's position, not its own.
        if sec.is_flow(text) || key.alias || sec.alias.is_some() {
            continue;
        }
        let key_col = tree::column(text, key.start);
        for alt in alts {
            let Kind::Map(entries) = &alt.kind else {
                continue;
            };
            for (scheme_key, list) in entries {
                let scheme_col = tree::column(text, scheme_key.start);
                dash.get_or_insert(scheme_col.saturating_sub(key_col + 2));
                if let Kind::Seq(scopes) = &list.kind
                    && let Some(s) = scopes.first()
                    && !list.is_flow(text)
                {
                    inner.get_or_insert(tree::column(text, s.start).saturating_sub(scheme_col + 2));
                }
            }
        }
        if dash.is_some() && inner.is_some() {
            break;
        }
    }
    Style {
        json,
        dash: dash.unwrap_or(2),
        inner: inner.unwrap_or(2),
    }
}

/// A value in YAML flow style, plain scalars where safe.
pub(super) fn flow(value: &Value) -> String {
    match value {
        Value::Array(a) => format!("[{}]", a.iter().map(flow).collect::<Vec<_>>().join(", ")),
        Value::Object(o) => format!(
            "{{{}}}",
            o.iter()
                .map(|(k, v)| format!("{}: {}", yaml::scalar(k), flow(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::String(s) => yaml::scalar(s),
        other => other.to_string(),
    }
}

/// A value in YAML block style as it follows `key:` at column `col`: on the
/// next lines, indented by the document's style.
pub(super) fn block(value: &Value, col: usize, style: Style) -> String {
    let mut out = String::new();
    match value {
        Value::Array(a) if !a.is_empty() => {
            let dash = col + style.dash;
            for item in a {
                out.push('\n');
                out.push_str(&" ".repeat(dash));
                out.push('-');
                match item {
                    Value::Object(o) if !o.is_empty() => {
                        for (i, (k, v)) in o.iter().enumerate() {
                            let kcol = dash + 2;
                            if i == 0 {
                                out.push(' ');
                            } else {
                                out.push('\n');
                                out.push_str(&" ".repeat(kcol));
                            }
                            out.push_str(&yaml::scalar(k));
                            out.push(':');
                            let inner = Style {
                                dash: style.inner,
                                ..style
                            };
                            out.push_str(&block(v, kcol, inner));
                        }
                    }
                    other => {
                        out.push(' ');
                        out.push_str(&flow(other));
                    }
                }
            }
        }
        Value::Object(o) if !o.is_empty() => {
            for (k, v) in o {
                out.push('\n');
                out.push_str(&" ".repeat(col + 2));
                out.push_str(&yaml::scalar(k));
                out.push(':');
                out.push_str(&block(v, col + 2, style));
            }
        }
        other => {
            out.push(' ');
            out.push_str(&flow(other));
        }
    }
    out
}
