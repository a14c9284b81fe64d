//! `scopes`: check scope specs, export their tables, explain and replay
//! authorization decisions, publish scope docs, compute least-privilege
//! scope sets, and review permission changes.

use scopes_cli::authorize;
mod diff;
mod docs;
mod minimal;
mod openapi;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use scopes_runtime::{Granted, LoadedSpec};

/// Check OAuth scope specs and explain what they allow.
#[derive(Parser)]
#[command(name = "scopes", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check specs: exit 0 when valid (warnings are printed), 1 otherwise.
    #[command(after_help = "Example:\n  scopes check spec/foxy.yaml spec/fluveo.yaml")]
    Check {
        /// Spec files.
        #[arg(required = true)]
        specs: Vec<PathBuf>,
    },
    /// Print a spec's compiled table as JSON: scopes, and every (method,
    /// path) with its effective requirement; or its security as OpenAPI.
    /// Exit 2 if the spec is invalid.
    #[command(
        after_help = "Examples:\n  scopes export spec/foxy.yaml > foxy.json\n  scopes export spec/foxy.yaml --format openapi --token-url https://auth.example/token > security.json\n  scopes export spec/foxy.yaml --format openapi --merge openapi.yaml > openapi.new.yaml"
    )]
    Export {
        /// Spec file.
        spec: PathBuf,
        #[command(flatten)]
        openapi: openapi::ExportArgs,
    },
    /// Write a spec from another description of the API.
    Import {
        #[command(subcommand)]
        source: openapi::ImportSource,
    },
    /// Decide one request, or replay JSON lines. Exit 0 allow, 1 deny (any
    /// reason), 2 usage or spec error.
    #[command(
        after_help = "Examples:\n  scopes authorize spec/foxy.yaml --granted \"transactions_write\" POST /transactions/7/send_emails\n  scopes authorize spec/foxy.yaml --granted \"carts_read\" GET /carts/1 --json\n  scopes authorize spec/fluveo.yaml --batch access.jsonl > decisions.jsonl\n\nA token or not: --granted \"a b\" is a token with those scopes; --granted \"\" (or no --granted) a valid token with no scope, which meets `authenticated: true` routes; --no-token a request without a token, which meets public routes only (reason unauthenticated elsewhere).\n\nBatch lines: {\"method\":\"GET\",\"path\":\"/v1/products\",\"granted\":\"read_products\"} (add \"token\":false for a request without a token)\nOutput lines: {\"decision\":\"allow\"|\"deny\",\"reason\":\"ok\"|\"insufficient_scope\"|\"unauthenticated\"|\"no_route\"|\"method_not_allowed\"|\"invalid_path\",\"route\":\"/template\"|null,\"missing\":[[...]]}"
    )]
    Authorize {
        /// Spec file.
        spec: PathBuf,
        /// The granted scope string of the request's token (space-delimited,
        /// RFC 6749 §3.3); empty: a valid token with no scope.
        #[arg(long, default_value = "", conflicts_with = "batch")]
        granted: String,
        /// The request has no token at all (not even one without scopes).
        #[arg(long, conflicts_with_all = ["batch", "granted"])]
        no_token: bool,
        /// Print one JSON object instead of words.
        #[arg(long)]
        json: bool,
        /// Replay JSON lines from FILE (`-` for stdin), one result line each.
        #[arg(long, value_name = "FILE")]
        batch: Option<String>,
        /// HTTP method.
        #[arg(required_unless_present = "batch")]
        method: Option<String>,
        /// Request path (a query string is ignored).
        #[arg(required_unless_present = "batch")]
        path: Option<String>,
    },
    /// Print the scope reference a platform publishes.
    #[command(
        after_help = "Examples:\n  scopes docs spec/foxy.yaml > SCOPES.md\n  scopes docs spec/fluveo.yaml --format html > scopes.html"
    )]
    Docs {
        /// Spec file.
        spec: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "markdown")]
        format: docs::Format,
    },
    /// The smallest scope set an app must request to call these endpoints.
    #[command(
        after_help = "Example:\n  scopes minimal spec/fluveo.yaml \"GET /v1/products\" \"POST /v1/refunds\""
    )]
    Minimal {
        /// Spec file.
        spec: PathBuf,
        /// Endpoints as \"METHOD /path\" (template or concrete path).
        #[arg(required = true)]
        endpoints: Vec<String>,
    },
    /// What a spec change grants or revokes, per route and method. Exit 1
    /// when any request becomes allowed that was refused before.
    #[command(
        after_help = "Example:\n  scopes diff old/foxy.yaml spec/foxy.yaml || echo \"review: permissions widened\""
    )]
    Diff {
        /// The spec before.
        old: PathBuf,
        /// The spec after.
        new: PathBuf,
    },
    /// Print shell completions.
    #[command(after_help = "Example:\n  scopes completions bash > /etc/bash_completion.d/scopes")]
    Completions {
        /// Shell.
        shell: clap_complete::Shell,
    },
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Load a spec for a command; on error print diagnostics and exit 2.
fn load(path: &PathBuf) -> Result<LoadedSpec, ExitCode> {
    LoadedSpec::load(path).map_err(|report| {
        eprint!("{}", report.render(color()));
        ExitCode::from(2)
    })
}

