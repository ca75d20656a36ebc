#!/usr/bin/env bash
# Command 1: install what is missing, build, and start the bot on the console with the example config.
# Extra arguments go to `fanbase run` (e.g. --db /tmp/try.db).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh --target fanbase
exec build/fanbase run --config config/fanbase.example.toml "$@"
