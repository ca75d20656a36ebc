#!/usr/bin/env bash
# Replay benchmark: feeds N synthetic Telegram updates (bench/gen_updates) into a fresh SQLite database through the
# bot's real pipeline (`fanbase replay`) and reports throughput, peak memory and database size.
#
#   bench/run_replay_bench.sh [N]          N = number of updates, default 1000000
#
# Environment (optional): BENCH_CHATS (200), BENCH_MEMBERS (50000), BENCH_SEED (1), BUILD_DIR (build),
# BENCH_JOBS (2, build parallelism), BENCH_STRICT=1 (exit 1 when a target is missed).
# Targets: >= 50000 events/s end to end with durable commits (synchronous = "full"), peak RSS <= 64 MiB.
set -euo pipefail

N="${1:-1000000}"
CHATS="${BENCH_CHATS:-200}"
MEMBERS="${BENCH_MEMBERS:-50000}"
SEED="${BENCH_SEED:-1}"
JOBS="${BENCH_JOBS:-2}"
TARGET_EVENTS_PER_S=50000
TARGET_RSS_MIB=64

if ! [[ "$N" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [N]   (N = number of updates, a positive integer; got '$N')" >&2
  exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BUILD="${BUILD_DIR:-build}"
OUT_DIR="$BUILD/bench"
CONFIG="${BENCH_CONFIG:-bench/replay_bench.toml}"
# Extra arguments for `fanbase replay`, e.g. BENCH_REPLAY_ARGS="--batch 1024" to measure the live group size.
read -r -a REPLAY_ARGS <<<"${BENCH_REPLAY_ARGS:-}"
DB="$OUT_DIR/replay.db"

# shellcheck source=bench/bench_lib.sh
source "$ROOT/bench/bench_lib.sh"

# --- /usr/bin/time (GNU time, for peak RSS) ------------------------------------------------------------------
bench_need_time

# --- build (Release) ------------------------------------------------------------------------------------------
bench_build "$JOBS" fanbase gen_updates
FANBASE="$BUILD/fanbase"
[[ -x "$FANBASE" ]] || { echo "error: $FANBASE was not built" >&2; exit 1; }

# --- input (cached per parameters; regenerated when gen_updates is newer) --------------------------------------
bench_synthetic_updates "$N" "$CHATS" "$MEMBERS" "$SEED"
cat "$UPDATES.stats" 2>/dev/null || true
input_bytes=$(stat -c %s "$UPDATES")

# --- fresh database -------------------------------------------------------------------------------------------
bench_fresh_db "$DB"

# --- replay ---------------------------------------------------------------------------------------------------
# Other work on the machine (a compiler, another bench) skews the figures: note the load before starting.
load_before="$(bench_load)"
LOG="$OUT_DIR/replay-$N.log"
TIMES="$OUT_DIR/replay-$N.time"
echo "== $FANBASE replay --config $CONFIG --db $DB --out /dev/null ${REPLAY_ARGS[*]} $UPDATES"
bench_timed "$LOG" "$TIMES" "$FANBASE" replay --config "$CONFIG" --db "$DB" --out /dev/null "${REPLAY_ARGS[@]}" "$UPDATES"

# --- figures --------------------------------------------------------------------------------------------------
summary() { bench_value "$LOG" "$1"; }  # first value after "KEY:" in the replay summary, "" when absent
applied="$(summary applied)"
skipped="$(summary skipped)"
malformed="$(summary malformed)"
duplicates="$(summary duplicates)"
failed="$(summary failed)"
replies="$(summary replies)"
skipped_line="$(grep -m1 '^skipped:' "$LOG" || true)"
wall_ms="$(summary wall_ms)"
events_per_s="$(summary events_per_s)"
rss_mib="$(bench_rss_mib "$TIMES")"
elapsed="$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time.*): *//p' "$TIMES")"
cpu_user="$(sed -n 's/^[[:space:]]*User time (seconds):[[:space:]]*//p' "$TIMES")"
cpu_sys="$(sed -n 's/^[[:space:]]*System time (seconds):[[:space:]]*//p' "$TIMES")"
fs_out="$(sed -n 's/^[[:space:]]*File system outputs:[[:space:]]*//p' "$TIMES")"
db_bytes=$(stat -c %s "$DB" 2>/dev/null || echo 0)
wal_bytes=$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)
total_bytes=$((db_bytes + wal_bytes))
if [[ -z "$events_per_s" && -n "$applied" && -n "$wall_ms" ]]; then
  events_per_s=$(awk -v a="$applied" -v w="$wall_ms" 'BEGIN { if (w > 0) printf "%.0f", a * 1000 / w }')
fi

cpu_model="$(bench_cpu_model)"
fs_type="$(df -PT "$OUT_DIR" 2>/dev/null | awk 'NR == 2 { print $2 " on " $1 }')"

echo
echo "================ replay benchmark ================"
printf '%-22s %s\n' "updates:" "$N ($input_bytes bytes of JSON lines, chats=$CHATS members=$MEMBERS seed=$SEED)"
printf '%-22s %s\n' "applied:" "${applied:-?} (duplicates ${duplicates:-?}, failed ${failed:-?}, bot replies ${replies:-?})"
printf '%-22s %s\n' "not applied:" "${skipped_line:-skipped: ${skipped:-?}}; malformed: ${malformed:-?}"
printf '%-22s %s\n' "events/s:" "${events_per_s:-? (no events_per_s in the replay summary)}"
printf '%-22s %s\n' "wall time:" "${wall_ms:-?} ms (replay summary); process elapsed ${elapsed:-?} (m:ss)"
printf '%-22s %s\n' "cpu:" "user ${cpu_user:-?} s, system ${cpu_sys:-?} s"
if [[ -n "$fs_out" ]]; then  # getrusage ru_oublock: 512-byte units on Linux
  printf '%-22s %s\n' "disk writes:" "$(awk -v b="$fs_out" -v a="${applied:-0}" 'BEGIN {
    printf "%.0f MiB", b * 512 / 1048576; if (a > 0) printf " (%.1f KiB per applied event)", b * 512 / 1024 / a }')"
