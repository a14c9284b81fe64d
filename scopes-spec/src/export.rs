//! The compiled table as JSON, in the shape tools depend on:
//!
//! ```json
//! {"scopes":[{"name":"carts_read","description":"...","implies":[...]}],
//!  "routes":[{"method":"GET","path":"/applied_coupon_codes/{id}","requires":[["carts_read",...]]}]}
//! ```
//!
//! Scopes are sorted by name, `implies` lists direct implications sorted;
//! routes are sorted by path (byte order), then by method in RFC 9110
//! order (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, then others by
//! name). `requires` is the effective requirement: every group must be
//! met, and each group lists, sorted, every scope whose grant alone meets
//! it once implications and superusers are applied. `[]` is public; `[[]]`
//! (one group that no scope meets) is the authenticated level: any valid
//! token, no particular scope.

use serde::Serialize;

use crate::model::Spec;

/// One scope of the export.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct ExportScope {
    /// Wire name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Direct implications, sorted.
    pub implies: Vec<String>,
}

/// One (method, path) of the export.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct ExportRoute {
    /// HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// Effective requirement.
    pub requires: Vec<Vec<String>>,
}

/// The whole export.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Export {
    /// Scopes by name.
    pub scopes: Vec<ExportScope>,
    /// Routes by path, then method.
    pub routes: Vec<ExportRoute>,
}

/// Build the export.
#[must_use]
pub fn export(spec: &Spec) -> Export {
    let closures = spec.closures();
    let mut scopes: Vec<ExportScope> = spec
        .scopes
        .iter()
        .map(|s| {
            let mut implies: Vec<String> = s
                .implies
                .iter()
                .map(|&i| spec.scopes[i].name.clone())
                .collect();
            implies.sort();
            ExportScope {
                name: s.name.clone(),
                description: s.description.clone(),
                implies,
            }
        })
        .collect();
    scopes.sort_by(|a, b| a.name.cmp(&b.name));
    let mut routes: Vec<&crate::model::Route> = spec.routes.iter().collect();
    routes.sort_by(|a, b| a.template.text.cmp(&b.template.text));
    let routes = routes
        .into_iter()
        .flat_map(|r| {
            let closures = &closures;
            r.methods.iter().map(move |(m, req)| ExportRoute {
                method: m.0.clone(),
                path: r.template.text.clone(),
                requires: spec.effective(req, closures),
            })
        })
        .collect();
    Export { scopes, routes }
}

/// The export as one line of JSON.
#[must_use]
pub fn to_json(spec: &Spec) -> String {
    serde_json::to_string(&export(spec)).unwrap_or_default()
}
