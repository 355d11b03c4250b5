#!/usr/bin/env bash
# Starts the whole stack (PostgreSQL, Temporal, worker, API) with the demo loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node dist/stack/start.js
