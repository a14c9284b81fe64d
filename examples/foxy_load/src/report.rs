//! Figures of a run and the markdown table `scripts/load.sh` prints.

use crate::client::Outcome;
use std::fmt::Write as _;

/// The figures of one target.
#[derive(Debug, Clone)]
pub struct Figures {
    /// "protected" or "baseline".
    pub label: &'static str,
    /// Answered requests.
    pub answered: usize,
    /// Requests per second.
    pub throughput: f64,
    /// Median latency, microseconds.
    pub p50_us: u32,
    /// 99th percentile latency, microseconds.
    pub p99_us: u32,
    /// Server `VmRSS` before the run, KiB.
    pub rss_before_kib: u64,
    /// Server `VmRSS` after the run, KiB.
    pub rss_after_kib: u64,
    /// Answers that differ from the oracle.
    pub wrong: usize,
    /// Requests without an answer.
    pub failed: usize,
}

/// Nearest-rank percentile of sorted `v` (`q` in 0..=100).
#[must_use]
pub fn percentile(sorted: &[u32], q: usize) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (q * sorted.len()).div_ceil(100).max(1);
    sorted[rank.min(sorted.len()) - 1]
}

/// `VmRSS` of process `pid` in KiB (0 if unreadable).
#[must_use]
pub fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

impl Figures {
    /// Figures from an outcome and the RSS readings.
    #[must_use]
    pub fn new(label: &'static str, mut o: Outcome, rss: (u64, u64)) -> Self {
        o.latencies_us.sort_unstable();
        let answered = o.latencies_us.len();
        #[allow(clippy::cast_precision_loss)]
        let throughput = answered as f64 / o.elapsed.as_secs_f64().max(1e-9);
        Self {
            label,
            answered,
            throughput,
            p50_us: percentile(&o.latencies_us, 50),
            p99_us: percentile(&o.latencies_us, 99),
            rss_before_kib: rss.0,
            rss_after_kib: rss.1,
            wrong: o.wrong,
            failed: o.failed,
        }
    }
}

fn ms(us: u32) -> f64 {
    f64::from(us) / 1000.0
}

/// The markdown table, with the protected/baseline ratios last.
#[must_use]
pub fn table(rows: &[Figures]) -> String {
    let mut s = String::from(
        "| service | requests | req/s | p50 ms | p99 ms | RSS before MiB | RSS after MiB | wrong | no answer |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    #[allow(clippy::cast_precision_loss)]
    for r in rows {
        let _ = writeln!(
            s,
            "| {} | {} | {:.0} | {:.3} | {:.3} | {:.1} | {:.1} | {} | {} |",
            r.label,
            r.answered,
            r.throughput,
            ms(r.p50_us),
            ms(r.p99_us),
            r.rss_before_kib as f64 / 1024.0,
            r.rss_after_kib as f64 / 1024.0,
            r.wrong,
            r.failed
        );
    }
    let find = |l| rows.iter().find(|r| r.label == l);
    if let (Some(p), Some(b)) = (find("protected"), find("baseline")) {
        let _ = writeln!(
            s,
            "\nEnforcement overhead (protected vs baseline): throughput x{:.2}, p50 x{:.2}, p99 x{:.2}",
            p.throughput / b.throughput.max(1e-9),
            f64::from(p.p50_us) / f64::from(b.p50_us.max(1)),
            f64::from(p.p99_us) / f64::from(b.p99_us.max(1)),
        );
    }
    s
}
