#!/usr/bin/env bash
# Runs every test: set-up (dependencies, Temporal binaries, build), type check, then jest
# (unit, workflow, API and integration tests against real PostgreSQL and Temporal).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx --no-install tsc -p tsconfig.json --noEmit
exec npx --no-install jest "$@"
