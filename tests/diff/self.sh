#!/usr/bin/env bash
# The reference against itself over the wire: `kmsconf serve --test-mode` on a free loopback
# port, compared by `kmsconf diff` on CASES generated cases (a fixed seed unless DIFF_SEED is
# set). Any divergence fails; the last line is diff's summary (cases/s and calls/s).
# Usage: tests/diff/self.sh [KMSCONF_BIN] [CASES]
set -euo pipefail
bin="${1:-target/release/kmsconf}"
cases="${2:-10000}"
seed="${DIFF_SEED:-1}"
export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIdiffself000000000000 ALIBABA_CLOUD_ACCESS_KEY_SECRET=diff-self-secret
log=$(mktemp)
"$bin" serve --test-mode --listen 127.0.0.1:0 >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
  grep -q 'listening on' "$log" && break
  sleep 0.1
done
url=$(sed -n 's/.*listening on //p' "$log")
[[ -n "$url" ]] || { echo "diff self: the server did not start" >&2; cat "$log" >&2; exit 1; }
out_dir=$(mktemp -d)
status=0
"$bin" diff --endpoint "$url" --cases "$cases" --seed "$seed" --quiet --out "$out_dir" || status=$?
if [[ "$status" -ne 0 ]]; then
  [[ -f "$out_dir/divergence.feature" ]] && cat "$out_dir/divergence.feature" "$out_dir/divergence.txt"
  exit "$status"
fi
# In process (the harness and the reference alone, no HTTP): the same seed, fewer cases.
"$bin" diff --cases "${IN_PROCESS_CASES:-2000}" --seed "$seed" --quiet --out "$out_dir" | tail -n 2
