#!/usr/bin/env bash
# Fuzz smoke run on the stable toolchain: builds every target without sanitizers and runs each
# for SECONDS (default 10) from its committed corpus. Prints one line per target; exits
# non-zero when any target crashes (the crash input and the report are printed).
#
#   fuzz/smoke.sh [SECONDS]
set -euo pipefail
secs="${1:-10}"
cd "$(dirname "$0")"

if ! command -v cargo-fuzz >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

cargo fuzz build -s none
failed=0
for target in $(cargo fuzz list); do
    dict=()
    case "$target" in
        policy_*) dict=(-dict=policy.dict) ;;
        rpc_request) dict=(-dict=rpc.dict) ;;
    esac
    mkdir -p "corpus/$target"
    log="$(mktemp)"
    if cargo fuzz run -s none "$target" "corpus/$target" -- \
        -max_total_time="$secs" "${dict[@]}" >"$log" 2>&1; then
        last="$(grep -E '^#[0-9]+' "$log" | tail -n 1 | sed -E 's/[[:space:]]+/ /g')"
        echo "smoke $target: ok ($last)"
    else
        echo "smoke $target: CRASH"
        grep -E 'invariant violated|panicked at|Test unit written|SUMMARY' "$log" || tail -n 40 "$log"
        failed=1
    fi
    rm -f "$log"
done
exit "$failed"
