#!/usr/bin/env bash
# Fuzz the scopes targets with cargo-afl (AFL++), on stable Rust.
#
#   scripts/fuzz.sh setup               install what fuzzing needs (idempotent)
#   scripts/fuzz.sh TARGET|all SECONDS  fuzz each target for SECONDS, print its figures
#   scripts/fuzz.sh smoke [SECONDS]     setup, replay seeds and saved crashes, then
#                                       every target for SECONDS (default 5)
#   scripts/fuzz.sh replay              replay seeds and saved crashes (cargo test)
#
# Targets: spec_check (bytes -> scopes_spec::check_str and code generation),
# grant_parse (Granted::parse against Foxy and Fluveo, with a reference model),
# batch_line (scopes authorize --batch). fuzz/ is its own workspace: the main
# build and CI compile it only through this script. Findings go to
# fuzz/out/TARGET/default/{crashes,hangs}; a crash becomes a regression input in
# fuzz/regressions/TARGET/ (replayed by `cargo test` in fuzz/).
# A run resumes fuzz/out/TARGET when it exists, so the figures printed (execs,
# corpus, coverage = AFL++ bitmap_cvg) add up over resumed runs.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
fuzz="$here/fuzz"
targets=(spec_check grant_parse batch_line)
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

replay() {
    (cd "$fuzz" && cargo test -q)
}

run() {
    local target="$1" seconds="$2"
    local out="$fuzz/out/$target"
    mkdir -p "$out"
    # Containers: no core_pattern or CPU governor to tune; no UI on CI.
    AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
    AFL_AUTORESUME=1 AFL_NO_AFFINITY=1 \
        cargo afl fuzz -i "$fuzz/seeds/$target" -o "$out" -V "$seconds" \
            -- "$fuzz/target/release/$target" >"$out/afl.log" 2>&1 || {
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
        echo "  $fuzz/target/release/$target < FILE; then copy it to fuzz/regressions/$target/" >&2
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
    spec_check | grant_parse | batch_line | all)
        [ $# -eq 2 ] || { echo "usage: $0 TARGET|all SECONDS" >&2; exit 2; }
        fuzz_targets "$1" "$2"
        ;;
    *)
        sed -n '2,19p' "$0" >&2
        exit 2
        ;;
esac
