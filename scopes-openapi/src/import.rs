//! `scopes import openapi`: read a document's security into a spec.
//!
//! Each operation's [`Access`] is decided by [`crate::security`]; the
//! options say what to do with what the spec format cannot say (no
//! security at all, a token without scopes); [`crate::write_spec`] prints
//! the result grouped by path prefix.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::document::{self, DocumentError, METHODS};
use crate::findings::{Finding, Level, list_findings, report_schemes, warn};
use crate::logic::Clause;
use crate::security::{self, Access, Analysis, ListReading, Schemes, SecurityError};

/// Operations with no security anywhere (never silently public).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unsecured {
    /// Refuse the import, listing them (default).
    #[default]
    Fail,
    /// Import them as `public: true`.
    Public,
    /// Leave them out of the spec (the runtime denies unknown routes).
    LeaveOut,
}

/// Operations that need a valid token but no particular scope
/// (`security: [{oauth: []}]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TokenOnly {
    /// Import them as `authenticated: true`: any valid token, a request
    /// without one gets 401 (default).
    #[default]
    Authenticated,
    /// Leave them out of the spec (denied as unknown routes).
    LeaveOut,
    /// Import them as `public: true`: requests without a token pass too.
    Public,
}

/// How the import reads the document.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The spec's `name`; default: the file name without extension.
    pub name: Option<String>,
    /// What to do with operations without security.
    pub unsecured: Unsecured,
    /// What to do with token-without-scope operations.
    pub token_only: TokenOnly,
    /// Read every scope list as any-of.
    pub any_of_everywhere: bool,
    /// Read the scope lists of these operations (`POST /path`) as any-of.
    pub any_of: Vec<String>,
}

/// A successful import.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The spec, as YAML text that `scopes check` accepts.
    pub yaml: String,
    /// Warnings and notes.
    pub findings: Vec<Finding>,
    /// Operations in the document.
    pub operations: usize,
    /// Operations in the spec.
    pub kept: usize,
}

/// Why an import produced no spec.
#[derive(Debug, Clone)]
pub enum ImportError {
    /// The document could not be read.
    Document(DocumentError),
    /// The document was read; these findings (at least one error) stop it.
    Refused(Vec<Finding>),
}

/// One operation and what the spec gets for it.
#[derive(Debug, Clone)]
pub(crate) struct Operation {
    pub path: String,
    pub method: String,
    pub operation_id: Option<String>,
    pub summary: Option<String>,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    Public,
    Authenticated,
    Scopes(Vec<Clause>),
    LeftOut(String),
}

/// Import the OpenAPI document `text`; `file` names it in messages.
///
/// # Errors
/// The document cannot be read, or what it says cannot be carried over
/// without a choice the options did not make.
pub fn import(file: &str, text: &str, opts: &ImportOptions) -> Result<Imported, ImportError> {
    let doc = document::parse(file, text).map_err(ImportError::Document)?;
    let schemes = Schemes::read(&doc);
    let mut findings = Vec::new();
    let ops = operations(&doc, &schemes, opts, &mut findings);
    same_paths(&ops, &mut findings);
    let scopes = declared_scopes(&doc, &schemes, &mut findings);
    if findings.iter().any(|f| f.level == Level::Error) {
        findings.sort_by_key(|f| f.level);
        return Err(ImportError::Refused(findings));
    }
    let name = opts.name.clone().unwrap_or_else(|| default_name(file));
    let yaml = crate::write_spec::write(&crate::write_spec::Input {
        name: &name,
        file,
        doc: &doc,
        scopes: &scopes,
        ops: &ops,
    });
    if let Err(report) = scopes_spec::load_str(format!("{name}.yaml"), yaml.clone()) {
        findings.push(Finding {
            level: Level::Error,
            message: format!(
                "the imported spec does not check clean:\n{}",
                report.render(false)
            ),
            help: Some("report this document to the scopes maintainers".into()),
        });
        return Err(ImportError::Refused(findings));
    }
    findings.sort_by_key(|f| f.level);
    Ok(Imported {
        yaml,
        findings,
        operations: ops.len(),
        kept: ops
            .iter()
            .filter(|o| !matches!(o.outcome, Outcome::LeftOut(_)))
            .count(),
    })
}

fn default_name(file: &str) -> String {
    let stem = std::path::Path::new(file)
        .file_stem()
        .map_or_else(|| "api".into(), |s| s.to_string_lossy().into_owned());
    let name: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if name.is_empty() { "api".into() } else { name }
}

