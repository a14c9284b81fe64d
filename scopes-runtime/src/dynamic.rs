//! Specs loaded at runtime: the same tables the macro generates, built in
//! memory.

use std::path::Path;

use scopes_core::{OwnedTables, Tables};
use scopes_spec::{Report, Spec};

/// A spec loaded and compiled at runtime.
///
/// ```
/// let spec = scopes_runtime::LoadedSpec::load("../spec/fluveo.yaml").expect("valid");
/// let tables = spec.tables();
/// let granted = scopes_runtime::Granted::parse(&tables, "write_products").unwrap();
/// // Fluveo: write does not imply read.
/// assert!(!tables.authorize("GET", "/v1/products", granted.words()).is_allowed());
/// assert!(tables.authorize("POST", "/v1/products", granted.words()).is_allowed());
/// ```
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    spec: Spec,
    tables: OwnedTables,
    report: Report,
}

impl LoadedSpec {
    /// Load, check and compile the spec at `path`.
    ///
    /// # Errors
    /// Every diagnostic of an invalid spec (render with [`Report::render`]).
    pub fn load(path: impl AsRef<Path>) -> Result<Self, Box<Report>> {
        scopes_spec::load_file(path)
            .map(Self::from_loaded)
            .map_err(Box::new)
    }

    /// Load from text; `name` appears in diagnostics.
    ///
    /// # Errors
    /// As [`LoadedSpec::load`].
    pub fn from_str(name: &str, text: &str) -> Result<Self, Box<Report>> {
        scopes_spec::load_str(name, text)
            .map(Self::from_loaded)
            .map_err(Box::new)
    }

    fn from_loaded(l: scopes_spec::Loaded) -> Self {
        let tables = scopes_spec::tables::build(&l.spec);
        LoadedSpec {
            spec: l.spec,
            tables,
            report: l.report,
        }
    }

    /// The lookup tables: the same engine generated code uses.
    #[must_use]
    pub fn tables(&self) -> Tables<'_> {
        self.tables.view()
    }

    /// The owned tables (sizes, for reports).
    #[must_use]
    pub fn owned_tables(&self) -> &OwnedTables {
        &self.tables
    }

    /// The validated model.
    #[must_use]
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// Warnings found while loading.
    #[must_use]
    pub fn report(&self) -> &Report {
        &self.report
    }
}
