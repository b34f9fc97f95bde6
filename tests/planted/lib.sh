# Shared by tests/planted/run.sh and tests/planted/diff.sh (sourced, after `bin` is set).

# The divergences' names, from the binary: its refusal of an unknown name lists them all.
planted_names() {
  "$bin" run --plant '?' 2>&1 | sed -n 's/.*; one of \(.*\)$/\1/p' | tr -d ',' || true
}

# A planted server on a free loopback port; prints its pid and its URL (it runs in a command
# substitution, so a variable set here would not reach the caller).
planted_server() {
  local log pid
  log=$(mktemp)
  "$bin" serve --test-mode --listen 127.0.0.1:0 --plant "$1" --access-key-id "$AK" \
    >"$log" 2>/dev/null &
  pid=$!
  for _ in $(seq 100); do
    if grep -q 'listening on' "$log"; then
      echo "$pid $(sed -n 's/.*listening on //p' "$log")"
      return
    fi
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  echo "planted: the server did not start" >&2
  return 1
}

export AK=LTAIplanted0000000000000
export ALIBABA_CLOUD_ACCESS_KEY_ID="$AK" ALIBABA_CLOUD_ACCESS_KEY_SECRET=planted-secret
