//! `scopes export SPEC --format openapi --merge FILE`: write the spec's
//! security into an existing OpenAPI document, changing nothing else.
//!
//! The document's text is edited in place, never re-serialized: each
//! operation's `security` value is replaced (from after its `:` to the end
//! of the value) or a `security` key is inserted before the operation's
//! first key; the oauth2 scheme's flows get their `scopes` replaced, or
//! the scheme is added. Every byte outside those ranges is kept. Values
//! are written in the style around them: block YAML with the document's
//! own indentation, flow YAML, or JSON, with the document's line ends.
//! An alias (`*a`) in a security field is written out; an edit that would
//! change what an alias elsewhere stands for is refused. Last, `guard`
//! reads the result back and refuses it unless only security changed.

mod guard;
mod meaning;
mod render;

use std::ops::Range;

use scopes_spec::Spec;
use serde_json::Value;

use crate::export::{self, ExportError, ExportOptions, OperationSecurity};
use crate::tree::{self, Alias, Key, Kind, Node};
use crate::yaml;

use meaning::{meaning, same_scopes, with_other_schemes};
use render::{Style, block, detect_style, flow};

/// The merged document.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The new text.
    pub text: String,
    /// The byte ranges of the original that were replaced, in order, with
    /// their replacements (everything else is copied unchanged).
    pub edits: Vec<(Range<usize>, String)>,
    /// What was not carried over.
    pub warnings: Vec<String>,
}

/// Merge `spec`'s security into the document `text` (`file` names it).
/// `opts.scheme` is the oauth2 scheme to write; when the document declares
/// exactly one oauth2 scheme and `scheme_given` is false, that one is used.
///
/// # Errors
/// The document cannot be read, the scheme exists but is not oauth2, or a
/// new scheme is needed and no flow URL is given.
pub fn merge(
    file: &str,
    text: &str,
    spec: &Spec,
    opts: &ExportOptions,
    scheme_given: bool,
) -> Result<Merged, ExportError> {
    let doc = crate::document::parse(file, text).map_err(|e| ExportError(e.0))?;
    let root = tree::parse(text).map_err(|e| ExportError(format!("{file}: {e}")))?;
    let (ops, mut warnings) = export::operations(spec)?;
    let style = detect_style(text, &root);
    let scheme = scheme_name(&doc, opts, scheme_given);
    let mut m = Editor {
        text,
        style,
        edits: Vec::new(),
        refused: Vec::new(),
        written: Vec::new(),
    };
    m.scheme(&root, &doc, spec, opts, &scheme)?;
    m.operations(&root, &doc, &ops, &scheme, &mut warnings);
    if let Some(why) = m.refused.first() {
        return Err(ExportError(format!("{file}: {why}")));
    }
    m.check_aliases(&root)?;
    if text.contains("\r\n") {
        // What is written is built with `\n`: give it the document's ends.
        for (_, s) in &mut m.edits {
            *s = s.replace('\n', "\r\n");
        }
    }
    m.edits.sort_by_key(|(r, _)| (r.start, r.end));
    if let Some(w) = m.edits.windows(2).find(|w| w[0].0.end > w[1].0.start) {
        return Err(ExportError(format!(
            "{file}: overlapping edits at bytes {:?} and {:?}",
            w[0].0, w[1].0
        )));
    }
    let mut out = String::with_capacity(text.len() + 1024);
    let mut at = 0;
    for (r, s) in &m.edits {
        out.push_str(&text[at..r.start]);
        out.push_str(s);
        at = r.end;
    }
    out.push_str(&text[at..]);
    guard::verify(file, &doc, &out, &scheme, &m.written)?;
    Ok(Merged {
        text: out,
        edits: m.edits,
        warnings,
    })
}

fn scheme_name(doc: &Value, opts: &ExportOptions, given: bool) -> String {
    if given {
        return opts.scheme.clone();
    }
    let schemes = doc
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object);
    let oauth: Vec<&String> = schemes
        .into_iter()
        .flatten()
        .filter(|(_, s)| {
            matches!(
                s.get("type").and_then(Value::as_str),
                Some("oauth2" | "openIdConnect")
            )
        })
        .map(|(n, _)| n)
        .collect();
    match oauth.as_slice() {
        [one] => (*one).clone(),
        _ => opts.scheme.clone(),
    }
}

