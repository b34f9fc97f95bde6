#!/usr/bin/env bash
# SDK interoperability: the official Alibaba Cloud Python SDKs against `kmsconf serve`.
#
#   tests/sdk/run.sh              # builds kmsconf (release) unless KMSCONF_BIN is set
#   KMSCONF_BIN=target/debug/kmsconf tests/sdk/run.sh
#   SDK_VERBOSE=1 tests/sdk/run.sh  # every check, not only the failures
#
# Needs python3 (3.11) and cargo. Creates target/sdk-venv on first use. Each driver prints
# `sdk <name>: N calls, N checks passed, N checks failed`; the last line is
# `sdk: N passed, N failed` (checks over all drivers). Exits non-zero if any check failed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/tests/sdk"
venv="$root/target/sdk-venv"
cd "$root"

# The KMS SDK versions the suite was verified with (the newest on PyPI when the SDK drivers
# were written), and likewise the STS SDKs and the credentials provider of sts.py; the RAM and
# ActionTrail SDKs are not pinned.
packages=(
  "aliyun-python-sdk-kms==2.16.5"
  "aliyun-python-sdk-core==2.16.1"
  "alibabacloud-kms20160120==3.3.1"
  "aliyun-python-sdk-ram"
  "alibabacloud-actiontrail20200706"
  "alibabacloud-sts20150401==1.2.0"
  "aliyun-python-sdk-sts==3.1.3"
  "alibabacloud-credentials==1.0.12"
  "cryptography"
)

if [[ ! -x "$venv/bin/python" ]]; then
  echo "sdk: creating $venv" >&2
  python3 -m venv "$venv"
fi
stamp="$venv/.kmsconf-sdk-packages"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "${packages[*]}" ]]; then
  echo "sdk: installing ${packages[*]}" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${packages[@]}"
  printf '%s' "${packages[*]}" > "$stamp"
fi

if [[ -z "${KMSCONF_BIN:-}" ]]; then
  if ! cargo build --release --quiet --bin kmsconf; then
    echo "sdk: cargo build --release --bin kmsconf failed" >&2
    echo "sdk: 0 passed, 1 failed"
    exit 1
  fi
  KMSCONF_BIN="$root/target/release/kmsconf"
fi

# Loopback only: never send the test traffic through a proxy.
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
export no_proxy="$NO_PROXY"

export KMSCONF_AK="sdk-root-ak"
export KMSCONF_SK="sdk-root-secret"
export KMSCONF_REGION="cn-hangzhou"

workdir="$(mktemp -d)"
server_pids=()
cleanup() {
  for pid in "${server_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$workdir"
}
trap cleanup EXIT

# start_server NAME SCHEME ARGS...: starts `kmsconf serve ARGS` on a free loopback port and
# sets `port` to the port its first line announces for SCHEME (empty if it did not start).
start_server() {
  local name="$1" scheme="$2"
  shift 2
  # The secret through the environment: on the command line it would show in `ps`.
  ALIBABA_CLOUD_ACCESS_KEY_SECRET="$KMSCONF_SK" \
    "$KMSCONF_BIN" serve --listen 127.0.0.1:0 --region "$KMSCONF_REGION" \
    --access-key-id "$KMSCONF_AK" "$@" \
    >"$workdir/$name.out" 2>"$workdir/$name.err" &
  local pid=$!
  server_pids+=("$pid")
  port=""
  for _ in $(seq 1 100); do
    local first
    first="$(head -n 1 "$workdir/$name.out" 2>/dev/null || true)"
    if [[ "$first" =~ ^kmsconf\ serve:\ listening\ on\ $scheme://127\.0\.0\.1:([0-9]+) ]]; then
      port="${BASH_REMATCH[1]}"
      return
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  echo "sdk: kmsconf serve ($name) did not start" >&2
  cat "$workdir/$name.out" "$workdir/$name.err" >&2 || true
}

start=$SECONDS
start_server server http --allow-clock-control
if [[ -z "$port" ]]; then
  echo "sdk: 0 passed, 1 failed"
  exit 1
fi
export KMSCONF_PORT="$port"
echo "sdk: kmsconf serve on 127.0.0.1:$port" >&2
# A second server over HTTPS, its certificate issued by a CA generated in $workdir/tls.
start_server tls https --tls --tls-dir "$workdir/tls"
export KMSCONF_TLS_PORT="$port"
export KMSCONF_CA_FILE="$workdir/tls/ca.pem"
echo "sdk: kmsconf serve --tls on 127.0.0.1:${port:-?}" >&2

total_passed=0
total_failed=0
# keys_v2 and secrets_manager run last: they move the server's clock forward (key rotation, secret deletion).
for driver in https kms_v1 kms_v1_xml kms_v3 ram_trail sts keys_v2 secrets_manager; do
  log="$workdir/$driver.log"
  # Only the HTTPS driver trusts the generated CA, the way a user hands it to the V3 SDK.
  extra_env=()
  if [[ $driver == https ]]; then
    extra_env=(SSL_CERT_FILE="$KMSCONF_CA_FILE")
  fi
  set +e
  env "${extra_env[@]}" timeout 300 "$venv/bin/python" "$here/$driver.py" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  summary="$(grep -E "^sdk $driver: [0-9]+ calls, [0-9]+ checks passed, [0-9]+ checks failed$" "$log" | tail -n 1 || true)"
  if [[ "$summary" =~ ([0-9]+)\ checks\ passed,\ ([0-9]+)\ checks\ failed ]]; then
    total_passed=$((total_passed + BASH_REMATCH[1]))
    total_failed=$((total_failed + BASH_REMATCH[2]))
    if [[ $status -ne 0 && ${BASH_REMATCH[2]} -eq 0 ]]; then
      total_failed=$((total_failed + 1))  # exited non-zero without a failed check
    fi
  else
    echo "sdk $driver: crashed (exit $status) before its summary line"
    total_failed=$((total_failed + 1))
  fi
done

for pid in "${server_pids[@]}"; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "sdk: a kmsconf serve exited during the run" >&2
    cat "$workdir"/*.err >&2 || true
    total_failed=$((total_failed + 1))
  fi
done
echo "sdk: drivers took $((SECONDS - start)) s" >&2
echo "sdk: $total_passed passed, $total_failed failed"
[[ $total_failed -eq 0 ]]
