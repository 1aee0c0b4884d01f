#!/usr/bin/env bash
# Starts the built app for the e2e tests on a fresh embedded database with the demo data, its
# model provider being the test model server on port $2.
set -euo pipefail
port="$1"
export OPENAI_BASE_URL="http://127.0.0.1:$2/v1" OPENAI_API_KEY="e2e"
export ROUNDTABLE_DATA_DIR="${E2E_DATA_DIR:-$(mktemp -d /tmp/roundtable-e2e-XXXXXX)}"
# Each run starts from an empty data folder.
rm -rf "$ROUNDTABLE_DATA_DIR"
export NEXT_TELEMETRY_DISABLED=1 PORT="$port"
node --conditions=react-server --import tsx scripts/seed.ts
exec node node_modules/next/dist/bin/next start -p "$port"
