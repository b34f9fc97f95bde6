#!/usr/bin/env bash
# The differential half of the planted divergences (reference/src/planted.rs): for each, a
# planted `kmsconf serve --test-mode` is compared with the reference by `kmsconf diff`. Each
# must be found within DIFF_CASES cases (fixed seed: the same cases every run) and shrunk to
# at most 6 calls, and the scenario diff writes must pass on the reference (run as a feature
# directory of its own) and fail on the planted server. Exits non-zero if any is missed.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${PLANTED_TARGET_DIR:-target/planted}"
cargo build --locked --quiet --features planted-divergences --bin kmsconf
bin="$CARGO_TARGET_DIR/debug/kmsconf"
cases="${DIFF_CASES:-3000}"
seed="${DIFF_SEED:-20261206}"
max_calls=6

source tests/planted/lib.sh
names=$(planted_names)
if [[ -z "$names" ]]; then
  echo "planted diff: could not read the divergences from $bin" >&2
  exit 1
fi



one() {
  local name="$1" out dir status=0 started pid url
  dir=$(mktemp -d)
  started=$(planted_server "$name")
  pid=${started%% *}
  url=${started#* }
  out=$("$bin" diff --endpoint "$url" --cases "$cases" --seed "$seed" --quiet \
    --out "$dir" 2>&1) || status=$?
  local verdict="MISSED  " detail
  detail=$(grep -o 'DIVERGENCE.*' <<<"$out" | head -n 1 || true)
  local calls after
  calls=$(sed -n 's/.*shrunk to \([0-9]*\) calls.*/\1/p' <<<"$out")
  after=$(sed -n 's/^diff: \([0-9]*\) cases.*/\1/p' <<<"$out")
  if [[ "$status" -eq 1 && -f "$dir/divergence.feature" ]]; then
    local on_reference=0 on_planted=0
    "$bin" run --features "$dir" --quiet --junit "$dir/junit.xml" >/dev/null 2>&1 \
      || on_reference=$?
    "$bin" run --features "$dir" --endpoint "$url" --quiet --junit "$dir/junit-planted.xml" \
      >/dev/null 2>&1 || on_planted=$?
    if [[ "${calls:-99}" -gt "$max_calls" ]]; then
      verdict="TOO LONG"
    elif [[ "$on_reference" -ne 0 ]]; then
      verdict="BAD SCENARIO (fails on the reference)"
    elif [[ "$on_planted" -eq 0 ]]; then
      verdict="BAD SCENARIO (passes on the planted server)"
    else
      verdict="found   "
    fi
  fi
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$verdict $name: after ${after:-?} cases, ${calls:-?} calls; $detail"
  if [[ "$verdict" != "found   " ]]; then
    echo "  diff said: $(tr '\n' ' ' <<<"$out")"
    [[ -f "$dir/divergence.feature" ]] && sed 's/^/  | /' "$dir/divergence.feature"
  fi
  if [[ -n "${PLANTED_KEEP:-}" ]]; then
    mkdir -p "$PLANTED_KEEP/$name" && cp -r "$dir"/. "$PLANTED_KEEP/$name/"
  fi
  rm -rf "$dir"
}
export -f one planted_server
export bin cases seed max_calls

# Two at a time: the machine has two cores.
results=$(printf '%s\n' $names | xargs -P 2 -I{} bash -c 'one "$@"' _ {})
echo "$results"
count=$(grep -c -E '^(found|MISSED|TOO LONG|BAD SCENARIO)' <<<"$results" || true)
found=$(grep -c '^found' <<<"$results" || true)
echo "planted divergences: $count, found by kmsconf diff (seed $seed, at most $cases cases, shrunk to at most $max_calls calls, scenario checked both ways): $found"
[[ "$found" -eq "$count" && "$count" -gt 0 ]]