/// What reading the operations needs and gathers: the document's root
/// `security` and schemes, the options, the findings so far, and the
/// operations the options refuse, by reason, to be reported together.
struct Reader<'d> {
    root: Option<&'d Value>,
    schemes: &'d Schemes,
    opts: &'d ImportOptions,
    findings: &'d mut Vec<Finding>,
    lists: BTreeMap<&'static str, Vec<String>>,
}

/// Every operation of `paths`, in path order (the JSON map sorts keys), with its outcome.
fn operations(
    doc: &Value,
    schemes: &Schemes,
    opts: &ImportOptions,
    findings: &mut Vec<Finding>,
) -> Vec<Operation> {
    let mut reader = Reader {
        root: doc.get("security"),
        schemes,
        opts,
        findings,
        lists: BTreeMap::new(),
    };
    let mut ops = Vec::new();
    let paths = doc.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        if item.get("$ref").is_some() {
            warn(
                reader.findings,
                format!("{path}: a `$ref` path item is not followed; its operations are left out"),
                Some("inline the path item".into()),
            );
            continue;
        }
        // `/path:` with nothing under it holds no operation.
        if !item.is_object() && !item.is_null() {
            reader.findings.push(Finding {
                level: Level::Error,
                message: format!("{path}: the path item is not an object (a Path Item Object)"),
                help: None,
            });
            continue;
        }
        let template = scopes_spec::template::parse(path).err();
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            ops.push(reader.operation(path, method, op, template.as_ref()));
        }
    }
    for label in &opts.any_of {
        if !ops
            .iter()
            .any(|o| &format!("{} {}", o.method, o.path) == label)
        {
            reader.findings.push(Finding {
                level: Level::Error,
                message: format!("--any-of `{label}`: no such operation in the document"),
                help: Some(
                    "write it as `METHOD /path` with the path as the document writes it".into(),
                ),
            });
        }
    }
    list_findings(&reader.lists, opts, reader.findings);
    ops
}

