#!/usr/bin/env bash
# Renders an HTML report in headless Chromium and fails on any console error or an empty page.
#
#   tests/html/check.sh REPORT.html [SCREENSHOT.png]
#
# Installs Debian's chromium when it is missing (CI runs as root on a clean machine).
set -euo pipefail

report="$(realpath "$1")"
screenshot="${2:-}"
if ! command -v chromium >/dev/null 2>&1; then
  echo "html: installing chromium" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --user-data-dir="$profile" --enable-logging=stderr --v=0)

# The DOM after rendering, with the browser's log: console messages appear as "CONSOLE(".
dom="$(chromium "${flags[@]}" --dump-dom "file://$report" 2>"$profile/log")"
errors="$(grep -E 'CONSOLE\(|Uncaught|Failed to load' "$profile/log" || true)"
if [[ -n "$errors" ]]; then
  echo "html: console errors while rendering $report:" >&2
  echo "$errors" >&2
  echo "html: 0 passed, 1 failed"
  exit 1
fi
for expected in "<table>" "KMS conformance" "all scenarios"; do
  if ! grep -q "$expected" <<<"$dom"; then
    echo "html: the rendered page lacks \`$expected\`" >&2
    echo "html: 0 passed, 1 failed"
    exit 1
  fi
done
if [[ -n "$screenshot" ]]; then
  chromium "${flags[@]}" --hide-scrollbars --window-size=1200,1400 --screenshot="$(realpath -m "$screenshot")" \
    "file://$report" 2>/dev/null
  echo "html: screenshot $screenshot"
fi
echo "html: rendered $report with no console error"
echo "html: 1 passed, 0 failed"
