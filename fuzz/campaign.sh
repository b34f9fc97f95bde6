#!/usr/bin/env bash
# A measured campaign, one target at a time (no -fork/-jobs: the machine is shared):
#   fuzz/campaign.sh TARGET:SECONDS [TARGET:SECONDS ...]
# e.g. fuzz/campaign.sh policy_parse:180 policy_eval:180 ciphertext_decode:90
# Prints a Markdown table row per target: runs, execs/s, libFuzzer cov and ft, corpus size,
# and CRASH with the artifact path when the target fails. Logs go to fuzz/campaign-logs/.
set -uo pipefail
cd "$(dirname "$0")"
mkdir -p campaign-logs
echo "| target | seconds | runs | execs/s | cov | ft | corpus | result |"
echo "|---|---|---|---|---|---|---|---|"
for spec in "$@"; do
    target="${spec%%:*}"
    secs="${spec##*:}"
    dict=()
    case "$target" in
        policy_*) dict=(-dict=policy.dict) ;;
        rpc_request) dict=(-dict=rpc.dict) ;;
    esac
    mkdir -p "corpus/$target"
    log="campaign-logs/$target.log"
    if cargo fuzz run -s none "$target" "corpus/$target" -- \
        -max_total_time="$secs" -print_final_stats=1 "${dict[@]}" >"$log" 2>&1; then
        result="no crash"
    else
        result="CRASH: $(grep -m1 -oE 'artifacts/[^ ]+' "$log")"
    fi
    last="$(grep -E '^#[0-9]+' "$log" | tail -n 1)"
    runs="$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$')"
    rate="$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$')"
    cov="$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+')"
    ft="$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+')"
    corp="$(grep -oE 'corp: [0-9]+/[0-9a-zA-Z]+' <<<"$last" | cut -d' ' -f2)"
    echo "| $target | $secs | ${runs:-?} | ${rate:-?} | ${cov:-?} | ${ft:-?} | ${corp:-?} | $result |"
done
