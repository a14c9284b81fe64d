//! `foxy-load serve --mode protected|baseline` serves the example on
//! loopback; `foxy-load run` drives both servers and prints the figures.
//! `scripts/load.sh` starts, measures and stops them.

use clap::{Parser, Subcommand, ValueEnum};
use foxy_load::client::{self, Bounds, Target};
use foxy_load::mix::{self, SECRET};
use foxy_load::report::{self, Figures};
use std::io::Write as _;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// Hard limits of issue 14 item 3, for the whole invocation.
const MAX_REQUESTS: usize = 200_000;
const MAX_CONNECTIONS: usize = 64;
const MAX_SECONDS: u64 = 60;

/// Bounded loopback load test of the foxy-store example.
#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Mode {
    Protected,
    Baseline,
}

#[derive(Subcommand)]
enum Command {
    /// Serve on loopback; prints `listening ADDR` when ready.
    Serve {
        /// With the scope layer, or the same routes without it.
        #[arg(long, value_enum)]
        mode: Mode,
        /// Loopback address (port 0: ephemeral).
        #[arg(long, default_value = "127.0.0.1:0")]
        addr: SocketAddr,
    },
    /// Load both servers one after the other and print the figures.
    Run {
        /// Address of the protected server.
        #[arg(long)]
        protected: SocketAddr,
        /// Its process id (for VmRSS).
        #[arg(long)]
        protected_pid: u32,
        /// Address of the baseline server.
        #[arg(long)]
        baseline: SocketAddr,
        /// Its process id.
        #[arg(long)]
        baseline_pid: u32,
        /// Requests in all (split evenly between the servers).
        #[arg(long, default_value_t = MAX_REQUESTS)]
        requests: usize,
        /// Concurrent keep-alive connections.
        #[arg(long, default_value_t = MAX_CONNECTIONS)]
        connections: usize,
        /// Seconds in all (split evenly).
        #[arg(long, default_value_t = MAX_SECONDS)]
        seconds: u64,
        /// Seed of the request mix.
        #[arg(long, default_value_t = 14)]
        seed: u64,
    },
}

fn check_bounds(
    addrs: &[SocketAddr],
    requests: usize,
    conns: usize,
    secs: u64,
) -> Result<(), String> {
    if let Some(a) = addrs.iter().find(|a| !a.ip().is_loopback()) {
        return Err(format!("{a} is not a loopback address"));
    }
    if requests == 0 || requests > MAX_REQUESTS {
        return Err(format!("--requests must be 1..={MAX_REQUESTS}"));
    }
    if conns == 0 || conns > MAX_CONNECTIONS {
        return Err(format!("--connections must be 1..={MAX_CONNECTIONS}"));
    }
    if secs == 0 || secs > MAX_SECONDS {
        return Err(format!("--seconds must be 1..={MAX_SECONDS}"));
    }
    Ok(())
}

async fn serve(mode: Mode, addr: SocketAddr) -> std::io::Result<()> {
    if !addr.ip().is_loopback() {
        return Err(std::io::Error::other(format!("{addr} is not loopback")));
    }
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let app = match mode {
        Mode::Protected => foxy_store::app(SECRET, scopes_runtime::axum::BodyFormat::Text),
        Mode::Baseline => foxy_load::baseline::app(),
    };
    let mut out = std::io::stdout();
    writeln!(out, "listening {}", listener.local_addr()?)?;
    out.flush()?;
    axum::serve(listener, app).await
}

#[tokio::main]
async fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Serve { mode, addr } => match serve(mode, addr).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Run {
            protected,
            protected_pid,
            baseline,
            baseline_pid,
            requests,
            connections,
            seconds,
            seed,
        } => {
            if let Err(e) = check_bounds(&[protected, baseline], requests, connections, seconds) {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
            let groups = Arc::new(mix::by_class(mix::cases()));
            let bounds = Bounds {
                requests: requests.div_ceil(2),
                connections,
                duration: Duration::from_secs(seconds) / 2,
                seed,
            };
            let mut rows = Vec::new();
            for (label, addr, pid, target) in [
                ("baseline", baseline, baseline_pid, Target::Baseline),
                ("protected", protected, protected_pid, Target::Protected),
            ] {
                let before = report::rss_kib(pid);
                let o = client::run(addr, groups.clone(), target, bounds).await;
                for e in &o.wrong_examples {
                    eprintln!("wrong answer from {label}: {e}");
                }
                rows.push(Figures::new(label, o, (before, report::rss_kib(pid))));
            }
            println!("{}", report::table(&rows));
            if rows.iter().any(|r| r.wrong > 0 || r.failed > 0) {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}
