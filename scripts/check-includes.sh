#!/usr/bin/env bash
# Enforces DESIGN.md's "who may include whom": every project #include "dir/..." and every third-party
# #include <...> of a folder must be allowed for that folder. Project includes are followed transitively: a
# header a folder may include must not bring in, through its own includes, one the folder may not (an adapter
# reaching storage/ through a bot/core header is a violation). Prints each violation with the chain; exits 1 if any.
set -euo pipefail
cd "$(dirname "$0")/.."

# folder ; allowed project prefixes (regex) ; allowed third-party prefixes (regex; '^$' = none). Headers with
# no '/' (the standard library, sqlite3.h) are always allowed. Folders are searched recursively
# (handlers/<feature>/).
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

declare -A direct   # file -> its project includes, space separated
project_includes() {
  local f="$1"
  if [[ -z "${direct[$f]+x}" ]]; then
    direct[$f]="$(sed -nE 's/^\s*#include *"([^"]+)".*/\1/p' "$f" 2>/dev/null | tr '\n' ' ')"
  fi
  printf '%s' "${direct[$f]}"
}

status=0
for rule in "${rules[@]}"; do
  IFS=';' read -r dir project third <<<"$rule"
  project_re="^($project)"
  [ -d "$dir" ] || continue
  while IFS= read -r file; do
    # Third-party includes: direct ones only (a project header that includes Beast is checked in its own folder).
    while IFS= read -r inc; do
      [ -n "$inc" ] || continue
      case "$inc" in */*) ;; *) continue ;; esac   # standard and system headers
      [[ "$inc" =~ ^sys/ ]] && continue
      [[ "$inc" =~ ^($third) ]] || { echo "$file: may not include <$inc> ($dir/ may use: $third)"; status=1; }
    done < <(sed -nE 's/^\s*#include *<([^>]+)>.*/\1/p' "$file")
    # Project includes, transitively (breadth first, each header once per file).
    declare -A seen=()
    queue=()
    for inc in $(project_includes "$file"); do queue+=("$inc|$file"); done
    while ((${#queue[@]})); do
      item="${queue[0]}"; queue=("${queue[@]:1}")
      inc="${item%%|*}"; via="${item#*|}"
      [[ -n "${seen[$inc]+x}" ]] && continue
      seen[$inc]=1
      if ! [[ "$inc" =~ $project_re ]]; then
        echo "$file: may not include \"$inc\" (via $via; $dir/ may use: $project)"
        status=1
        continue
      fi
      [ -f "$inc" ] || continue   # generated or missing: the compiler says so
      for next in $(project_includes "$inc"); do queue+=("$next|$via → $inc"); done
    done
    unset seen
  done < <(find "$dir" \( -name '*.hpp' -o -name '*.cpp' \) | sort)
done
[ $status -eq 0 ] && echo "includes: every folder follows the dependency table (transitively)"
exit $status
