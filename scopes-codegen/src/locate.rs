//! Finding and loading the spec a macro names.
//!
//! A relative path resolves against the including crate's directory
//! (`CARGO_MANIFEST_DIR`), then against the directory of the source file
//! that holds the macro call (as `include_str!` does). With no path, the
//! crate's `Cargo.toml` names it once for the whole crate:
//!
//! ```toml
//! [package.metadata.scopes]
//! spec = "spec/foxy.yaml"
//! ```

use std::path::{Path, PathBuf};

use proc_macro2::Span;
use scopes_spec::{Loaded, Report};

/// Where a spec was looked for and what was found.
pub enum Located {
    /// The spec loaded; `path` is absolute.
    Loaded {
        /// Absolute path, for `include_bytes!`.
        path: PathBuf,
        /// The spec.
        loaded: Box<Loaded>,
    },
    /// The file was found but is invalid.
    Invalid {
        /// Absolute path.
        path: PathBuf,
        /// Every diagnostic.
        report: Box<Report>,
        /// What could be lowered despite the errors.
        partial: Option<Box<scopes_spec::Spec>>,
    },
    /// No file.
    Missing(String),
}

fn manifest_dir() -> Option<PathBuf> {
    std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from)
}

/// The spec path from `[package.metadata.scopes] spec` in the including
/// crate's `Cargo.toml`.
///
/// # Errors
/// A message saying what is missing.
pub fn spec_from_metadata() -> Result<String, String> {
    let dir = manifest_dir().ok_or("CARGO_MANIFEST_DIR is not set")?;
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    let value: toml::Table =
        toml::from_str(&text).map_err(|e| format!("cannot parse {}: {e}", manifest.display()))?;
    value
        .get("package")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("scopes"))
        .and_then(|s| s.get("spec"))
        .and_then(|s| s.as_str())
        .map(str::to_owned)
        .ok_or_else(|| {
            format!(
                "no spec named: pass its path, or name it once in {}:\n\n[package.metadata.scopes]\nspec = \"spec/api.yaml\"",
                manifest.display()
            )
        })
}

/// Candidate absolute paths for `rel`, in order.
#[must_use]
pub fn candidates(rel: &str, call_site_file: Option<&Path>) -> Vec<PathBuf> {
    let p = Path::new(rel);
    if p.is_absolute() {
        return vec![p.to_path_buf()];
    }
    let mut out = Vec::new();
    if let Some(dir) = manifest_dir() {
        out.push(dir.join(p));
    }
    if let Some(file) = call_site_file {
        let file = if file.is_absolute() {
            file.to_path_buf()
        } else if let Some(dir) = manifest_dir() {
            dir.join(file)
        } else {
            file.to_path_buf()
        };
        if let Some(parent) = file.parent() {
            out.push(parent.join(p));
        }
    }
    out
}

/// Find and load `rel`.
#[must_use]
pub fn locate(rel: &str, call_site_file: Option<&Path>) -> Located {
    let tried = candidates(rel, call_site_file);
    let Some(path) = tried.iter().find(|p| p.is_file()) else {
        return Located::Missing(format!(
            "spec file `{rel}` not found: looked in the crate's directory (CARGO_MANIFEST_DIR) and next to this source file"
        ));
    };
    let path = path.canonicalize().unwrap_or_else(|_| path.clone());
    let bytes = match std::fs::read(&path) {
        Ok(t) => t,
        Err(e) => return Located::Missing(format!("cannot read spec `{}`: {e}", path.display())),
    };
    let (mut partial, mut report) = scopes_spec::check_bytes(rel, bytes);
    if let Some(spec) = &mut partial {
        // Rust naming matters to generated code only; the repaired names
        // keep the items generated next to the error from cascading.
        report.extend(scopes_spec::rust_names(spec));
        scopes_spec::repair_rust_names(spec);
    }
    match (partial, report) {
        (Some(spec), report) if !report.has_errors() => Located::Loaded {
            path,
            loaded: Box::new(Loaded { spec, report }),
        },
        (partial, report) => Located::Invalid {
            path,
            report: Box::new(report),
            partial: partial.map(Box::new),
        },
    }
}

/// A compile error spanned on `span`, carrying every diagnostic of the
/// report rendered rustc-style (`--> file:line:col` and the source line).
#[must_use]
pub fn report_error(span: Span, report: &Report) -> syn::Error {
    let first = report.errors().next().map_or_else(String::new, |d| {
        format!("{}: {}", report.location(d), d.message)
    });
    let message = format!(
        "invalid scopes spec: {first}\n\n{}",
        report.render_errors(false).trim_end()
    );
    syn::Error::new(span, message)
}
