#!/usr/bin/env bash
# Runs every test: set-up (dependencies, Temporal binaries, build), type check, lint, then jest
# (unit, workflow, API and integration tests against real PostgreSQL and Temporal).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx --no-install tsc -p tsconfig.json --noEmit
npx --no-install eslint --max-warnings 0 .
exec npx --no-install jest "$@"