/// The name under `components.securitySchemes` that scheme `name` is
/// written at: itself, or where its `$ref`s lead; `None` if it is absent
/// or a reference leads elsewhere.
fn scheme_target(doc: &Value, name: &str) -> Option<String> {
    let schemes = doc.pointer("/components/securitySchemes")?;
    let mut name = name.to_owned();
    for _ in 0..16 {
        let scheme = schemes.get(&name)?;
        match scheme.get("$ref").and_then(Value::as_str) {
            Some(r) => name = r.strip_prefix("#/components/securitySchemes/")?.to_owned(),
            None => return Some(name),
        }
    }
    None
}

struct Editor<'t> {
    text: &'t str,
    style: Style,
    edits: Vec<(Range<usize>, String)>,
    /// Edits that cannot be made in place.
    refused: Vec<String>,
    /// Each operation's security as it must read after the merge.
    written: Vec<(String, String, Value)>,
}

impl Editor<'_> {
    /// Where the value of `key` starts being replaceable: after its `:`.
    fn after_colon(&self, key: &Key) -> usize {
        let bytes = self.text.as_bytes();
        let mut i = key.end;
        while i < bytes.len() && bytes[i] != b':' {
            i += 1;
        }
        (i + 1).min(bytes.len())
    }

    /// Replace the value of an existing `key` with `value`.
    fn replace_value(&mut self, key: &Key, node: &Node, value: &Value) {
        let from = self.after_colon(key);
        let to = node.end(self.text);
        let col = tree::column(self.text, key.start);
        let text = self.value_text(value, col, node.is_flow(self.text));
        self.edits.push((from..to, text));
    }

    /// ` <value>` after a `:`, in the document's style; block YAML starts
    /// on the next line, indented under a key at column `col`.
    fn value_text(&self, value: &Value, col: usize, prefer_flow: bool) -> String {
        if self.style.json {
            return format!(" {}", serde_json::to_string(value).unwrap_or_default());
        }
        let empty = match value {
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            _ => true,
        };
        if empty || prefer_flow {
            return format!(" {}", flow(value));
        }
        block(value, col, self.style)
    }

    /// Insert `key: value` as the first entry of mapping `map`.
    fn insert_entry(&mut self, map: &Node, key: &str, value: &Value) {
        let text = self.text;
        if let Some(alias) = map.alias {
            // Its text is the alias: what it stands for is written elsewhere.
            self.refused.push(format!(
                "`{key}` would go into the alias {} at line {}, which stands for a mapping written elsewhere; write the mapping out in its place",
                &text[map.start..alias.end],
                tree::line(text, map.start)
            ));
            return;
        }
        if map.is_flow(text) {
            let key_text = if self.style.json {
                yaml::quoted(key)
            } else {
                yaml::scalar(key)
            };
            let value_text = if self.style.json {
                serde_json::to_string(value).unwrap_or_default()
            } else {
                flow(value)
            };
            match map.first_key() {
                Some(first) => {
                    let gap = match &text[map.start + 1..first.start] {
                        "" => " ",
                        gap => gap,
                    };
                    self.edits.push((
                        first.start..first.start,
                        format!("{key_text}: {value_text},{gap}"),
                    ));
                }
                None => self.edits.push((
                    map.start + 1..map.start + 1,
                    format!("{key_text}: {value_text}"),
                )),
            }
            return;
        }
        let Some(first) = map.first_key() else {
            return;
        };
        let col = tree::column(text, first.start);
        let value_text = self.value_text(value, col, false);
        self.edits.push((
            first.start..first.start,
            format!("{}:{value_text}\n{}", yaml::scalar(key), " ".repeat(col)),
        ));
    }

    /// Set `key` of `map` to `value`: replace it, or insert it when it is
    /// absent or comes from a merge key (`<<: *base`, which an explicit
    /// key overrides).
    fn set(&mut self, map: &Node, key: &str, value: &Value) {
        match map.entry(key) {
            Some((k, v)) if !k.alias => self.replace_value(k, v, value),
            _ => self.insert_entry(map, key, value),
        }
    }

    /// Whether an edit so far falls inside the node anchored for `alias`.
    fn touches_anchor(&self, root: &Node, alias: Alias) -> bool {
        let Some(anchored) = root.anchored(alias.defined) else {
            return false;
        };
        let range = alias.defined..anchored.end(self.text);
        self.edits.iter().any(|(r, _)| {
            if r.is_empty() {
                range.contains(&r.start)
            } else {
                r.start < range.end && r.end > range.start
            }
        })
    }

    /// Every alias outside the edits whose anchored node an edit changes:
    /// it would silently change with it.
    fn check_aliases(&self, root: &Node) -> Result<(), ExportError> {
        let mut aliases = Vec::new();
        root.aliases(&mut aliases);
        let line = |at: usize| tree::line(self.text, at);
        for (at, alias) in aliases {
            let inside = self
                .edits
                .iter()
                .any(|(r, _)| r.start <= at && alias.end <= r.end && !r.is_empty());
            if !inside && self.touches_anchor(root, alias) {
                let name = &self.text[at..alias.end];
                return Err(ExportError(
                    format!(
                        "the alias {name} at line {} stands for a value the merge rewrites (anchored at line {}); writing the new security there would change it too",
                        line(at),
                        line(alias.defined)
                    ) + "\n  help: write the aliased value out in place of the alias, or move the anchor out of the security fields",
                ));
            }
        }
        Ok(())
    }

    fn scheme(
        &mut self,
        root: &Node,
        doc: &Value,
        spec: &Spec,
        opts: &ExportOptions,
        name: &str,
    ) -> Result<(), ExportError> {
        if doc["components"]["securitySchemes"].get(name).is_some() {
            let target = scheme_target(doc, name).ok_or_else(|| {
                ExportError(format!(
                    "security scheme `{name}` is a `$ref` that does not lead to a scheme of this document; choose another name with --scheme"
                ))
            })?;
            return self.existing_scheme(root, doc, spec, name, &target);
        }
        let scheme = export::scheme(spec, opts).map_err(|e| {
            let oauth: Vec<String> = crate::security::Schemes::read(doc)
                .kinds
                .into_iter()
                .filter(|(_, k)| *k == crate::security::SchemeKind::OAuth)
                .map(|(n, _)| n)
                .collect();
            if oauth.is_empty() {
                return e;
            }
            ExportError(format!(
                "{}; or --scheme NAME to write into one of the document's own: {}",
                e.0,
                oauth.join(", ")
            ))
        })?;
        let components = root.get("components");
        match components.map(|c| (c, c.get("securitySchemes"))) {
            Some((_, Some(schemes))) if matches!(schemes.kind, Kind::Map(ref e) if !e.is_empty()) =>
            {
                self.insert_entry(schemes, name, &scheme);
            }
            Some((c, None)) if matches!(c.kind, Kind::Map(ref e) if !e.is_empty()) => {
                self.insert_entry(c, "securitySchemes", &serde_json::json!({ name: scheme }));
            }
            Some(_) => {
                return Err(ExportError(
                    "`components` or `components.securitySchemes` is empty: add the scheme by hand or remove the empty mapping".into(),
                ));
            }
            None => self.append_components(root, name, scheme),
        }
        Ok(())
    }

    /// Write the spec's scopes into the flows of the document's scheme
    /// `name`, found under `target` (its name after following `$ref`s).
    fn existing_scheme(
        &mut self,
        root: &Node,
        doc: &Value,
        spec: &Spec,
        name: &str,
        target: &str,
    ) -> Result<(), ExportError> {
        let s = &doc["components"]["securitySchemes"][target];
        let ty = s.get("type").and_then(Value::as_str);
        if ty == Some("openIdConnect") {
            return Ok(()); // its scopes live in the provider's metadata
        }
        if ty != Some("oauth2") {
            return Err(ExportError(format!(
                "security scheme `{name}` exists and is not oauth2; choose another name with --scheme"
            )));
        }
        let node = root
            .get("components")
            .and_then(|c| c.get("securitySchemes"))
            .and_then(|s| s.get(target))
            .and_then(|s| s.get("flows"));
        let scopes = export::scopes_map(spec);
        if let Some(Kind::Map(flows)) = node.map(|n| &n.kind) {
            for (flow_name, flow) in flows {
                let old = s
                    .get("flows")
                    .and_then(|f| f.get(&flow_name.name))
                    .and_then(|f| f.get("scopes"));
                if !old.is_some_and(|old| same_scopes(old, &scopes)) {
                    self.set(flow, "scopes", &scopes);
                }
            }
        }
        Ok(())
    }

    /// Add `components` at the end of the root mapping.
    fn append_components(&mut self, root: &Node, name: &str, scheme: Value) {
        let value = serde_json::json!({ "securitySchemes": { name: scheme } });
        let text = self.text;
        if root.is_flow(text) {
            let end = root.end(text) - 1;
            let body = if self.style.json {
                serde_json::to_string_pretty(&value)
                    .unwrap_or_default()
                    .replace('\n', "\n  ")
            } else {
                flow(&value)
            };
            let key = if self.style.json {
                "\"components\""
            } else {
                "components"
            };
            let at = text[..end].trim_end().len();
            self.edits.push((at..at, format!(",\n  {key}: {body}")));
            return;
        }
        // After the line of the root's last value: before trailing
        // comments and a document end marker (`...`).
        let last = root.end(text);
        let at = text[last..].find('\n').map_or(text.len(), |i| last + i + 1);
        let nl = if text[..at].ends_with('\n') { "" } else { "\n" };
        let col = root.first_key().map_or(0, |k| tree::column(text, k.start));
        self.edits.push((
            at..at,
            format!(
                "{nl}{}components:{}\n",
                " ".repeat(col),
                block(&value, col, self.style)
            ),
        ));
    }

    fn operations(
        &mut self,
        root: &Node,
        doc: &Value,
        ops: &[OperationSecurity],
        scheme: &str,
        warnings: &mut Vec<String>,
    ) {
        let mut schemes = crate::security::Schemes::read(doc);
        // The scheme written may be new: it is OAuth too.
        schemes
            .kinds
            .insert(scheme.to_owned(), crate::security::SchemeKind::OAuth);
        let mut kept: Vec<(&Node, Value, bool)> = Vec::new();
        let mut absent: Vec<String> = Vec::new();
        let in_document = document_operations(root);
        for &(path, method, op) in &in_document {
            let upper = method.to_ascii_uppercase();
            let label = format!("{upper} {path}");
            let Some(o) = ops.iter().find(|o| o.path == path && o.method == upper) else {
                absent.push(label);
                continue;
            };
            let why = if op.alias.is_some() {
                Some("is an alias of another")
            } else {
                (!matches!(op.kind, Kind::Map(_))).then_some("is not a mapping")
            };
            if let Some(why) = why {
                warnings.push(format!(
                    "{label}: the operation {why}; its security is not written"
                ));
                continue;
            }
            let old = doc
                .get("paths")
                .and_then(|p| p.get(path))
                .and_then(|i| i.get(method))
                .and_then(|op| op.get("security"));
            let (new, note) = with_other_schemes(o.security(scheme), old, &schemes);
            // Already equal in meaning: keep the document's own text.
            let old_meaning = old.and_then(|v| meaning(v, &schemes));
            let changed = old_meaning.is_none() || old_meaning != meaning(&new, &schemes);
            if let Some(note) = note.filter(|_| changed) {
                warnings.push(format!("{label}: {note}"));
            }
            self.written
                .push((path.to_owned(), method.to_owned(), new.clone()));
            kept.push((op, new, changed));
        }
        for (op, new, _) in kept.iter().filter(|(_, _, changed)| *changed) {
            self.set(op, "security", new);
        }
        // A security kept as an alias (`*name`) whose anchored value was
        // just rewritten would change with it: write it out too.
        for (op, new, _) in kept.iter().filter(|(_, _, changed)| !*changed) {
            let alias = op.get("security").and_then(|v| v.alias);
            if alias.is_some_and(|a| self.touches_anchor(root, a)) {
                self.set(op, "security", new);
            }
        }
        report_coverage(ops, &in_document, &absent, warnings);
    }
}

