#!/usr/bin/env bash
# Planted divergences (reference/src/planted.rs): a test build of kmsconf in which one
# documented behaviour is broken on purpose, once per divergence. For each, `kmsconf run` (the
# whole suite, in process) must fail; the line per divergence says how many scenarios caught it.
# Exits non-zero if the suite missed any, or if the unplanted build does not pass.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${PLANTED_TARGET_DIR:-target/planted}"
cargo build --locked --quiet --features planted-divergences --bin kmsconf
bin="$CARGO_TARGET_DIR/debug/kmsconf"

source tests/planted/lib.sh
names=$(planted_names)
if [[ -z "$names" ]]; then
  echo "planted: could not read the divergences from $bin" >&2
  exit 1
fi

# The closing line of a run of the suite, in process or (with a URL) against a server.
suite() {
  set -o pipefail
  if [[ -z "${2:-}" ]]; then
    "$bin" run --plant "$1" --quiet 2>/dev/null | tail -n 1
  else
    "$bin" run --endpoint "$2" --quiet 2>/dev/null | tail -n 1
  fi
}

# In process first; what the in-process path cannot see (signatures are checked by the
# server) is tried against a planted server.
one() {
  local name="$1" out status=0 path="in process"
  out=$(suite "$name") || status=$?
  if [[ "$status" -eq 0 ]]; then
    local started url server_pid
    started=$(planted_server "$name")
    server_pid=${started%% *}
    url=${started#* }
    path="over the server"
    status=0
    out=$(suite "$name" "$url") || status=$?
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  local failed
  failed=$(sed -n 's/.* \([0-9]*\) failed.*/\1/p' <<<"$out")
  if [[ "$status" -ne 0 && "${failed:-0}" -gt 0 ]]; then
    echo "caught   $name ($path): $out"
  else
    echo "MISSED   $name: exit $status, $out"
  fi
}
export -f one suite planted_server
export bin

baseline=$("$bin" run --quiet 2>/dev/null | tail -n 1)
echo "baseline (nothing planted): $baseline"
[[ "$baseline" == *" 0 failed"* ]] || { echo "planted: the unplanted build fails" >&2; exit 1; }

# Two at a time: the machine has two cores.
results=$(printf '%s\n' $names | xargs -P 2 -I{} bash -c 'one "$@"' _ {} | sort)
echo "$results"
count=$(wc -l <<<"$results")
missed=$(grep -c '^MISSED' <<<"$results" || true)
echo "planted divergences: $count, caught by kmsconf run: $((count - missed)), missed: $missed"
[[ "$missed" -eq 0 ]]
