#!/usr/bin/env bash
# Run every benchmark and refresh BENCHMARKS.md.
#   scripts/bench.sh          full run
#   scripts/bench.sh --quick  quick mode (under 5 minutes): shorter sampling,
#                             small specs only, no clean builds
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--quick" ]; then export SCOPES_BENCH_QUICK=1; fi
cargo bench -p scopes-bench
if [ -n "${SCOPES_BENCH_QUICK:-}" ]; then
  # Quick mode skips the largest spec and the clean builds.
  cargo run -q -p scopes-bench --bin report -- --allow-missing
else
  cargo run -q -p scopes-bench --bin report
fi
