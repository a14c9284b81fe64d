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
mod openapi_section;
pub mod route_name;
mod rust_names;
pub mod source;
mod suggest;
pub mod syntax;
pub mod tables;
pub mod template;
mod yaml_error;

use std::path::Path;

pub use diag::{Diagnostic, Report, Severity};
pub use model::{Method, Requirement, Route, Scope, ScopeId, Spec};
pub use rust_names::{
    derive_ident, is_rust_ident, repair_rust_names, rust_name_warnings, rust_names,
};
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
/// A [`Report`] with every error found (the file could not be read, is not
/// UTF-8, YAML, shape, or validation).
pub fn load_file(path: impl AsRef<Path>) -> Result<Loaded, Report> {
    let path = path.as_ref();
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => load_bytes(name, bytes),
        Err(e) => Err(Report {
            file: SourceFile::new(name.clone(), String::new()),
            diagnostics: vec![Diagnostic::error(
                0..0,
                format!("cannot read spec `{name}`: {e}"),
            )],
        }),
    }
}

/// Load and check a spec from the bytes of a file: text that is not UTF-8
/// is an error at its first invalid byte.
///
/// # Errors
/// A [`Report`] with every error found.
pub fn load_bytes(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Result<Loaded, Report> {
    match check_bytes(name, bytes) {
        (Some(spec), report) if !report.has_errors() => Ok(Loaded { spec, report }),
        (_, report) => Err(report),
    }
}

/// [`check_str`] for the bytes of a file; see [`load_bytes`].
#[must_use]
pub fn check_bytes(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> (Option<Spec>, Report) {
    match String::from_utf8(bytes.into()) {
        Ok(text) => check_str(name, text),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bad = e.as_bytes()[at];
            // The lossy text equals the file up to the bad byte, so `at`
            // is its offset in both.
            let file = SourceFile::new(name, String::from_utf8_lossy(e.as_bytes()).into_owned());
            let d = Diagnostic::error(
                at..at + char::REPLACEMENT_CHARACTER.len_utf8(),
                format!("the spec is not UTF-8: byte 0x{bad:02X} here is not valid UTF-8"),
            )
            .label("not UTF-8")
            .help("save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)");
            (
                None,
                Report {
                    file,
                    diagnostics: vec![d],
                },
            )
        }
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
    let raw = match serde_saphyr::from_str_with_options::<syntax::RawSpec>(
        &file.text,
        yaml_error::options(),
    ) {
        Ok(raw) => raw,
        Err(e) => {
            cx.push(yaml_error::diagnostic(&file, &e));
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
