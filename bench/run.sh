#!/usr/bin/env bash
# Biotope's benchmark, end to end: builds Release, then on SQLite and on a throw-away PostgreSQL seeds
# 100,000 synthetic organizations, serves them, measures search latency (bench/Biotope.Bench), throughput
# (wrk, search vs /healthz) and the server's peak RSS; then times the first start on demo data.
# Writes a Markdown report. Everything it starts (servers, PostgreSQL, temp folders) is cleaned up on exit.
#
#   bench/run.sh [REPORT.md]          default bench/report.md
#
# Environment (defaults in brackets):
#   BENCH_DATABASES    which databases ["sqlite postgres"]
#   BENCH_ORGS         synthetic organizations [100000]     BENCH_SEED        random seed [42]
#   BENCH_WARMUP       latency client warm-up passes [2]    BENCH_PASSES      measured passes over the 200 queries [5]
#   BENCH_WRK_TIME     wrk duration per endpoint [15s]      BENCH_FIRST_RUNS  first-start runs [3]
#   BIOTOPE_PG_BIN     PostgreSQL's bin folder [newest /usr/lib/postgresql/*/bin]
# Needs: the .NET 10 SDK, curl, wrk (apt-get install wrk), and for PostgreSQL the postgresql-15 package.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPORT="$(realpath -m "${1:-$ROOT/bench/report.md}")"
DATABASES="${BENCH_DATABASES:-sqlite postgres}"
ORGS="${BENCH_ORGS:-100000}"
SEED="${BENCH_SEED:-42}"
WARMUP="${BENCH_WARMUP:-2}"
PASSES="${BENCH_PASSES:-5}"
WRK_TIME="${BENCH_WRK_TIME:-15s}"
FIRST_RUNS="${BENCH_FIRST_RUNS:-3}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '\n==> %s\n' "$*" >&2; }
die() { printf 'bench/run.sh: %s\n' "$*" >&2; exit 1; }

for tool in dotnet curl wrk; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is missing (Debian: apt-get install -y wrk curl; .NET 10 SDK for dotnet)"
done

# ---------------------------------------------------------------------------------------------
# Temp folder and cleanup: every server this script starts is stopped, every folder removed.
# ---------------------------------------------------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/biotope-bench.XXXXXX")"
chmod 755 "$TMP" # the postgres user must reach its data folder in here
SERVER_PID=""
# shellcheck source=bench/postgres.sh
. "$ROOT/bench/postgres.sh"

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

cleanup() {
  local status=$?
  stop_server
  stop_postgres
  rm -rf "$TMP"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# The machine is shared: the load average before each phase says how noisy the figures are.
LOADS=()
note_load() { LOADS+=("$1: $(cut -d' ' -f1-3 /proc/loadavg)"); }
note_load "start"

# wait_healthy URL TIMEOUT_S: polls /healthz every 20 ms until it answers 200.
wait_healthy() {
  local deadline=$(($(now_ms) + $2 * 1000))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1/healthz" 2>/dev/null || true)" = "200" ]; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || return 1
    sleep 0.02
  done
  return 1
}

kv() { grep "^$1=" "$2" | head -n 1 | cut -d= -f2; } # kv KEY FILE
kb_to_mb() { awk -v kb="$1" 'BEGIN { printf "%.0f", kb / 1024 }'; }
status_kb() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$2/status"; } # status_kb VmHWM PID
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", 100 * a / b; else print "n/a" }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
verdict() { if "$@"; then echo "met"; else echo "**missed**"; fi; }

# ---------------------------------------------------------------------------------------------
# Build.
# ---------------------------------------------------------------------------------------------
say "dotnet publish (Release)"
dotnet publish "$ROOT/src/Biotope" -c Release -o "$TMP/app" -v quiet -nologo >"$TMP/publish.log" 2>&1 || { cat "$TMP/publish.log" >&2; die "publish failed"; }
dotnet publish "$ROOT/bench/Biotope.Bench" -c Release -o "$TMP/client" -v quiet -nologo >"$TMP/publish-client.log" 2>&1 || { cat "$TMP/publish-client.log" >&2; die "publish of the bench client failed"; }
APP="$TMP/app/biotope"
CLIENT="$TMP/client/biotope-bench"
"$CLIENT" --paths "$TMP/paths.txt"

