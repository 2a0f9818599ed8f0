#!/usr/bin/env bash
# How long /api/v1/auth/token takes to refuse a wrong password for a known account versus an unknown e-mail (ADR 019):
# the two should be close, since an unknown e-mail still costs one password-hash check.
#
#   bench/signin-timing.sh [ROUNDS]      default 40 rounds, each one known and one unknown attempt, alternated
#
# Uses the Debug build (run `dotnet build Biotope.slnx` first) or BIOTOPE_APP=path/to/biotope; SQLite in a temp folder.
# Each known account gets at most 4 wrong passwords, under the per-client throttle; the sign-in rate limit is
# lifted for the run (BIOTOPE_SIGNIN_RATE_LIMIT=0). Prints the median and p90 of each, in milliseconds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-40}"
APP="${BIOTOPE_APP:-$ROOT/src/Biotope/bin/Debug/net10.0/biotope}"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/biotope-timing.XXXXXX")"
PORT=$((20000 + RANDOM % 20000))
URL="http://127.0.0.1:$PORT"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

ACCOUNTS=$(((ROUNDS + 3) / 4))
for i in $(seq 1 "$ACCOUNTS"); do
  "$APP" --data-dir "$TMP/data" users add --email "timing-$i@bench.biotope.be" --role ClusterStaff --password "Timing-Pass-4242" >/dev/null
done
BIOTOPE_SIGNIN_RATE_LIMIT=0 "$APP" --data-dir "$TMP/data" --no-demo --api-rate-limit 0 --urls "$URL" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz" || true)" = "200" ] && break
  sleep 0.1
done

attempt() { # attempt EMAIL: prints the seconds the refusal took
  curl -s -o /dev/null -w '%{time_total}\n' -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"Wrong-Pass-0000\"}" "$URL/api/v1/auth/token"
}
# Warm-up: the first requests compile and open connections.
for _ in 1 2 3; do attempt "warm-up-$RANDOM@bench.biotope.be" >/dev/null; done
for r in $(seq 1 "$ROUNDS"); do
  attempt "timing-$(((r - 1) % ACCOUNTS + 1))@bench.biotope.be" >>"$TMP/known"
  attempt "nobody-$r-$RANDOM@bench.biotope.be" >>"$TMP/unknown"
done

stats() { sort -g "$1" | awk '{ v[NR] = $1 * 1000 } END { printf "median %.1f ms, p90 %.1f ms (%d attempts)", v[int((NR + 1) / 2)], v[int(NR * 0.9 + 0.5)], NR }'; }
echo "wrong password, known account: $(stats "$TMP/known")"
echo "unknown e-mail:                $(stats "$TMP/unknown")"
