#!/usr/bin/env bash
# Installs the Telegram Bot API emulator used by the e2e/telegram-test-api test (npm package telegram-test-api,
# pinned by tests/e2e/telegram_emulator/package-lock.json) into build/telegram-emulator. Quiet, and does nothing
# when the same lock file is already installed there. Needs node and npm (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
src=tests/e2e/telegram_emulator
dest=build/telegram-emulator
stamp="$dest/installed.stamp"
want=$(cat "$src/package.json" "$src/package-lock.json" | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
   [ -f "$dest/node_modules/telegram-test-api/package.json" ]; then
  exit 0
fi
command -v npm >/dev/null || { echo "npm is missing: run scripts/install-deps.sh" >&2; exit 1; }
rm -f "$stamp"
mkdir -p "$dest"
cp "$src/package.json" "$src/package-lock.json" "$dest/"
# npm ci: exactly the lock file's versions, checked against its integrity hashes; no install scripts run.
for attempt in 1 2 3; do
  if npm ci --prefix "$dest" --ignore-scripts --no-audit --no-fund --loglevel=error </dev/null >/dev/null; then
    echo "$want" >"$stamp"
    exit 0
  fi
  echo "npm ci failed (attempt $attempt of 3)" >&2
  sleep $((attempt * 5))
done
exit 1
