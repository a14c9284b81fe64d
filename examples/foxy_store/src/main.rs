//! `foxy-store serve` runs the example API; `foxy-store token SCOPES` prints
//! a token for it.

use clap::{Parser, Subcommand};

/// Example Foxy store API enforced by scopes.
#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:3000")]
        addr: String,
    },
    /// Print an HS256 token granting SCOPE (space-separated).
    Token {
        /// Granted scopes.
        scope: String,
    },
}

/// The demo signing secret (an example, not a secret).
const SECRET: &[u8] = b"foxy-store-demo-secret";

#[tokio::main]
async fn main() -> std::io::Result<()> {
    match Cli::parse().command {
        Command::Token { scope } => println!("{}", foxy_store::token(SECRET, &scope)),
        Command::Serve { addr } => {
            tracing_subscriber::fmt().with_target(true).init();
            let listener = tokio::net::TcpListener::bind(&addr).await?;
            eprintln!("foxy-store listening on http://{}", listener.local_addr()?);
            let app = foxy_store::app(SECRET, scopes_runtime::axum::BodyFormat::Text);
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await?;
        }
    }
    Ok(())
}
