#!/usr/bin/env bash
# Runs every test: set-up (dependencies, Temporal binaries, build, Chromium), type check, lint, then jest
# (unit, workflow, API and integration tests against real PostgreSQL and Temporal).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The browser tests drive Debian's Chromium (there is no browser download on these machines),
# with Chinese fonts so their screenshots are readable.
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ] || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "[test] installing Chromium and CJK fonts for the browser tests (apt-get install chromium fonts-noto-cjk)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  else
    echo "[test] the browser tests need Chromium at $CHROMIUM and CJK fonts: run 'sudo apt-get install chromium fonts-noto-cjk' (or set CHROMIUM_PATH)" >&2
    exit 1
  fi
fi
npx --no-install tsc -p tsconfig.json --noEmit
npx --no-install eslint --max-warnings 0 .
exec npx --no-install jest "$@"