# ---------------------------------------------------------------------------------------------
# One database: seed, serve, measure. Results go to $TMP/<db>.* files.
# ---------------------------------------------------------------------------------------------
start_server() { # start_server LOG ARGS...: the published apphost, so $SERVER_PID is the server itself
  local log="$1"; shift
  "$APP" "$@" >"$log" 2>&1 &
  SERVER_PID=$!
}

run_wrk() { # run_wrk NAME URL [LUA]: 2 threads, 4 connections; writes $TMP/$DB.wrk-NAME.txt
  local out="$TMP/$DB.wrk-$1.txt"
  if [ -n "${3:-}" ]; then
    BENCH_PATHS="$TMP/paths.txt" wrk -t2 -c4 -d"$WRK_TIME" --latency -s "$3" "$2" >"$out" 2>&1
  else
    wrk -t2 -c4 -d"$WRK_TIME" --latency "$2" >"$out" 2>&1
  fi
  awk '/^Requests\/sec:/ { print $2 }' "$out" >"$TMP/$DB.rps-$1"
}

measure() { # measure DB SEED_ARGS... -- SERVE_ARGS...
  DB="$1"; shift
  local seed_args=() serve_args=()
  while [ "$1" != "--" ]; do seed_args+=("$1"); shift; done
  shift
  serve_args=("$@")

  note_load "$DB"
  say "$DB: seed --synthetic $ORGS --random-seed $SEED"
  local started ended
  started=$(now_ms)
  "$APP" "${seed_args[@]}" seed --synthetic "$ORGS" --random-seed "$SEED" >"$TMP/$DB.seed.txt" 2>&1 || { cat "$TMP/$DB.seed.txt" >&2; die "$DB: seeding failed"; }
  ended=$(now_ms)
  echo "$((ended - started))" >"$TMP/$DB.seed-ms"
  cat "$TMP/$DB.seed.txt" >&2

  local port url
  port=$(free_port)
  url="http://127.0.0.1:$port"
  say "$DB: serve on $url"
  # wrk sends thousands of API requests a second from one address: the per-caller API limit (ADR 019) is turned off.
  start_server "$TMP/$DB.server.log" "${serve_args[@]}" --urls "$url" --no-demo --api-rate-limit 0
  started=$(now_ms)
  wait_healthy "$url" 180 || { cat "$TMP/$DB.server.log" >&2; die "$DB: the server did not become healthy"; }
  echo "$(($(now_ms) - started))" >"$TMP/$DB.healthy-ms"

  say "$DB: latency client ($WARMUP warm-up + $PASSES measured passes over 200 queries)"
  "$CLIENT" "$url" --warmup "$WARMUP" --passes "$PASSES" --top 10 --summary "$TMP/$DB.latency.kv" >"$TMP/$DB.latency.md" 2>"$TMP/$DB.latency.err" \
    || { cat "$TMP/$DB.latency.err" "$TMP/$DB.latency.md" >&2; die "$DB: the latency client failed"; }
  cat "$TMP/$DB.latency.md" >&2
  status_kb VmHWM "$SERVER_PID" >"$TMP/$DB.hwm-after-latency"

  say "$DB: wrk -t2 -c4 -d$WRK_TIME: search q=liege, search mix, /healthz"
  run_wrk search "$url/api/v1/organizations?q=liege"
  run_wrk mix "$url" "$ROOT/bench/mix.lua"
  run_wrk healthz "$url/healthz"
  for name in search mix healthz; do printf '  %-8s %s req/s\n' "$name" "$(cat "$TMP/$DB.rps-$name")" >&2; done

  status_kb VmHWM "$SERVER_PID" >"$TMP/$DB.hwm"
  status_kb VmRSS "$SERVER_PID" >"$TMP/$DB.rss"
  printf '  peak RSS (VmHWM) %s MB, RSS now %s MB\n' "$(kb_to_mb "$(cat "$TMP/$DB.hwm")")" "$(kb_to_mb "$(cat "$TMP/$DB.rss")")" >&2
  stop_server
}

