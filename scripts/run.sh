#!/usr/bin/env bash
# Command 1: install what is missing, build, and start the bot on the console with the example config.
# Extra arguments go to `fanbase run` (e.g. --db /tmp/try.db).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# The build speaks only when it has something to say: a first build, or a failure.
[ -f build/fanbase ] || echo "Building fanbase (the first build takes a minute or two)..."
if ! out=$(scripts/build.sh --target fanbase 2>&1); then
  printf '%s\n' "$out" >&2
  exit 1
fi
exec build/fanbase run --config config/fanbase.example.toml "$@"
