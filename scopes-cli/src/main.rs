//! `scopes`: check scope specs, export their compiled tables.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Check OAuth scope specs and print what they compile to.
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
    /// path) with its effective requirement. Exit 2 if the spec is invalid.
    #[command(after_help = "Example:\n  scopes export spec/foxy.yaml | jq '.routes[0]'")]
    Export {
        /// Spec file.
        spec: PathBuf,
    },
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { specs } => {
            let mut ok = true;
            for path in specs {
                match scopes_spec::load_file(&path) {
                    Ok(loaded) => {
                        eprint!("{}", loaded.report.render(color()));
                        let warnings = loaded.report.warnings().count();
                        println!(
                            "{}: ok ({} scopes, {} routes{})",
                            path.display(),
                            loaded.spec.scopes.len(),
                            loaded.spec.routes.len(),
                            if warnings > 0 {
                                format!(", {warnings} warnings")
                            } else {
                                String::new()
                            }
                        );
                    }
                    Err(report) => {
                        eprint!("{}", report.render(color()));
                        ok = false;
                    }
                }
            }
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Command::Export { spec } => match scopes_spec::load_file(&spec) {
            Ok(loaded) => {
                println!("{}", scopes_spec::export::to_json(&loaded.spec));
                ExitCode::SUCCESS
            }
            Err(report) => {
                eprint!("{}", report.render(color()));
                ExitCode::from(2)
            }
        },
    }
}
