#!/usr/bin/env bash
# Per-request instruction and simulated branch-miss counts of table 1's
# contenders (and table 3's grant parsing), from callgrind: deterministic,
# unlike wall-clock time on a shared machine.
#   scopes-bench/callgrind.sh [contenders] [sets] [mixes]
# Each figure is (run with R rounds − run with 0 rounds) ÷ (R × 1,024).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q --release -p scopes-bench --example hot
bin=target/release/examples/hot
R=${ROUNDS:-50}
out=$(mktemp -d)
count() { # args… → "Ir Bcm Bim" totals
  valgrind --tool=callgrind --branch-sim=yes --callgrind-out-file="$out/cg" "$bin" "$@" >/dev/null 2>"$out/log"
  grep '^summary:' "$out/cg" | awk '{print $2, $4, $6}'
}
per() { # label args-without-rounds…
  local label=$1; shift
  read -r i0 c0 m0 < <(count "$@" 0)
  read -r i1 c1 m1 < <(count "$@" "$R")
  awk -v l="$label" -v i="$((i1 - i0))" -v c="$((c1 - c0 + m1 - m0))" -v n="$((R * 1024))" \
    'BEGIN { printf "%-34s %8.1f instr %6.2f branch misses\n", l, i / n, c / n }'
}
for set in ${2:-foxy github}; do
  for mix in ${3:-realistic worst misses repeated}; do
    for who in ${1:-generated tables matchit}; do
      per "$set/$mix/$who" "$who" "$set" "$mix"
    done
  done
done
if [ -z "${1:-}" ]; then
  for n in 1 6 20; do
    per "grant/$n/generated" grant "$n"
    per "grant/$n/fxhashmap" grant-fx "$n"
  done
fi
rm -rf "$out"