impl Reader<'_> {
    /// One operation and its outcome; `template` is why its path is not
    /// supported, if it is not.
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &Value,
        template: Option<&scopes_spec::template::TemplateError>,
    ) -> Operation {
        let method = method.to_ascii_uppercase();
        let label = format!("{method} {path}");
        let reading = if self.opts.any_of_everywhere || self.opts.any_of.contains(&label) {
            ListReading::AnyOf
        } else {
            ListReading::AllOf
        };
        let outcome = match (template, self.security_outcome(&label, op, reading)) {
            (Some(e), Outcome::Public | Outcome::Authenticated | Outcome::Scopes(_)) => {
                let why = format!("the path template is not supported yet: {}", e.message);
                self.lists
                    .entry("template")
                    .or_default()
                    .push(format!("{label}: {}", e.message));
                Outcome::LeftOut(why)
            }
            (_, o) => o,
        };
        if reading == ListReading::AnyOf && !self.opts.any_of_everywhere {
            self.findings.push(Finding {
                level: Level::Note,
                message: format!("{label}: scope lists read as any-of (--any-of-operation)"),
                help: None,
            });
        }
        let text = |k: &str| op.get(k).and_then(Value::as_str).map(str::to_owned);
        Operation {
            path: path.to_owned(),
            method,
            operation_id: text("operationId"),
            summary: text("summary"),
            outcome,
        }
    }

    /// The outcome of one operation's security under the options; refused
    /// operations are collected in `lists`, unreadable ones are errors.
    fn security_outcome(&mut self, label: &str, op: &Value, reading: ListReading) -> Outcome {
        let analysis = if op.is_object() {
            security::analyse(op.get("security"), self.root, self.schemes, reading)
        } else {
            Err(SecurityError::Shape(
                "the operation is not an object (an Operation Object)".into(),
            ))
        };
        match analysis {
            Ok(a) => {
                report_schemes(label, &a, self.findings);
                self.decide(label, &a)
            }
            Err(e) => {
                let message = match e {
                    SecurityError::Shape(m) => format!("{label}: {m}"),
                    SecurityError::TooLarge => format!(
                        "{label}: the requirement cannot be written as an AND of OR-groups of a reasonable size (over {} groups)",
                        crate::logic::MAX_CLAUSES
                    ),
                };
                self.findings.push(Finding {
                    level: Level::Error,
                    message,
                    help: None,
                });
                Outcome::LeftOut("unreadable security".into())
            }
        }
    }

    /// The outcome of one analysed operation under the options. Operations
    /// the options refuse are collected in `lists` and reported together.
    fn decide(&mut self, label: &str, a: &Analysis) -> Outcome {
        match &a.access {
            Access::Public => Outcome::Public,
            Access::Scopes(cnf) => Outcome::Scopes(cnf.clone()),
            Access::TokenOnly => {
                self.lists
                    .entry("token")
                    .or_default()
                    .push(label.to_owned());
                match self.opts.token_only {
                    TokenOnly::Authenticated => Outcome::Authenticated,
                    TokenOnly::Public => Outcome::Public,
                    TokenOnly::LeaveOut => {
                        Outcome::LeftOut("any valid token, no particular scope".into())
                    }
                }
            }
            Access::Unsecured => {
                self.lists
                    .entry("unsecured")
                    .or_default()
                    .push(label.to_owned());
                match self.opts.unsecured {
                    Unsecured::Public => Outcome::Public,
                    Unsecured::Fail | Unsecured::LeaveOut => Outcome::LeftOut("no security".into()),
                }
            }
            Access::OtherSchemesOnly => Outcome::LeftOut(format!(
                "non-OAuth security only: {}",
                a.other_schemes
                    .iter()
                    .chain(&a.undeclared)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
}

/// The spec's scopes: the oauth2 flows' scopes with descriptions, then
/// those only seen in `security` lists (warned about).
fn declared_scopes(
    doc: &Value,
    schemes: &Schemes,
    findings: &mut Vec<Finding>,
) -> Vec<(String, String)> {
    let mut scopes = schemes.scopes.clone();
    let mut seen = security::named_scopes(doc.get("security"), schemes);
    let paths = doc.get("paths").and_then(Value::as_object);
    for item in paths.into_iter().flat_map(|p| p.values()) {
        for method in METHODS {
            let security = item.get(method).and_then(|op| op.get("security"));
            for s in security::named_scopes(security, schemes) {
                if !seen.contains(&s) {
                    seen.push(s);
                }
            }
        }
    }
    let undeclared: Vec<String> = seen
        .into_iter()
        .filter(|s| !scopes.iter().any(|(n, _)| n == s))
        .collect();
    if !undeclared.is_empty() {
        warn(
            findings,
            format!(
                "scope(s) used in `security` but declared by no oauth2 flow: {}; declared in the spec with a placeholder description",
                undeclared.join(", ")
            ),
            Some(
                "declare them in the scheme's flows, or write their descriptions in the spec"
                    .into(),
            ),
        );
    }
    for s in undeclared {
        scopes.push((
            s,
            "(not declared in the OpenAPI document's security schemes)".into(),
        ));
    }
    for c in &schemes.conflicts {
        warn(
            findings,
            format!(
                "scope `{c}` is declared by several flows with different descriptions; the first by scheme and flow name is kept"
            ),
            None,
        );
    }
    let bad: Vec<&str> = scopes
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| !scopes_core::is_scope_token(n))
        .collect();
    if !bad.is_empty() {
        findings.push(Finding {
            level: Level::Error,
            message: format!(
                "scope name(s) outside the RFC 6749 scope-token grammar: {}",
                bad.iter()
                    .map(|b| format!("{b:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            help: Some("scope names use visible ASCII except space, `\"` and `\\`".into()),
        });
    }
    scopes
}

/// Paths that differ only in their parameter names (`/o/{a}`, `/o/{b}`):
/// OpenAPI says they are identical and must not both exist, and the spec
/// cannot hold both.
fn same_paths(ops: &[Operation], findings: &mut Vec<Finding>) {
    let shape = |p: &str| {
        let mut out = String::new();
        let mut in_param = false;
        for c in p.chars() {
            match c {
                '{' => in_param = true,
                '}' => {
                    in_param = false;
                    out.push_str("{}");
                }
                c if !in_param => out.push(c),
                _ => {}
            }
        }
        out
    };
    let mut by_shape: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for o in ops
        .iter()
        .filter(|o| !matches!(o.outcome, Outcome::LeftOut(_)))
    {
        let paths = by_shape.entry(shape(&o.path)).or_default();
        if !paths.contains(&o.path.as_str()) {
            paths.push(&o.path);
        }
    }
    for paths in by_shape.values().filter(|p| p.len() > 1) {
        findings.push(Finding {
            level: Level::Error,
            message: format!(
                "paths {} differ only in their parameter names: OpenAPI says such paths are identical and must not both exist",
                paths
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            help: Some("give the parameters the same names and join the path items".into()),
        });
    }
}
