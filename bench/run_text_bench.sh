#!/usr/bin/env bash
# Issue 9: the raw-SQLite floor, the synthetic replay and a replay of real community text, side by side in one run.
#
#   bench/run_text_bench.sh
#
#   (a) build/bench/sqlite_floor: the three statements of a paid event on the SQLite C API (bench/sqlite_floor.cpp),
#       once with N = the real-text update count and once with N = the synthetic count;
#   (b) `fanbase replay` of bench/gen_updates' 1,000,000 synthetic updates (as bench/run_replay_bench.sh runs it);
#   (c) `fanbase replay` of bench/gen_qc_updates.py's ~200,000 updates made of the Quantum Computing Stack Exchange
#       text (questions, answers as replies, comments as replies; many copies of the community in separate chats).
# Each into a fresh database, (b) and (c) with bench/replay_bench.toml, every process under /usr/bin/time -v. The
# table gives events/s, the share of the floor at the same N, and peak RSS; "paid" is the share of events that
# wrote a ledger row (distinct point_entry.reference), so the floor's "every event is paid" can be read against it.
#
# Environment (optional): BENCH_TEXT_UPDATES (200000), BENCH_SYNTH_UPDATES (1000000), BENCH_CHATS (200),
# BENCH_MEMBERS (50000), BENCH_SEED (1), BENCH_CONFIG (bench/replay_bench.toml), BENCH_FLOOR_ARGS (extra
# sqlite_floor arguments, e.g. "--dist uniform"), BENCH_DATASET (the QC dump's directory), BUILD_DIR (build),
# BENCH_JOBS (2), FANBASE_BIN (the fanbase binary to measure, default $BUILD_DIR/fanbase: e.g. an older build, for
# a side-by-side run on the same inputs and floor). Inputs are cached under $BUILD_DIR/bench/ and regenerated when their generator is newer.
set -euo pipefail

TEXT_N="${BENCH_TEXT_UPDATES:-200000}"
SYNTH_N="${BENCH_SYNTH_UPDATES:-1000000}"
CHATS="${BENCH_CHATS:-200}"
MEMBERS="${BENCH_MEMBERS:-50000}"
SEED="${BENCH_SEED:-1}"
JOBS="${BENCH_JOBS:-2}"
DATASET="${BENCH_DATASET:-/work/shared/datasets/stackexchange-quantumcomputing-2018}"
read -r -a FLOOR_ARGS <<<"${BENCH_FLOOR_ARGS:-}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BUILD="${BUILD_DIR:-build}"
OUT_DIR="$BUILD/bench"
CONFIG="${BENCH_CONFIG:-bench/replay_bench.toml}"
# shellcheck source=bench/bench_lib.sh
source "$ROOT/bench/bench_lib.sh"

bench_need_time
command -v python3 >/dev/null || { echo "error: python3 is needed for bench/gen_qc_updates.py" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "error: the sqlite3 shell is needed to count paid events" >&2; exit 1; }
bench_build "$JOBS" fanbase gen_updates sqlite_floor
FANBASE="${FANBASE_BIN:-$BUILD/fanbase}"
FLOOR="$BUILD/bench/sqlite_floor"
for exe in "$FANBASE" "$FLOOR"; do [[ -x "$exe" ]] || { echo "error: $exe was not built" >&2; exit 1; }; done

# --- inputs ---------------------------------------------------------------------------------------------------
bench_synthetic_updates "$SYNTH_N" "$CHATS" "$MEMBERS" "$SEED"
SYNTH="$UPDATES"
TEXT="$OUT_DIR/qc-updates-$TEXT_N.jsonl"
if [[ ! -s "$TEXT" || bench/gen_qc_updates.py -nt "$TEXT" ]]; then
  echo "== generating $TEXT_N real-text updates -> $TEXT"
  python3 bench/gen_qc_updates.py --updates "$TEXT_N" --dataset "$DATASET" --out "$TEXT.tmp" 2>"$TEXT.stats"
  mv -f "$TEXT.tmp" "$TEXT"