/// Write to stdout, ending quietly if the reader went away (`| head`).
fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        std::process::exit(0);
    }
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(code) | Err(code) => code,
    }
}

fn run(command: Command) -> Result<ExitCode, ExitCode> {
    match command {
        Command::Check { specs } => {
            let mut ok = true;
            for path in specs {
                match scopes_spec::load_file(&path) {
                    Ok(mut loaded) => {
                        loaded
                            .report
                            .extend(scopes_spec::rust_name_warnings(&loaded.spec));
                        eprint!("{}", loaded.report.render(color()));
                        let warnings = loaded.report.warnings().count();
                        out(&format!(
                            "{}: ok ({} scopes, {} routes{})\n",
                            path.display(),
                            loaded.spec.scopes.len(),
                            loaded.spec.routes.len(),
                            if warnings > 0 {
                                format!(", {warnings} warnings")
                            } else {
                                String::new()
                            }
                        ));
                    }
                    Err(report) => {
                        eprint!("{}", report.render(color()));
                        ok = false;
                    }
                }
            }
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Export { spec, openapi } => {
            if let Some(flag) = openapi.misplaced() {
                eprintln!("error: {flag} needs --format openapi");
                return Err(ExitCode::from(2));
            }
            let loaded = load(&spec)?;
            if openapi.format == openapi::ExportFormat::Openapi {
                return openapi::export(loaded.spec(), openapi);
            }
            out(&format!(
                "{}\n",
                scopes_spec::export::to_json(loaded.spec())
            ));
            Ok(ExitCode::SUCCESS)
        }
        Command::Authorize {
            spec,
            granted,
            no_token,
            json,
            batch,
            method,
            path,
        } => {
            let loaded = load(&spec)?;
            if let Some(file) = batch {
                let stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
                let result = if file == "-" {
                    authorize::batch(&loaded, std::io::stdin().lock(), stdout)
                } else {
                    let f = std::fs::File::open(&file).map_err(|e| {
                        eprintln!("error: cannot read {file}: {e}");
                        ExitCode::from(2)
                    })?;
                    authorize::batch(
                        &loaded,
                        std::io::BufReader::with_capacity(1 << 16, f),
                        stdout,
                    )
                };
                return match result {
                    Ok(_) => Ok(ExitCode::SUCCESS),
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
                    Err(e) => {
                        eprintln!("error: {e}");
                        Err(ExitCode::from(2))
                    }
                };
            }
            let (Some(method), Some(path)) = (method, path) else {
                return Err(ExitCode::from(2));
            };
            let tables = loaded.tables();
            let granted = if no_token {
                Granted::empty(&tables)
            } else {
                Granted::parse(&tables, &granted).map_err(|e| {
                    eprintln!("error: --granted is not a valid scope string: {e}");
                    ExitCode::from(2)
                })?
            };
            let outcome = authorize::outcome_token(&tables, &method, &path, granted.token());
            let allowed = outcome.decision == "allow";
            if json {
                out(&format!(
                    "{}\n",
                    serde_json::to_string(&outcome).unwrap_or_default()
                ));
            } else {
                out(&authorize::explain(&tables, &method, &path, &granted));
            }
            Ok(if allowed {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Import { source } => openapi::import(source),
        Command::Docs { spec, format } => {
            let loaded = load(&spec)?;
            out(&docs::render(loaded.spec(), format));
            Ok(ExitCode::SUCCESS)
        }
        Command::Minimal { spec, endpoints } => {
            let loaded = load(&spec)?;
            let tables = loaded.tables();
            match minimal::minimal(&tables, &endpoints) {
                Ok(m) => {
                    let names: Vec<&str> = m
                        .scopes
                        .iter()
                        .map(|(s, _)| tables.scope_name(*s))
                        .collect();
                    let mut text = format!("{}\n", names.join(" "));
                    for (s, why) in &m.scopes {
                        text.push_str(&format!(
                            "  {}: needed for {}\n",
                            tables.scope_name(*s),
                            why.join(", ")
                        ));
                    }
                    out(&text);
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    Err(ExitCode::from(2))
                }
            }
        }
        Command::Diff { old, new } => {
            let (a, b) = (load(&old)?, load(&new)?);
            let changes = diff::diff(a.spec(), b.spec());
            let mut text = String::new();
            for c in &changes {
                text.push_str(&format!(
                    "{:<8} {} {}: {}\n",
                    c.kind, c.method, c.path, c.detail
                ));
            }
            let widened = changes.iter().filter(|c| c.widens()).count();
            text.push_str(&format!(
                "{} change(s); {widened} widen access{}\n",
                changes.len(),
                if widened > 0 { " (exit 1)" } else { "" }
            ));
            out(&text);
            Ok(if widened > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "scopes", &mut buf);
            out(&String::from_utf8_lossy(&buf));
            Ok(ExitCode::SUCCESS)
        }
    }
}
