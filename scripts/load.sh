#!/usr/bin/env bash
# Bounded loopback load test of examples/foxy_store (issue 14 item 3).
#
#   scripts/load.sh          full: 200,000 requests in all (100,000 per server),
#                            64 connections, 60 s in all (30 s per server)
#   scripts/load.sh --smoke  2,000 requests, 8 connections, 10 s: for CI
#
# Builds foxy-load in release, starts the protected example and the same
# routes without enforcement on 127.0.0.1 (ephemeral ports), loads one after
# the other, reads each server's VmRSS before and after, stops both, prints a
# markdown table. Exits non-zero on any wrong answer or unanswered request.
set -euo pipefail
cd "$(dirname "$0")/.."

requests=200000 connections=64 seconds=60
case "${1:-}" in
  --smoke) requests=2000 connections=8 seconds=10 ;;
  "") ;;
  *) echo "usage: $0 [--smoke]" >&2; exit 2 ;;
esac

cargo build --release --quiet -p foxy-load
bin=target/release/foxy-load
dir=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT

start() { # mode -> sets $addr, $pid
  : >"$dir/$1" # exists before the server writes to it
  "$bin" serve --mode "$1" --addr 127.0.0.1:0 >"$dir/$1" &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 100); do
    addr=$(sed -n 's/^listening //p' "$dir/$1")
    [ -n "$addr" ] && return 0
    sleep 0.1
  done
  echo "$1 server did not start" >&2
  exit 1
}

start protected; p_addr=$addr p_pid=$pid
start baseline; b_addr=$addr b_pid=$pid

"$bin" run --protected "$p_addr" --protected-pid "$p_pid" \
  --baseline "$b_addr" --baseline-pid "$b_pid" \
  --requests "$requests" --connections "$connections" --seconds "$seconds"
