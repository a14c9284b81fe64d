//! What the import says: errors that refuse it, warnings about what was
//! not carried over as written, notes. Operations refused for the same
//! reason are reported together, one per line.

use std::collections::BTreeMap;

use crate::import::{ImportOptions, TokenOnly, Unsecured};
use crate::security::{Access, Analysis};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// The import is refused.
    Error,
    /// The import goes on; something was not carried over as written.
    Warning,
    /// For information.
    Note,
}

/// Something the import says about the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Error, warning, note.
    pub level: Level,
    /// What, naming the operations (`GET /path`).
    pub message: String,
    /// How to change the outcome.
    pub help: Option<String>,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        };
        writeln!(f, "{level}: {}", self.message)?;
        if let Some(help) = &self.help {
            writeln!(f, "  help: {help}")?;
        }
        Ok(())
    }
}

pub(crate) fn warn(findings: &mut Vec<Finding>, message: String, help: Option<String>) {
    findings.push(Finding {
        level: Level::Warning,
        message,
        help,
    });
}

/// Say what was done with non-OAuth schemes, undeclared schemes and
/// large requirements of one operation.
pub(crate) fn report_schemes(label: &str, a: &Analysis, findings: &mut Vec<Finding>) {
    let others = a
        .other_schemes
        .iter()
        .chain(&a.undeclared)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if !a.undeclared.is_empty() {
        warn(
            findings,
            format!(
                "{label}: security names undeclared schemes {} (read as non-OAuth)",
                a.undeclared.join(", ")
            ),
            Some("declare them under `components.securitySchemes`".into()),
        );
    }
    if a.access == Access::OtherSchemesOnly {
        warn(
            findings,
            format!(
                "{label}: needs {others} only, which scopes cannot express: left out (denied as an unknown route)"
            ),
            Some(
                "authorize these requests before the scope check, or add the route by hand".into(),
            ),
        );
        return;
    }
    if a.dropped > 0 && matches!(a.access, Access::Scopes(_) | Access::TokenOnly) {
        warn(
            findings,
            format!(
                "{label}: {} alternative(s) need only {others}, which scopes cannot express: dropped; requests using them alone are denied by the scope check",
                a.dropped
            ),
            Some("authorize those requests before the scope check".into()),
        );
    }
    if a.mixed > 0 {
        warn(
            findings,
            format!(
                "{label}: {others} is required along with OAuth scopes: only the scopes are imported"
            ),
            Some("check the other credential in its own layer".into()),
        );
    }
    if a.large {
        warn(
            findings,
            format!("{label}: the alternatives become a large AND of OR-groups (exact, but long)"),
            None,
        );
    }
}

pub(crate) fn list_findings(
    lists: &BTreeMap<&'static str, Vec<String>>,
    opts: &ImportOptions,
    findings: &mut Vec<Finding>,
) {
    let bullet = |v: &Vec<String>| v.iter().map(|s| format!("\n    {s}")).collect::<String>();
    if let Some(v) = lists.get("unsecured") {
        let (level, done) = match opts.unsecured {
            Unsecured::Fail => (Level::Error, "never made public silently"),
            Unsecured::Public => (
                Level::Warning,
                "imported as `public: true` (--unsecured public)",
            ),
            Unsecured::LeaveOut => (Level::Warning, "left out (--unsecured leave-out)"),
        };
        findings.push(Finding {
            level,
            message: format!(
                "{} operation(s) have no `security` and no root `security` applies: {done}:{}",
                v.len(),
                bullet(v)
            ),
            help: (level == Level::Error).then(|| {
                "pass --unsecured public to import them as `public: true`, or --unsecured leave-out".into()
            }),
        });
    }
    if let Some(v) = lists.get("token") {
        let (level, done) = match opts.token_only {
            TokenOnly::Authenticated => (
                Level::Note,
                "imported as `authenticated: true` (a request without a token gets 401; --token-only leave-out|public to choose otherwise)",
            ),
            TokenOnly::LeaveOut => (
                Level::Warning,
                "left out, denied as unknown routes (--token-only leave-out)",
            ),
            TokenOnly::Public => (
                Level::Warning,
                "imported as `public: true`, so requests without a token pass too (--token-only public)",
            ),
        };
        findings.push(Finding {
            level,
            message: format!(
                "{} operation(s) need a valid token but no particular scope (a scheme with an empty scope list): {done}:{}",
                v.len(),
                bullet(v)
            ),
            help: None,
        });
    }
    if let Some(v) = lists.get("template") {
        warn(
            findings,
            format!(
                "{} operation(s) have a path template the spec format does not support yet: left out (denied as unknown routes):{}",
                v.len(),
                bullet(v)
            ),
            Some(
                "add them by hand in a supported form, or wait for the template grammar to grow"
                    .into(),
            ),
        );
    }
}
