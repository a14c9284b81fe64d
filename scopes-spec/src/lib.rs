//! The scopes spec format.
//!
//! One YAML file says which OAuth scopes an API has and which scopes each
//! route needs. This crate loads it ([`load_file`], [`load_str`]), checks it
//! with located, rustc-style diagnostics ([`Report`]), and turns it into the
//! validated [`Spec`] model, the effective [`export`] JSON, and the lookup
//! [`tables`] that generated code and the runtime share.
//!
//! ```
//! let yaml = r#"
//! name: pets
//! scopes:
//!   read:pets: {description: Read your pets}
//! routes:
//!   - {path: "/pets/{id}", methods: [GET], requires: read:pets}
//! "#;
//! let loaded = scopes_spec::load_str("pets.yaml", yaml).unwrap();
//! let json = scopes_spec::export::to_json(&loaded.spec);
//! assert!(json.contains(r#""requires":[["read:pets"]]"#));
//! ```

mod check;
pub mod diag;
pub mod export;
mod lower;
pub mod model;
pub mod route_name;
pub mod source;
mod suggest;
pub mod syntax;
pub mod tables;
pub mod template;

use std::path::Path;

pub use diag::{Diagnostic, Report, Severity};
pub use lower::derive_ident;
pub use model::{Method, Requirement, Route, Scope, ScopeId, Spec};
pub use source::SourceFile;
pub use suggest::{closest, did_you_mean};

/// A spec that passed validation, with its warnings.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The validated model.
    pub spec: Spec,
    /// The file and its warnings (no errors).
    pub report: Report,
}

/// Load and check the spec at `path`.
///
/// # Errors
/// A [`Report`] with every error found (the file could not be read, YAML,
/// shape, or validation).
pub fn load_file(path: impl AsRef<Path>) -> Result<Loaded, Report> {
    let path = path.as_ref();
    let name = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => load_str(name, text),
        Err(e) => Err(Report {
            file: SourceFile::new(name.clone(), String::new()),
            diagnostics: vec![Diagnostic::error(
                0..0,
                format!("cannot read spec `{name}`: {e}"),
            )],
        }),
    }
}

/// Load and check a spec from text; `name` is shown in diagnostics.
///
/// # Errors
/// A [`Report`] with every error found.
pub fn load_str(name: impl Into<String>, text: impl Into<String>) -> Result<Loaded, Report> {
    match check_str(name, text) {
        (Some(spec), report) if !report.has_errors() => Ok(Loaded { spec, report }),
        (_, report) => Err(report),
    }
}

/// Check a spec and return what could be lowered even when it has errors
/// (`None` only when the YAML itself did not parse). Code generators use the
/// partial spec to emit real items next to the error, so one mistake in the
/// spec gives one compile error and not a cascade.
#[must_use]
pub fn check_str(name: impl Into<String>, text: impl Into<String>) -> (Option<Spec>, Report) {
    let file = SourceFile::new(name, text);
    let mut cx = diag::Ctxt::default();
    let raw = match serde_saphyr::from_str::<syntax::RawSpec>(&file.text) {
        Ok(raw) => raw,
        Err(e) => {
            cx.push(yaml_diagnostic(&file, &e));
            return (
                None,
                Report {
                    diagnostics: cx.finish(),
                    file,
                },
            );
        }
    };
    let spec = lower::lower(raw, &file, &mut cx);
    check::check(&spec, &mut cx);
    let report = Report {
        diagnostics: cx.finish(),
        file,
    };
    (Some(spec), report)
}

/// Turn a serde-saphyr error into a located diagnostic, with a
/// did-you-mean for unknown keys.
fn yaml_diagnostic(file: &SourceFile, e: &serde_saphyr::Error) -> Diagnostic {
    let message = e.without_snippet().to_string();
    // serde-saphyr appends " at line L, column C"; the location is shown
    // by the renderer instead.
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    };
    let start = e.location().map_or(0, |loc| {
        loc.span().byte_offset().map_or_else(
            || file.offset_of(loc.line() as usize, loc.column() as usize),
            |b| b as usize,
        )
    });
    let start = start.min(file.text.len());
    let span = file.token_at(start);
    let mut help = None;
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((field, expected)) = rest.split_once("`, expected one of ")
    {
        help = did_you_mean(field, expected.split(", ").map(|s| s.trim_matches('`')));
    } else if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((field, expected)) = rest.split_once("`, expected ")
    {
        help = did_you_mean(field, [expected.trim_matches('`')]);
    }
    if message.contains("flow mapping") || message.contains("flow sequence") {
        let (line, _) = file.line_col(start);
        let text = file.line_text(line);
        let near = |l: usize| file.line_text(l).contains("/{");
        if text.contains("/{") || (line > 1 && near(line - 1)) {
            help = Some(
                "inside `{...}` or `[...]`, quote a path with parameters: `path: \"/pets/{id}\"`"
                    .to_owned(),
            );
        }
    }
    let label = if message.starts_with("unknown field") {
        "unknown key"
    } else if message.starts_with("missing field") {
        "in this mapping"
    } else {
        "here"
    };
    Diagnostic::error(span, message)
        .label(label)
        .maybe_help(help)
}

/// The JSON Schema of the spec format (`spec/schema.json`), generated from
/// [`syntax::RawSpec`] so editors validate and complete spec files.
#[cfg(feature = "schema")]
#[must_use]
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(syntax::RawSpec);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
