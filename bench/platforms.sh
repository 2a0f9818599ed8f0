#!/usr/bin/env bash
# Technology platforms benchmark (issue 4): on SQLite and on a throw-away PostgreSQL, seeds 50 instruments with a
# year of bookings (about 100,000), then through the real API measures week availability latency, the busiest
# organization's monthly statement, and booking creation by 16 concurrent clients on one instrument (with the
# overlap check). Prints one Markdown table per database; exits non-zero if any run finds an overlap.
#
#   bench/platforms.sh [biotope-bench-platforms options]     e.g. --clients 16 --attempts 150; --help lists them
#
# Environment: BENCH_DATABASES ["sqlite postgres"], BIOTOPE_PG_BIN [newest /usr/lib/postgresql/*/bin].
# Needs: the .NET 10 SDK, and for PostgreSQL the postgresql-15 package.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJECT="$ROOT/bench/Biotope.Bench.Platforms"
DATABASES="${BENCH_DATABASES:-sqlite postgres}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

die() { printf 'bench/platforms.sh: %s\n' "$*" >&2; exit 1; }
command -v dotnet >/dev/null 2>&1 || die "dotnet is missing (.NET 10 SDK)"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/biotope-bench-platforms.XXXXXX")"
# shellcheck source=bench/postgres.sh
. "$ROOT/bench/postgres.sh"
cleanup() { local status=$?; stop_postgres; rm -rf "$TMP"; exit "$status"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

printf '==> building Release\n' >&2
dotnet build "$PROJECT" -c Release --nologo -v quiet >&2
BENCH=(dotnet "$PROJECT/bin/Release/net10.0/biotope-bench-platforms.dll")

echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -n1); $(date -u '+%Y-%m-%d %H:%M UTC')"
status=0
for DB in $DATABASES; do
  echo
  case "$DB" in
    sqlite)
      printf '==> SQLite\n' >&2
      "${BENCH[@]}" --data-dir "$TMP/sqlite" "$@" || status=1
      ;;
    postgres)
      printf '==> PostgreSQL: initdb and start\n' >&2
      start_postgres "$TMP/pg"
      echo "PostgreSQL $("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -At -c 'SHOW server_version'), settings: $PG_OPTIONS"
      "${BENCH[@]}" --database "$PG_CONN" "$@" || status=1
      stop_postgres
      ;;
    *) die "unknown database '$DB' in BENCH_DATABASES (sqlite, postgres)" ;;
  esac
done
exit "$status"
