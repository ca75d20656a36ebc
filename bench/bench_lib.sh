# Shared pieces of the replay benchmarks (sourced by bench/run_replay_bench.sh and bench/run_text_bench.sh; not run
# on its own). Expects the caller to be in the repository root with `set -euo pipefail`, and BUILD and OUT_DIR set.

# GNU time (/usr/bin/time -v) measures peak RSS; installed when missing and we are root.
bench_need_time() {
  [[ -x /usr/bin/time ]] && return 0
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    echo "== installing GNU time (package 'time') for peak RSS measurement"
    apt-get install -y -q time >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q time >/dev/null; }
  else
    echo "error: /usr/bin/time (GNU time) is needed to measure peak RSS; install it: sudo apt-get install time" >&2
    exit 1
  fi
}

# bench_build JOBS TARGET...: configures $BUILD as Release when needed, then builds the targets.
bench_build() {
  local jobs="$1"
  shift
  local build_type=""
  if [[ -f "$BUILD/CMakeCache.txt" ]]; then
    build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD/CMakeCache.txt")"
  fi
  if [[ ! -f "$BUILD/build.ninja" || "$build_type" != "Release" ]]; then
    echo "== configuring $BUILD (Release)"
    cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFANBASE_BENCH=ON >/dev/null
  fi
  echo "== building $* (-j$jobs)"
  cmake --build "$BUILD" -j "$jobs" --target "$@"
}

# bench_synthetic_updates N CHATS MEMBERS SEED: sets UPDATES to gen_updates' output for these parameters, generated
# when missing or older than gen_updates; its statistics are in "$UPDATES.stats".
bench_synthetic_updates() {
  local n="$1" chats="$2" members="$3" seed="$4" gen="$BUILD/bench/gen_updates"
  [[ -x "$gen" ]] || { echo "error: $gen was not built" >&2; exit 1; }
  mkdir -p "$OUT_DIR"
  UPDATES="$OUT_DIR/updates-$n-c$chats-m$members-s$seed.jsonl"
  if [[ ! -s "$UPDATES" || "$gen" -nt "$UPDATES" ]]; then
    echo "== generating $n updates -> $UPDATES"
    "$gen" --updates "$n" --chats "$chats" --members "$members" --seed "$seed" --out "$UPDATES.tmp" 2>"$UPDATES.stats"
    mv -f "$UPDATES.tmp" "$UPDATES"
  else
    echo "== using cached $UPDATES"
  fi
}

# bench_fresh_db FILE: removes the database and its WAL, shared-memory and journal files.
bench_fresh_db() {
  rm -f "$1" "$1-wal" "$1-shm" "$1-journal"
}

# bench_timed LOG TIMES CMD...: runs CMD under /usr/bin/time -v (report in TIMES), its output tee'd into LOG.
# Exits with CMD's status when it fails.
bench_timed() {
  local log="$1" times="$2"
  shift 2
  local status
  set +e
  /usr/bin/time -v -o "$times" "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  if [[ $status -ne 0 ]]; then
    echo "error: $1 exited with status $status (log: $log, time: $times)" >&2
    cat "$times" >&2 || true
    exit "$status"
  fi
}

# bench_value FILE KEY: the first number after "KEY:" at the start of a line of FILE ("" when absent).
bench_value() {
  sed -n "s/^[[:space:]]*$2:[[:space:]]*\([0-9][0-9.]*\).*/\1/p" "$1" | head -n 1
}

# bench_time_field TIMES LABEL: a field of /usr/bin/time -v's report, e.g. "Maximum resident set size (kbytes)".
bench_time_field() {
  sed -n "s/^[[:space:]]*$2:[[:space:]]*//p" "$1" | head -n 1  # BRE: parentheses in LABEL are literal
}

# bench_rss_mib TIMES: peak RSS in MiB with one decimal ("" when absent).
bench_rss_mib() {
  local kib
  kib="$(bench_time_field "$1" "Maximum resident set size (kbytes)")"
  [[ -n "$kib" ]] && awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }'
  return 0
}

bench_load() { cut -d' ' -f1-3 /proc/loadavg; }

bench_cpu_model() {
  local m
  m="$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n 1)"
  echo "${m:-$(uname -m)}"
}