/// Every operation of the document's `paths`: path, method, operation.
fn document_operations(root: &Node) -> Vec<(&str, &str, &Node)> {
    let mut out = Vec::new();
    if let Some(Kind::Map(paths)) = root.get("paths").map(|p| &p.kind) {
        for (path, item) in paths {
            let Kind::Map(entries) = &item.kind else {
                continue;
            };
            for (method, op) in entries {
                if crate::document::METHODS.contains(&method.name.as_str()) {
                    out.push((path.name.as_str(), method.name.as_str(), op));
                }
            }
        }
    }
    out
}

/// Warn about the document's operations the spec does not have
/// (`absent`) and the spec's operations the document does not have.
fn report_coverage(
    ops: &[OperationSecurity],
    in_document: &[(&str, &str, &Node)],
    absent: &[String],
    warnings: &mut Vec<String>,
) {
    if !absent.is_empty() {
        warnings.push(format!(
            "{} operation(s) of the document are not in the spec; their security is left as it was:{}",
            absent.len(),
            absent.iter().map(|a| format!("\n    {a}")).collect::<String>()
        ));
    }
    let here = |method: &str, path: &str| {
        in_document
            .iter()
            .any(|(p, m, _)| *p == path && m.eq_ignore_ascii_case(method))
    };
    let missing: Vec<String> = ops
        .iter()
        .filter(|o| !(here(&o.method, &o.path) || (o.method == "HEAD" && here("GET", &o.path))))
        .map(|o| format!("\n    {} {}", o.method, o.path))
        .collect();
    if !missing.is_empty() {
        warnings.push(format!(
            "{} operation(s) of the spec are not in the document; not added:{}",
            missing.len(),
            missing.concat()
        ));
    }
}
