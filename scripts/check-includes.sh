#!/usr/bin/env bash
# Enforces DESIGN.md's "who may include whom": every project #include "dir/..." and every third-party
# #include <...> of a folder must be allowed for that folder. Prints each violation; exits 1 if any.
set -euo pipefail
cd "$(dirname "$0")/.."

# folder ; allowed project prefixes (regex) ; allowed third-party prefixes (regex; '^$' = none). Headers with
# no '/' (the standard library, sqlite3.h) are always allowed.
rules=(
  "base;base/;^$"
  "config;base/|config/;toml\+\+/"
  "storage;base/|storage/;SQLiteCpp/"
  "ml;base/|ml/;Eigen/|re2/"
  "bot/net;base/|bot/net/;boost/(beast|asio|system|url)|openssl/"
  "bot/core;base/|storage/|bot/core/;^$"
  "handlers;base/|config/|storage/|ml/|bot/core/|handlers/;^$"
  "bot/telegram;base/|bot/core/|bot/net/|bot/telegram/;boost/json|boost/asio/"
  "bot/console;base/|bot/core/|bot/net/|bot/console/;^$"
)

status=0
for rule in "${rules[@]}"; do
  IFS=';' read -r dir project third <<<"$rule"
  project_re="^($project)"
  [ -d "$dir" ] || continue
  while IFS= read -r hit; do
    file="${hit%%:*}"
    inc=$(sed -E 's/.*#include *["<]([^">]+)[">].*/\1/' <<<"$hit")
    if grep -q '#include *"' <<<"$hit"; then
      [[ "$inc" =~ $project_re ]] || { echo "$file: may not include \"$inc\" ($dir/ may use: $project)"; status=1; }
    else
      case "$inc" in */*) ;; *) continue ;; esac   # standard and system headers
      [[ "$inc" =~ ^sys/ ]] && continue
      [[ "$inc" =~ ^($third) ]] || { echo "$file: may not include <$inc> ($dir/ may use: $third)"; status=1; }
    fi
  done < <(grep -HnE '^\s*#include' $(find "$dir" -maxdepth 1 -name '*.hpp' -o -maxdepth 1 -name '*.cpp') 2>/dev/null || true)
done
[ $status -eq 0 ] && echo "includes: every folder follows the dependency table"
exit $status
