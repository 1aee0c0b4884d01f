#!/usr/bin/env bash
# Every test: types, unit and integration (PGlite always, PostgreSQL on 127.0.0.1:5432 when it
# answers), then the production build and the end-to-end tests in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "Installing Chromium from Debian for the end-to-end tests…"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
[ -d node_modules ] || npm install --no-audit --no-fund

npx tsc --noEmit
npx vitest run
npx next build
npx playwright test
