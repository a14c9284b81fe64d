//! `scopes import openapi` and `scopes export --format openapi`.

use std::path::PathBuf;
use std::process::ExitCode;

use scopes_openapi::export::ExportOptions;
use scopes_openapi::{ImportError, ImportOptions, TokenOnly, Unsecured};

use crate::out;

/// What to import from.
#[derive(clap::Subcommand)]
pub enum ImportSource {
    /// An OpenAPI 3.0/3.1 document (JSON or YAML): print a spec of its
    /// security schemes' scopes and each operation's requirement.
    #[command(
        after_help = "Examples:\n  scopes import openapi openapi.yaml > spec/api.yaml\n  scopes import openapi spotify.yml --any-of-operation \"POST /playlists/{playlist_id}/tracks\"\n\nExit 0 with the spec on stdout (warnings on stderr), 1 when the document needs a choice\nthe flags did not make (listed on stderr), 2 when it cannot be read."
    )]
    Openapi {
        /// The OpenAPI document.
        file: PathBuf,
        /// The spec's `name` (default: the file name without extension).
        #[arg(long)]
        name: Option<String>,
        /// Operations with no `security` and no root `security`.
        #[arg(long, value_enum, default_value = "fail")]
        unsecured: UnsecuredArg,
        /// Operations that need a token but no scope (`security: [{oauth: []}]`):
        /// `authenticated: true` by default.
        #[arg(long, value_enum, default_value = "authenticated")]
        token_only: TokenOnlyArg,
        /// Read every scope list as any-of instead of all-of (Slack style).
        #[arg(long)]
        any_of: bool,
        /// Read this operation's scope lists as any-of: `METHOD /path` as written.
        #[arg(long, value_name = "OPERATION")]
        any_of_operation: Vec<String>,
    },
}

/// `--unsecured`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum UnsecuredArg {
    /// Refuse the import, listing them.
    Fail,
    /// Import them as `public: true`.
    Public,
    /// Leave them out (denied as unknown routes).
    LeaveOut,
}

/// `--token-only`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum TokenOnlyArg {
    /// Import them as `authenticated: true`: any valid token; 401 without one.
    Authenticated,
    /// Leave them out (denied as unknown routes).
    LeaveOut,
    /// Import them as `public: true`: requests without any token pass too.
    Public,
}

/// Flags of `scopes export` for `--format openapi`.
#[derive(clap::Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub format: ExportFormat,
    /// Write the security into this OpenAPI document (printed to stdout;
    /// nothing else in it changes).
    #[arg(long, value_name = "FILE")]
    pub merge: Option<PathBuf>,
    /// Name of the oauth2 security scheme (default: the spec's `openapi:
    /// scheme`, else the document's only oauth2 scheme, else `oauth2`).
    #[arg(long)]
    pub scheme: Option<String>,
    /// Authorization endpoint of a new scheme's flow (with --token-url too:
    /// the flows are these flags', not the spec's `openapi:` section).
    #[arg(long, value_name = "URL")]
    pub authorization_url: Option<String>,
    /// Token endpoint of a new scheme's flow (overrides the spec's
    /// `openapi:` flows, as --authorization-url does).
    #[arg(long, value_name = "URL")]
    pub token_url: Option<String>,
}

/// `scopes export --format`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The compiled table as JSON.
    Json,
    /// OpenAPI 3.1: `components.securitySchemes` and each operation's `security`.
    Openapi,
}

/// Run `scopes import`.
pub fn import(source: ImportSource) -> Result<ExitCode, ExitCode> {
    let ImportSource::Openapi {
        file,
        name,
        unsecured,
        token_only,
        any_of,
        any_of_operation,
    } = source;
    let text = std::fs::read_to_string(&file).map_err(|e| {
        eprintln!("error: cannot read {}: {e}", file.display());
        ExitCode::from(2)
    })?;
    let opts = ImportOptions {
        name,
        unsecured: match unsecured {
            UnsecuredArg::Fail => Unsecured::Fail,
            UnsecuredArg::Public => Unsecured::Public,
            UnsecuredArg::LeaveOut => Unsecured::LeaveOut,
        },
        token_only: match token_only {
            TokenOnlyArg::Authenticated => TokenOnly::Authenticated,
            TokenOnlyArg::LeaveOut => TokenOnly::LeaveOut,
            TokenOnlyArg::Public => TokenOnly::Public,
        },
        any_of_everywhere: any_of,
        any_of: any_of_operation,
    };
    match scopes_openapi::import(&file.display().to_string(), &text, &opts) {
        Ok(imported) => {
            for f in &imported.findings {
                eprint!("{f}");
            }
            eprintln!(
                "imported {} of {} operations",
                imported.kept, imported.operations
            );
            out(&imported.yaml);
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportError::Document(e)) => {
            eprintln!("error: {e}");
            Err(ExitCode::from(2))
        }
        Err(ImportError::Refused(findings)) => {
            for f in &findings {
                eprint!("{f}");
            }
            eprintln!("no spec written");
            Err(ExitCode::from(1))
        }
    }
}

impl ExportArgs {
    /// The OpenAPI-only flags given without `--format openapi`, if any.
    pub fn misplaced(&self) -> Option<&'static str> {
        if self.format == ExportFormat::Openapi {
            return None;
        }
        [
            (self.merge.is_some(), "--merge"),
            (self.scheme.is_some(), "--scheme"),
            (self.authorization_url.is_some(), "--authorization-url"),
            (self.token_url.is_some(), "--token-url"),
        ]
        .into_iter()
        .find_map(|(given, flag)| given.then_some(flag))
    }
}

/// Run `scopes export --format openapi` on a loaded spec.
pub fn export(spec: &scopes_spec::Spec, args: ExportArgs) -> Result<ExitCode, ExitCode> {
    // Flags override the spec's `openapi:` section.
    let section = ExportOptions::for_spec(spec);
    let scheme_given = args.scheme.is_some() || spec.openapi.scheme.is_some();
    let opts = ExportOptions {
        scheme: args.scheme.clone().unwrap_or(section.scheme.clone()),
        authorization_url: args.authorization_url,
        token_url: args.token_url,
        ..section
    };
    let fail = |e: scopes_openapi::export::ExportError| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    };
    let (text, warnings) = match &args.merge {
        Some(path) => {
            let original = std::fs::read_to_string(path).map_err(|e| {
                eprintln!("error: cannot read {}: {e}", path.display());
                ExitCode::from(2)
            })?;
            let merged = scopes_openapi::merge::merge(
                &path.display().to_string(),
                &original,
                spec,
                &opts,
                scheme_given,
            )
            .map_err(fail)?;
            (merged.text, merged.warnings)
        }
        None => scopes_openapi::export::document(spec, &opts).map_err(fail)?,
    };
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    out(&text);
    Ok(ExitCode::SUCCESS)
}
