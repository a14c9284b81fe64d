#!/usr/bin/env bash
# Mutation testing with cargo-mutants (issue 14 item 2): each mutant is a
# small change to the code (a return value, an operator, a deleted match
# arm); a test must fail on it ("caught"). "missed" mutants show code whose
# behaviour no test pins down.
#
#   scripts/mutants.sh core|spec|runtime|all [cargo-mutants args...]
#   scripts/mutants.sh list core|spec|runtime   list the mutants only
#
#   core     scopes-core with all features (tables, matching, grants, paths,
#            requirements, and `build.rs`, the table builder)
#   spec     scopes-spec with feature `schema` (spec loading, checks, tables,
#            templates, the JSON schema)
#   runtime  scopes-runtime's decision code: refusal.rs (statuses and
#            WWW-Authenticate), layer.rs (the tower layer's decision),
#            bearer.rs (RFC 6750 extraction), granted.rs (grants),
#            require.rs and axum.rs (the proof), typed_routes (the typed
#            routes' canonical check, grant cache and guard), with all
#            features so the http/jwt tests run
#
# `-f FILE` arguments (cargo-mutants' file filter) replace the runtime's
# default file list, e.g. `scripts/mutants.sh runtime -f scopes-runtime/src/bearer.rs`.
# A runtime mutant then runs only the test targets that can see that file
# (`tests_for` below: `--cargo-arg=--lib --cargo-arg=--test --cargo-arg=X`,
# no doctests), so a mutant builds and links only those. Your own `--`
# (arguments for cargo test) replaces that selection.
#
# Runs under `nice -n ${MUTANTS_NICE:-19}` with one job and a per-mutant timeout
# (MUTANTS_TIMEOUT seconds; default 20 for core, whose tests take a second
# but whose weak-hash mutants make the table builder's seed search run
# forever, and 240 for the others). Builds go to one persistent directory
# (MUTANTS_TARGET_DIR; default target/mutants-build for the runtime,
# target/mutants-build-CRATE for the others) so dependencies are built once,
# not in every run's scratch copy. Output:
# target/mutants/CRATE/mutants.out (outcomes.json, caught.txt, missed.txt,
# timeout.txt, unviable.txt), or MUTANTS_OUT; the summary line prints the
# kill rate, caught / (caught + missed), timeouts counted apart.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

args_for() {
    case "$1" in
        core) echo "-p scopes-core --all-features" ;;
        spec) echo "-p scopes-spec --features schema" ;;
        runtime)
            echo "-p scopes-runtime --all-features"
            # Extra `-f` arguments replace the default files.
            [ "${2:-}" = files ] || echo "-f scopes-runtime/src/refusal.rs -f scopes-runtime/src/layer.rs" \
                "-f scopes-runtime/src/bearer.rs -f scopes-runtime/src/granted.rs" \
                "-f scopes-runtime/src/require.rs -f scopes-runtime/src/axum.rs" \
                "-f scopes-runtime/src/typed_routes.rs -f scopes-runtime/src/typed_routes/canonical.rs" \
                "-f scopes-runtime/src/typed_routes/grant_cache.rs -f scopes-runtime/src/typed_routes/guard.rs"
            ;;
        *)
            echo "unknown crate $1: core, spec, runtime" >&2
            exit 2
            ;;
    esac
}

# The scopes-runtime test targets that can see a source file: the unit
# tests plus the integration tests that reach its code.
tests_for() {
    case "$1" in
        scopes-runtime/src/refusal.rs)
            echo tower authenticated generated_engine metadata_resource refusal_contract refusal_log responses_engine ;;
        scopes-runtime/src/bearer.rs)
            echo bearer bearer_methods tower authenticated metadata metadata_resource ;;
        scopes-runtime/src/layer.rs)
            echo tower authenticated generated_engine responses_engine layer_contract layer_typed layer_typed_log ;;
        scopes-runtime/src/require.rs)
            echo authenticated generated_engine require_contract layer_typed ;;
        scopes-runtime/src/granted.rs)
            echo granted_list tower authenticated generated_engine layer_typed ;;
        scopes-runtime/src/axum.rs)
            echo authenticated generated_engine require_contract layer_typed ;;
        scopes-runtime/src/typed_routes.rs | scopes-runtime/src/typed_routes/*.rs)
            echo authenticated layer_typed layer_typed_log ;;
        *) echo "" ;;
    esac
}

# `--cargo-arg=--lib --cargo-arg=--test --cargo-arg=X ...` for the runtime
# files named with -f, unless the caller selects tests itself (`--`): as
# cargo-args they reach both `cargo test --no-run` (the build) and the test
# run, so only those targets are built and linked per mutant.
test_selection() {
    local crate="$1" prev="" a t tests=""
    shift
    [ "$crate" = runtime ] || return 0
    for a in "$@"; do
        [ "$a" = -- ] && return 0
        if [ "$prev" = -f ] || [ "$prev" = --file ]; then
            tests="$tests $(tests_for "$a")"
        fi
        prev="$a"
    done
    [ -n "${tests// /}" ] || return 0
    printf -- '--cargo-arg=--lib'
    # shellcheck disable=SC2086 # one word per test target
    for t in $(printf '%s\n' $tests | sort -u); do
        printf -- ' --cargo-arg=--test --cargo-arg=%s' "$t"
    done
    echo
}

summary() {
    local out="$1/mutants.out" k c m
    count() { if [ -f "$out/$1.txt" ]; then wc -l <"$out/$1.txt"; else echo 0; fi; }
    for k in caught missed timeout unviable; do
        printf '%s %s  ' "$k" "$(count "$k")"
    done
    c="$(count caught)"
    m="$(count missed)"
    awk -v c="$c" -v m="$m" 'BEGIN { if (c + m) printf "kill rate %.1f %%\n", 100 * c / (c + m); else print "" }'
}

mutate() {
    local crate="$1"
    shift
    local out="${MUTANTS_OUT:-$here/target/mutants/$crate}" commit timeout=240
    commit="$(git rev-parse --short HEAD)"
    mkdir -p "$out"
    [ "$crate" = core ] && timeout=20
    local files=default
    [[ " $* " == *" -f "* || " $* " == *" --file "* ]] && files=files
    local build="$here/target/mutants-build"
    [ "$crate" = runtime ] || build="$build-$crate"
    export CARGO_TARGET_DIR="${MUTANTS_TARGET_DIR:-$build}"
    date -u
    uptime
    # shellcheck disable=SC2046 # args_for and test_selection print words on purpose
    nice -n "${MUTANTS_NICE:-19}" cargo mutants $(args_for "$crate" "$files") --jobs 1 \
        --timeout "${MUTANTS_TIMEOUT:-$timeout}" --output "$out" \
        $(test_selection "$crate" "$@") "$@" || true
    printf '%-8s at %s (plus uncommitted changes: %s): ' "$crate" "$commit" \
        "$(git status --short -- "scopes-$crate" | wc -l)"
    summary "$out"
}

command -v cargo-mutants >/dev/null || cargo install cargo-mutants --locked

case "${1:-}" in
    list)
        # shellcheck disable=SC2046
        cargo mutants $(args_for "${2:?crate}") --list
        ;;
    core | spec | runtime)
        crate="$1"
        shift
        mutate "$crate" "$@"
        ;;
    all)
        shift
        for c in core runtime spec; do mutate "$c" "$@"; done
        ;;
    *)
        sed -n '2,34p' "$0" >&2
        exit 2
        ;;
esac
