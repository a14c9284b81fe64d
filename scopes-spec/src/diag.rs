//! Diagnostics: collected, never thrown one at a time (like serde_derive's
//! `Ctxt`), and rendered rustc-style by `annotate-snippets`.

use std::fmt::Write as _;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::source::SourceFile;

/// Error or warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The spec is rejected.
    Error,
    /// The spec is accepted; something is probably wrong.
    Warning,
}

/// One finding, located at a byte range of the spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// Where, as bytes of the file.
    pub span: Range<usize>,
    /// The label under the span.
    pub label: String,
    /// How to fix it, if we can tell.
    pub help: Option<String>,
    /// Other places that explain the finding.
    pub notes: Vec<(Range<usize>, String)>,
}

impl Diagnostic {
    /// A new error.
    #[must_use]
    pub fn error(span: Range<usize>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, span, message)
    }

    /// A new warning.
    #[must_use]
    pub fn warning(span: Range<usize>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, span, message)
    }

    fn new(severity: Severity, span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            severity,
            message: message.into(),
            span,
            label: String::new(),
            help: None,
            notes: Vec::new(),
        }
    }

    /// Set the label under the span.
    #[must_use]
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Set the help line.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Set the help line if there is one.
    #[must_use]
    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        self.help = help.or(self.help);
        self
    }

    /// Point at another place.
    #[must_use]
    pub fn note(mut self, span: Range<usize>, label: impl Into<String>) -> Self {
        self.notes.push((span, label.into()));
        self
    }
}

/// Everything found in one file.
#[derive(Debug, Clone)]
pub struct Report {
    /// The file.
    pub file: SourceFile,
    /// Findings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Whether any finding is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// Add findings of a later check (e.g. [`crate::rust_names`]), keeping
    /// file order.
    pub fn extend(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(more);
        self.diagnostics
            .sort_by_key(|d| (d.span.start, d.severity == Severity::Warning));
    }

    /// `file:line:col` of a diagnostic.
    #[must_use]
    pub fn location(&self, d: &Diagnostic) -> String {
        let (line, col) = self.file.line_col(d.span.start);
        format!("{}:{line}:{col}", self.file.name)
    }

    /// Render every finding rustc-style; `color` adds ANSI styling.
    #[must_use]
    pub fn render(&self, color: bool) -> String {
        self.render_filtered(color, true)
    }

    /// Render the errors only (compile errors carry no warnings).
    #[must_use]
    pub fn render_errors(&self, color: bool) -> String {
        self.render_filtered(color, false)
    }

    fn render_filtered(&self, color: bool, warnings_too: bool) -> String {
        let mut out = String::new();
        for d in self
            .diagnostics
            .iter()
            .filter(|d| warnings_too || d.severity == Severity::Error)
        {
            out.push_str(&self.render_one(d, color));
            out.push('\n');
        }
        let errors = self.errors().count();
        let warnings = self.warnings().count();
        if errors > 0 {
            let _ = writeln!(
                out,
                "error: {} has {errors} error{}{}",
                self.file.name,
                plural(errors),
                if warnings > 0 && warnings_too {
                    format!(" and {warnings} warning{}", plural(warnings))
                } else {
                    String::new()
                }
            );
        }
        out
    }

    /// Render one finding rustc-style.
    #[must_use]
    pub fn render_one(&self, d: &Diagnostic, color: bool) -> String {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        // A byte-order mark is not shown (it would count as a column).
        let text = self.file.text.as_str();
        let shown = text.strip_prefix('\u{feff}').unwrap_or(text);
        let bom = text.len() - shown.len();
        // Within the text and on character boundaries (a span of one byte
        // on `é` covers the character), so the renderer cannot panic.
        let clamp = |r: &Range<usize>| {
            let start = shown.floor_char_boundary(r.start.saturating_sub(bom));
            start
                ..shown
                    .ceil_char_boundary(r.end.saturating_sub(bom))
                    .max(start)
        };
        let mut snippet = Snippet::source(shown)
            .path(self.file.name.as_str())
            .annotation(
                AnnotationKind::Primary
                    .span(clamp(&d.span))
                    .label(d.label.as_str()),
            );
        for (span, label) in &d.notes {
            snippet = snippet.annotation(
                AnnotationKind::Context
                    .span(clamp(span))
                    .label(label.as_str()),
            );
        }
        let mut group = level.primary_title(d.message.as_str()).element(snippet);
        if let Some(help) = &d.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let report: [Group<'_>; 1] = [group];
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&report)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Collects findings while a spec is checked.
#[derive(Debug, Default)]
pub struct Ctxt {
    diagnostics: Vec<Diagnostic>,
}

impl Ctxt {
    /// Record a finding.
    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Whether an error was recorded.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// The findings, in file order.
    #[must_use]
    pub fn finish(mut self) -> Vec<Diagnostic> {
        self.diagnostics
            .sort_by_key(|d| (d.span.start, d.severity == Severity::Warning));
        self.diagnostics.dedup();
        self.diagnostics
    }
}