fi
if [[ -n "$rss_mib" ]]; then
  printf '%-22s %s\n' "peak RSS:" "$rss_mib MiB"
else
  printf '%-22s %s\n' "peak RSS:" "?"
fi
printf '%-22s %s\n' "database:" "$total_bytes bytes ($DB $db_bytes + -wal $wal_bytes)"
if [[ -n "$applied" && "$applied" -gt 0 ]]; then
  printf '%-22s %s\n' "bytes per event:" "$(awk -v b="$total_bytes" -v a="$applied" 'BEGIN { printf "%.1f", b / a }') (per applied event)"
fi
if command -v sqlite3 >/dev/null; then  # where the bytes go (needs the dbstat virtual table; skipped without it)
  breakdown="$(sqlite3 "$DB" "SELECT name || ' ' || SUM(pgsize) FROM dbstat GROUP BY name
                              ORDER BY SUM(pgsize) DESC LIMIT 8" 2>/dev/null | paste -sd, - | sed 's/,/, /g' || true)"
  [[ -z "$breakdown" ]] || printf '%-22s %s\n' "largest tables/indexes:" "$breakdown"
fi
printf '%-22s %s\n' "machine:" "$(nproc) CPUs, $cpu_model, Linux $(uname -r)"
printf '%-22s %s\n' "storage:" "${fs_type:-?}"
printf '%-22s %s\n' "load average:" "$load_before before the run, $(bench_load) after"
if awk -v l="${load_before%% *}" 'BEGIN { exit !(l >= 0.5) }'; then
  echo "warning: the machine was busy before the run (1-minute load ${load_before%% *}); figures may be low"
fi

missed=0
if [[ -n "$events_per_s" ]]; then
  if awk -v v="$events_per_s" -v t="$TARGET_EVENTS_PER_S" 'BEGIN { exit !(v >= t) }'; then
    echo "target events/s >= $TARGET_EVENTS_PER_S: met"
  else
    echo "target events/s >= $TARGET_EVENTS_PER_S: MISSED"; missed=1
  fi
fi
if [[ -n "$rss_mib" ]]; then
  if awk -v v="$rss_mib" -v t="$TARGET_RSS_MIB" 'BEGIN { exit !(v <= t) }'; then
    echo "target peak RSS <= $TARGET_RSS_MIB MiB: met"
  else
    echo "target peak RSS <= $TARGET_RSS_MIB MiB: MISSED"; missed=1
  fi
fi
echo "(replay log: $LOG; time -v: $TIMES)"
if [[ "${BENCH_STRICT:-0}" == 1 && $missed -ne 0 ]]; then
  exit 1
fi