for DB in $DATABASES; do
  case "$DB" in
    sqlite)
      measure sqlite --data-dir "$TMP/sqlite" -- --data-dir "$TMP/sqlite"
      ;;
    postgres)
      say "postgres: initdb and start"
      start_postgres "$TMP/pg"
      "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -At -c "SHOW server_version" >"$TMP/pg-version"
      CONN="$PG_CONN"
      measure postgres --database "$CONN" -- --database "$CONN"
      stop_postgres
      ;;
    *) die "unknown database '$DB' in BENCH_DATABASES (sqlite, postgres)" ;;
  esac
done

# ---------------------------------------------------------------------------------------------
# First start on demo data: fresh data folder, no --no-demo; ms from launch to the first 200 of /healthz.
# --demo-password: the bench's throw-away demo accounts get a fixed password instead of a generated one (ADR 014).
# ---------------------------------------------------------------------------------------------
note_load "first start"
say "first start on demo data ($FIRST_RUNS runs)"
: >"$TMP/first.ms"
for run in $(seq 1 "$FIRST_RUNS"); do
  port=$(free_port)
  started=$(now_ms)
  start_server "$TMP/first-$run.log" --data-dir "$TMP/first-$run" --urls "http://127.0.0.1:$port" --demo-password "Bench-Demo-Pass-1"
  wait_healthy "http://127.0.0.1:$port" 120 || { cat "$TMP/first-$run.log" >&2; die "first start $run: not healthy within 120 s"; }
  echo "$(($(now_ms) - started))" >>"$TMP/first.ms"
  stop_server
  rm -rf "$TMP/first-$run"
  printf '  run %s: %s ms\n' "$run" "$(tail -n 1 "$TMP/first.ms")" >&2
