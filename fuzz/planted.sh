#!/usr/bin/env bash
# Shows that the fuzzer finds a planted bug: builds kms-reference with its test-only
# `planted-bug` feature (CiphertextBlob::from_bytes then panics on a blob whose version id is
# well-formed but which is too short for an IV and a tag) and runs `ciphertext_decode` from
# its committed seeds for at most LIMIT seconds (default 60). Exits 0 when the crash is
# found in time, and prints how long it took.
#
#   fuzz/planted.sh [LIMIT]
set -euo pipefail
limit="${1:-60}"
cd "$(dirname "$0")"

if ! command -v cargo-fuzz >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

cargo fuzz build -s none --features planted-bug ciphertext_decode
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
cp corpus/ciphertext_decode/seed-* "$work/corpus/"
log="$work/log"
start="$(date +%s.%N)"
if cargo fuzz run -s none --features planted-bug ciphertext_decode "$work/corpus" -- \
    -max_total_time="$limit" -artifact_prefix="$work/artifacts/" >"$log" 2>&1; then
    echo "planted bug NOT found within ${limit}s"
    exit 1
fi
end="$(date +%s.%N)"
grep -m1 -E 'panicked at' "$log" || true
grep -m1 -E '^#[0-9]+' "$log" | tail -n 1 || true
grep -E '^==[0-9]+== ERROR|deadly signal' "$log" | head -n 1 || true
ls "$work/artifacts"
awk -v s="$start" -v e="$end" 'BEGIN { printf "planted bug found in %.1f s (limit %s s)\n", e - s, '"$limit"' }'
