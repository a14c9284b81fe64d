#!/usr/bin/env bash
# Fuzz the scopes targets with cargo-afl (AFL++), on stable Rust.
#
#   scripts/fuzz.sh setup               install what fuzzing needs (idempotent)
#   scripts/fuzz.sh TARGET|all SECONDS  fuzz each target for SECONDS, print its figures
#   scripts/fuzz.sh smoke [SECONDS]     setup, replay seeds and saved crashes, then
#                                       every target for SECONDS (default 5)
#   scripts/fuzz.sh replay              replay seeds and saved crashes (cargo test)
#   scripts/fuzz.sh ci [SECONDS]        what CI runs: setup, a quick build (AFL
#                                       opt-level 0, no debuginfo), every seed
#                                       and saved crash through each binary,
#                                       then every target for SECONDS (default
#                                       3) into a throwaway output directory
#
# Targets: spec_check (bytes -> scopes_spec::check_str and code generation),
# grant_parse (Granted::parse against Foxy and Fluveo, with a reference model),
# batch_line (scopes authorize --batch), bearer_jwt (RFC 6750 extraction and
# JWT verification with a test key: an accepted forgery is a crash),
# path_match (generated matcher vs tables vs the reference matcher, Foxy and
# GitHub). fuzz/ is its own workspace: the main build and CI compile it only
# through this script. Findings go to
# fuzz/out/TARGET/default/{crashes,hangs}; a crash becomes a regression input in
# fuzz/regressions/TARGET/ (replayed by `cargo test` in fuzz/).
# A run resumes fuzz/out/TARGET when it exists: the corpus and coverage
# (AFL++ bitmap_cvg) carry over, the executions printed are the last run's.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
fuzz="$here/fuzz"
targets=(spec_check grant_parse batch_line bearer_jwt path_match)
afl_version=0.18.2

setup() {
    if ! command -v cc >/dev/null || ! command -v make >/dev/null; then
        # AFL++ is built from the source cargo-afl ships: a C toolchain and make.
        apt-get update && apt-get install -y build-essential
    fi
    if ! cargo afl --version 2>/dev/null | grep -q "$afl_version"; then
        cargo install cargo-afl --version "$afl_version" --locked
    fi
    # Builds AFL++ for this rustc once; later runs say it is already built.
    local out
    if ! out="$(cargo afl config --build 2>&1)"; then
        grep -q "already built" <<<"$out" || { echo "$out" >&2; exit 1; }
    fi
}

build() {
    (cd "$fuzz" && cargo afl build --release --features afl -q)
}

# CI only checks that the targets build and run: cargo-afl compiles every
# crate with opt-level 3 and one codegen unit (AFL_OPT_LEVEL overrides the
# first), and the release profile adds debuginfo. The `smoke` profile drops
# both: a cold build takes a fraction of the campaign build's time.
build_quick() {
    (cd "$fuzz" && AFL_OPT_LEVEL=0 cargo afl build --profile smoke --features afl -q)
}

# Seeds and saved crashes through the afl binaries themselves (outside
# afl-fuzz they read one input from stdin; a failed check aborts).
replay_bins() {
    local bin="$1" t f n=0
    for t in "${targets[@]}"; do
        for f in "$fuzz"/seeds/"$t"/* "$fuzz"/regressions/"$t"/*; do
            [ -f "$f" ] || continue
            "$bin/$t" <"$f" >/dev/null 2>&1 || { echo "$t: $f fails (run $bin/$t < $f)" >&2; return 1; }
            n=$((n + 1))
        done
    done
    echo "replayed $n inputs through ${#targets[@]} targets"
}

replay() {
    (cd "$fuzz" && cargo test -q)
}

run() {
    local target="$1" seconds="$2" bin="${3:-$fuzz/target/release}" out="${4:-$fuzz/out/$1}"
    mkdir -p "$out"
    # Containers: no core_pattern or CPU governor to tune; no UI on CI.
    AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
    AFL_AUTORESUME=1 AFL_NO_AFFINITY=1 \
        cargo afl fuzz -i "$fuzz/seeds/$target" -o "$out" -V "$seconds" \
            -- "$bin/$target" >"$out/afl.log" 2>&1 || {
        tr '\r' '\n' <"$out/afl.log" | grep -a -A3 'PROGRAM ABORT' >&2 || tail -5 "$out/afl.log" >&2
        echo "$target: afl-fuzz failed (log: $out/afl.log); an interrupted run can leave" >&2
        echo "  $out unresumable: remove it to start again from the seeds" >&2
        return 1
    }
    local stats="$out/default/fuzzer_stats"
    local get
    get() { awk -F' *: *' -v k="$1" '$1 == k {print $2}' "$stats"; }
    printf '%-12s %5ss  execs %10s  (%s/s)  corpus %5s  coverage %7s  crashes %s  hangs %s\n' \
        "$target" "$seconds" "$(get execs_done)" "$(get execs_per_sec)" "$(get corpus_count)" \
        "$(get bitmap_cvg)" "$(get saved_crashes)" "$(get saved_hangs)"
    local crashes
    crashes="$(find "$out/default/crashes" -name 'id:*' 2>/dev/null | wc -l)"
    if [ "$crashes" -gt 0 ]; then
        echo "$target: $crashes crash(es) in $out/default/crashes: replay one with" >&2
        echo "  $bin/$target < FILE; then copy it to fuzz/regressions/$target/" >&2
        return 1
    fi
}

fuzz_targets() {
    local which="$1" seconds="$2" status=0
    local list=("${targets[@]}")
    if [ "$which" != all ]; then
        [[ " ${targets[*]} " == *" $which "* ]] || { echo "unknown target $which: ${targets[*]}" >&2; exit 2; }
        list=("$which")
    fi
    build
    for t in "${list[@]}"; do
        run "$t" "$seconds" || status=1
    done
    return "$status"
}

case "${1:-}" in
    setup) setup ;;
    replay) replay ;;
    smoke)
        setup
        replay
        fuzz_targets all "${2:-5}"
        ;;
    ci)
        setup
        build_quick
        replay_bins "$fuzz/target/smoke"
        scratch="$(mktemp -d)"
        trap 'rm -rf "$scratch"' EXIT
        status=0
        for t in "${targets[@]}"; do
            run "$t" "${2:-3}" "$fuzz/target/smoke" "$scratch/$t" || status=1
        done
        exit "$status"
        ;;
    spec_check | grant_parse | batch_line | bearer_jwt | path_match | all)
        [ $# -eq 2 ] || { echo "usage: $0 TARGET|all SECONDS" >&2; exit 2; }
        fuzz_targets "$1" "$2"
        ;;
    *)
        sed -n '2,25p' "$0" >&2
        exit 2
        ;;
esac
