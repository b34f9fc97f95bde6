#!/usr/bin/env bash
# Mutation testing of the oracle (docs/mutation.md): cargo-mutants mutates kms-reference, and
# each mutant is judged by one in-process run of the feature suite (`cargo test --test
# features` of kms-conformance, KMSCONF_PATHS=in-process), never by a unit test. Not part of
# .ci/run: the whole run takes days; a shard of a module fits a CI-sized run.
#
#   scripts/mutants.sh [options] MODULE...     mutate these modules, then print the table
#   scripts/mutants.sh --summary               print the table of every run so far
#   scripts/mutants.sh --list                  mutants per module (all, measured or not)
#
# MODULE is a path below reference/src without `.rs`: `keystore/state` is that file,
# `policy` is reference/src/policy.rs and everything below reference/src/policy/.
# `behaviour` stands for every behaviour module of docs/mutation.md.
#
# Options:
#   --shard k/n      run only the k-th of n slices of each module's mutants (k from 0)
#   --re REGEX       only the mutants whose name matches (e.g. to rerun the missed ones)
#   --baseline       first check that the unmutated suite passes (cargo-mutants' own
#                    baseline would test the mutated package instead, so it is skipped)
#
# Environment: MUTANTS_NICE (19), MUTANTS_TIMEOUT (600 s for the suite),
# MUTANTS_BUILD_TIMEOUT (1200 s). Each run writes target/mutants/runs/<time>-<module>/; the
# table counts, for each mutant, the outcome of its latest run.
#
# The mutants are made in place in a scratch copy of the tree, target/mutants/tree, kept
# between runs with its own warm target/: cargo-mutants' own copy does not keep mtimes, so
# each of its runs would rebuild every dependency first.
set -euo pipefail
cd "$(dirname "$0")/.."

# The behaviour modules: service, key store, state matrix, crypto, policy evaluation and
# conditions, trail, wire codec and signatures, secrets, STS.
BEHAVIOUR=(keystore/state policy/wildcard policy/condition policy/eval crypto/blob sts
    keystore policy crypto trail wire secrets secret service)

runs=target/mutants/runs
list_json=target/mutants/list.json
summary=(python3 tests/mutation/summary.py --list "$list_json"
    --equivalent tests/mutation/equivalent.txt)

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; }

list() {
    mkdir -p target/mutants
    cargo mutants --list --json --package kms-reference >"$list_json"
}

shard=""
filter=()
baseline=false
modules=()
while (($#)); do
    case "$1" in
    --shard) shard="$2"; shift 2 ;;
    --re) filter=(--re "$2"); shift 2 ;;
    --baseline) baseline=true; shift ;;
    --summary) list; "${summary[@]}" "$runs"; exit ;;
    --list) list; "${summary[@]}" --totals-only "$runs"; exit ;;
    -h | --help) usage; exit ;;
    behaviour) modules+=("${BEHAVIOUR[@]}"); shift ;;
    -*) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
    *) modules+=("$1"); shift ;;
    esac
done
if ((${#modules[@]} == 0)); then
    usage >&2
    exit 2
fi
command -v cargo-mutants >/dev/null || {
    echo "cargo-mutants is not installed: cargo install cargo-mutants --locked" >&2
    exit 1
}

# The suite in process only: the server paths would test the harness's HTTP layer again
# and triple the time per mutant.
export KMSCONF_PATHS=in-process
nice_level="${MUTANTS_NICE:-19}"

if $baseline; then
    echo "== baseline: the unmutated suite"
    nice -n "$nice_level" cargo test -p kms-conformance --test features 2>&1 | tail -n 1 |
        tee /dev/stderr | grep -q ' 0 failed' || { echo "baseline failed" >&2; exit 1; }
fi

# The scratch tree: the sources as they are now (tar keeps mtimes, so what did not change
# stays fresh), and on first use a copy of target/.
tree=target/mutants/tree
mkdir -p "$tree"
tar -C . --exclude=./target --exclude=./.git --exclude=./fuzz/target -cf - . | tar -C "$tree" -xf -
if [[ ! -d "$tree/target" ]]; then
    mkdir -p "$tree/target"
    tar -C target --exclude=./mutants -cf - . | tar -C "$tree/target" -xf -
fi
# A source a killed run left mutated and that the copy restored with its old mtime must
# still be rebuilt.
touch "$tree/reference/src/lib.rs"

list
for module in "${modules[@]}"; do
    name="${module//\//-}${shard:+-shard-${shard/\//-of-}}"
    out="$runs/$(date -u +%Y%m%dT%H%M%S)-$name"
    mkdir -p "$out"
    echo "== $module${shard:+ (shard $shard)} -> $out"
    # In place, one mutant at a time (cargo-mutants refuses --jobs with --in-place). Exit
    # status 2 (a mutant missed) and 3 (a timeout) are results, which the table shows.
    status=0
    nice -n "$nice_level" cargo mutants --in-place --dir "$tree" --package kms-reference \
        --file "reference/src/$module.rs" --file "reference/src/$module/**/*.rs" \
        --baseline skip \
        --timeout "${MUTANTS_TIMEOUT:-600}" --build-timeout "${MUTANTS_BUILD_TIMEOUT:-1200}" \
        ${shard:+--shard "$shard"} "${filter[@]}" --output "$PWD/$out" || status=$?
    if ((status != 0 && status != 2 && status != 3)); then
        echo "cargo mutants failed (exit $status)" >&2
        exit "$status"
    fi
    "${summary[@]}" --only "reference/src/$module" "$out"
done
echo "== every run so far"
"${summary[@]}" "$runs"
