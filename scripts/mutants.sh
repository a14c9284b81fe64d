#!/usr/bin/env bash
# Mutation testing with cargo-mutants (issue 14 item 2): each mutant is a
# small change to the code (a return value, an operator, a deleted match
# arm); a test must fail on it ("caught"). "missed" mutants show code whose
# behaviour no test pins down.
#
#   scripts/mutants.sh core|spec|runtime|all [cargo-mutants args...]
#   scripts/mutants.sh list core|spec|runtime   list the mutants only
#
#   core     scopes-core (tables, matching, grants, paths, requirements)
#   spec     scopes-spec (spec loading, checks, tables, templates)
#   runtime  scopes-runtime's decision code: refusal.rs (statuses and
#            WWW-Authenticate), layer.rs (the tower layer's decision),
#            bearer.rs (RFC 6750 extraction), granted.rs (grants), with all
#            features so the http/jwt tests run
#
# `-f FILE` arguments (cargo-mutants' file filter) replace the runtime's
# default file list, e.g. `scripts/mutants.sh runtime -f scopes-runtime/src/bearer.rs`.
#
# Runs under `nice -n 19` with one job and a per-mutant timeout
# (MUTANTS_TIMEOUT seconds, default 180): the machine is shared. Output:
# target/mutants/CRATE/mutants.out (outcomes.json, caught.txt, missed.txt,
# timeout.txt, unviable.txt); the summary line prints the kill rate,
# caught / (caught + missed), timeouts counted apart.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

args_for() {
    case "$1" in
        core) echo "-p scopes-core" ;;
        spec) echo "-p scopes-spec" ;;
        runtime)
            echo "-p scopes-runtime --all-features"
            # Extra `-f` arguments replace the default files.
            [ "$2" = files ] || echo "-f scopes-runtime/src/refusal.rs -f scopes-runtime/src/layer.rs" \
                "-f scopes-runtime/src/bearer.rs -f scopes-runtime/src/granted.rs"
            ;;
        *)
            echo "unknown crate $1: core, spec, runtime" >&2
            exit 2
            ;;
    esac
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
    local out="$here/target/mutants/$crate" commit
    commit="$(git rev-parse --short HEAD)"
    mkdir -p "$out"
    local files=default
    [[ " $* " == *" -f "* || " $* " == *" --file "* ]] && files=files
    # shellcheck disable=SC2046 # args_for prints words on purpose
    nice -n 19 cargo mutants $(args_for "$crate" "$files") --jobs 1 \
        --timeout "${MUTANTS_TIMEOUT:-180}" --output "$out" "$@" || true
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
        sed -n '2,24p' "$0" >&2
        exit 2
        ;;
esac