else
  echo "== using cached $TEXT"
fi
echo "-- synthetic input:"; sed 's/^/   /' "$SYNTH.stats" 2>/dev/null || true
echo "-- real-text input:"; sed 's/^/   /' "$TEXT.stats" 2>/dev/null || true
text_lines=$(wc -l <"$TEXT")
synth_lines=$(wc -l <"$SYNTH")

# --- runs -----------------------------------------------------------------------------------------------------
ROWS=()       # "workload|events|events/s|floor key|paid|rss|load"
declare -A FLOOR_RATE  # N -> floor events/s

run_floor() {  # run_floor N
  local n="$1" db="$OUT_DIR/floor.db" log="$OUT_DIR/floor-$1.log" times="$OUT_DIR/floor-$1.time" load
  bench_fresh_db "$db"
  load="$(bench_load)"
  echo "== $FLOOR --events $n --db $db ${FLOOR_ARGS[*]}"
  bench_timed "$log" "$times" "$FLOOR" --events "$n" --db "$db" "${FLOOR_ARGS[@]}"
  FLOOR_RATE[$n]="$(bench_value "$log" events_per_s)"
  ROWS+=("(a) raw-SQLite floor|$n|${FLOOR_RATE[$n]}|$n|100.0%|$(bench_rss_mib "$times")|$load")
  bench_fresh_db "$db"
}

run_replay() {  # run_replay LABEL NAME UPDATES FLOOR_N
  local label="$1" name="$2" updates="$3" floor_n="$4" load
  local db="$OUT_DIR/text-$name.db" log="$OUT_DIR/text-$name.log" times="$OUT_DIR/text-$name.time"
  bench_fresh_db "$db"
  load="$(bench_load)"
  echo "== $FANBASE replay --config $CONFIG --db $db --out /dev/null $updates"
  bench_timed "$log" "$times" "$FANBASE" replay --config "$CONFIG" --db "$db" --out /dev/null "$updates"
  local applied duplicates events rate paid
  applied="$(bench_value "$log" applied)"
  duplicates="$(bench_value "$log" duplicates)"
  events=$((${applied:-0} + ${duplicates:-0}))
  rate="$(bench_value "$log" events_per_s)"
  paid="$(sqlite3 "$db" "SELECT count(DISTINCT reference) FROM point_entry")"
  paid="$(awk -v p="$paid" -v e="$events" 'BEGIN { if (e > 0) printf "%.1f%%", 100 * p / e; else print "?" }')"
  ROWS+=("$label|$events|$rate|$floor_n|$paid|$(bench_rss_mib "$times")|$load")
}

# Each replay right after the floor it is compared with, so both see the same machine.
run_floor "$text_lines"
run_replay "(c) real-text replay" qc "$TEXT" "$text_lines"
run_floor "$synth_lines"
run_replay "(b) synthetic replay" synthetic "$SYNTH" "$synth_lines"

# --- table ----------------------------------------------------------------------------------------------------
echo
echo "================ issue 9: floor, synthetic and real-text replay ================"
printf '%-22s %10s %10s %15s %7s %14s  %s\n' "workload" "events" "events/s" "share of (a)" "paid" "peak RSS MiB" \
  "load before"
for row in "${ROWS[@]}"; do
  IFS='|' read -r w ev rate fn paid rss load <<<"$row"
  share="$(awk -v r="$rate" -v f="${FLOOR_RATE[$fn]:-0}" 'BEGIN { if (f > 0) printf "%.1f%%", 100 * r / f; else print "?" }')"
  printf '%-22s %10s %10s %15s %7s %14s  %s\n' "$w" "$ev" "$rate" "$share (N=$fn)" "$paid" "${rss:-?}" "$load"
done
echo "fanbase: $FANBASE"
echo "machine: $(nproc) CPUs, $(bench_cpu_model), Linux $(uname -r); load now $(bench_load)"
echo "(logs and time -v reports: $OUT_DIR/floor-*.{log,time}, $OUT_DIR/text-*.{log,time})"