done
FIRST_MEDIAN=$(sort -n "$TMP/first.ms" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')

# ---------------------------------------------------------------------------------------------
# Report.
# ---------------------------------------------------------------------------------------------
note_load "end"
say "writing $REPORT"
has() { [[ " $DATABASES " == *" $1 "* ]]; }
row() { # row LABEL TARGET FIGURE_SQLITE FIGURE_POSTGRES VERDICT_SQLITE VERDICT_POSTGRES
  echo "| $1 | $3 | $4 | $2 | $5 / $6 |"
}
{
  echo "# Biotope benchmark run"
  echo
  echo "- Command: \`bench/run.sh\` (BENCH_ORGS=$ORGS, BENCH_SEED=$SEED, BENCH_WARMUP=$WARMUP, BENCH_PASSES=$PASSES, BENCH_WRK_TIME=$WRK_TIME, BENCH_FIRST_RUNS=$FIRST_RUNS, databases: $DATABASES)"
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "- Machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) RAM, $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "- .NET SDK $(dotnet --version); Release build (\`dotnet publish -c Release\`), default server settings (Server GC)"
  echo "- Load average (1, 5, 15 min) before each phase — $(IFS=';'; echo "${LOADS[*]}" | sed 's/;/; /g')"
  has postgres && echo "- PostgreSQL $(cat "$TMP/pg-version"), throw-away cluster on 127.0.0.1 with: $PG_OPTIONS"
  echo
  echo "## Figures against the targets"
  echo
  echo "| figure | SQLite | PostgreSQL | target | SQLite / PostgreSQL |"
  echo "|---|---:|---:|---|---|"
  v() { # v DB CHECK ARGS...: the verdict, or a dash when the database was not run
    local db="$1"; shift
    if has "$db"; then verdict "$@"; else echo "–"; fi
  }
  p99s=$(has sqlite && kv p99_ms "$TMP/sqlite.latency.kv" || echo "–"); p99p=$(has postgres && kv p99_ms "$TMP/postgres.latency.kv" || echo "–")
  for db in sqlite postgres; do
    if has "$db"; then
      eval "lat_$db='$(kv p50_ms "$TMP/$db.latency.kv") / $(kv p95_ms "$TMP/$db.latency.kv") / $(kv p99_ms "$TMP/$db.latency.kv") / $(kv max_ms "$TMP/$db.latency.kv")'"
      eval "ratio_$db='$(ratio "$(cat "$TMP/$db.rps-search")" "$(cat "$TMP/$db.rps-healthz")")'"
      eval "ratiomix_$db='$(ratio "$(cat "$TMP/$db.rps-mix")" "$(cat "$TMP/$db.rps-healthz")")'"
      eval "hwm_$db='$(kb_to_mb "$(cat "$TMP/$db.hwm")")'"
      eval "seed_$db='$(awk -v ms="$(cat "$TMP/$db.seed-ms")" 'BEGIN { printf "%.1f", ms / 1000 }')'"
    else
      eval "lat_$db='–' ratio_$db='–' ratiomix_$db='–' hwm_$db='–' seed_$db='–'"
    fi
  done
  row "search latency p50 / p95 / p99 / max (ms), 1 client, 200-query mix" "p99 ≤ 25 ms" "$lat_sqlite" "$lat_postgres" \
    "$(v sqlite le "$p99s" 25)" "$(v postgres le "$p99p" 25)"
  row "search \`q=liege\` req/s ÷ /healthz req/s (wrk, 4 connections)" "≥ 25 %" "$ratio_sqlite %" "$ratio_postgres %" \
    "$(v sqlite ge "$ratio_sqlite" 25)" "$(v postgres ge "$ratio_postgres" 25)"
  row "search mix req/s ÷ /healthz req/s (wrk, 4 connections)" "≥ 25 %" "$ratiomix_sqlite %" "$ratiomix_postgres %" \
    "$(v sqlite ge "$ratiomix_sqlite" 25)" "$(v postgres ge "$ratiomix_postgres" 25)"
  row "seeding $ORGS synthetic organizations (s, fresh database)" "≤ 30 s on SQLite" "$seed_sqlite" "$seed_postgres" \
    "$(v sqlite le "$seed_sqlite" 30)" "(no target)"
  row "server peak RSS after the load (VmHWM, MB)" "≤ 400 MB" "$hwm_sqlite" "$hwm_postgres" \
    "$(v sqlite le "$hwm_sqlite" 400)" "$(v postgres le "$hwm_postgres" 400)"
  echo "| first start on demo data, launch to first healthy /healthz (ms, median of $FIRST_RUNS, SQLite) | $FIRST_MEDIAN | | ≤ 5000 ms | $(verdict le "$FIRST_MEDIAN" 5000) |"
  echo
  echo "First-start runs (ms): $(paste -sd' ' "$TMP/first.ms")."
  for db in $DATABASES; do
    echo
    echo "## $db"
    echo
    echo "Seeding (\`biotope $( [ "$db" = sqlite ] && echo '--data-dir D' || echo '--database CONN') seed --synthetic $ORGS --random-seed $SEED\` into a new, empty database: migrations, then the synthetic rows; \`seed\` never loads the demo data): $(cat "$TMP/$db.seed-ms") ms wall clock. The command said: \`$(tail -n 1 "$TMP/$db.seed.txt")\`"
    echo
    echo "Server started with \`--no-demo\`; healthy $(cat "$TMP/$db.healthy-ms") ms after launch. Peak RSS after the latency client: $(kb_to_mb "$(cat "$TMP/$db.hwm-after-latency")") MB; after wrk: $(kb_to_mb "$(cat "$TMP/$db.hwm")") MB (RSS at the end $(kb_to_mb "$(cat "$TMP/$db.rss")") MB)."
    echo
    cat "$TMP/$db.latency.md"
    echo
    echo "Throughput, \`wrk -t2 -c4 -d$WRK_TIME --latency\`:"
    echo
    echo "| endpoint | req/s | % of /healthz |"
    echo "|---|---:|---:|"
    echo "| \`/api/v1/organizations?q=liege\` | $(cat "$TMP/$db.rps-search") | $(ratio "$(cat "$TMP/$db.rps-search")" "$(cat "$TMP/$db.rps-healthz")") |"
    echo "| the 200-query mix (\`bench/mix.lua\`) | $(cat "$TMP/$db.rps-mix") | $(ratio "$(cat "$TMP/$db.rps-mix")" "$(cat "$TMP/$db.rps-healthz")") |"
    echo "| \`/healthz\` | $(cat "$TMP/$db.rps-healthz") | 100 |"
    for name in search mix healthz; do
      echo
      echo "<details><summary>wrk output: $name</summary>"
      echo
      echo '```text'
      cat "$TMP/$db.wrk-$name.txt"
      echo '```'
      echo
      echo "</details>"
    done
  done
} >"$REPORT"
cat "$REPORT"
