# Sourced by the bench scripts: a throw-away PostgreSQL server with the tests' settings, in a folder of the caller's.
#   start_postgres DIR   initdb into DIR/data and start on a free loopback port; sets PG_BIN, PG_PORT and PG_CONN
#                        (a connection string to a new, empty database "bench")
#   stop_postgres        stops it (the caller removes DIR)
# The caller defines die().

PG_CTL=""
PG_DATA=""
AS_POSTGRES=()
[ "$(id -u)" -eq 0 ] && AS_POSTGRES=(runuser -u postgres --)

free_port() { # a port nobody listens on at 127.0.0.1
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}

start_postgres() {
  local root="$1"
  PG_BIN="${BIOTOPE_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
  [ -x "$PG_BIN/initdb" ] || die "no PostgreSQL binaries (initdb) in '$PG_BIN': apt-get install -y postgresql-15"
  PG_CTL="$PG_BIN/pg_ctl"
  mkdir -p "$root"
  chmod 755 "$(dirname "$root")" "$root" # the postgres user must reach its data folder
  [ "${#AS_POSTGRES[@]}" -gt 0 ] && chown postgres:postgres "$root"
  "${AS_POSTGRES[@]}" "$PG_BIN/initdb" -D "$root/data" -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$root/initdb.log" 2>&1 \
    || { cat "$root/initdb.log" >&2; die "initdb failed"; }
  PG_DATA="$root/data"
  PG_PORT=$(free_port)
  # The same settings as the tests' throw-away server (tests/Biotope.Tests/Infrastructure/PostgresServer.cs).
  PG_OPTIONS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c random_page_cost=1.1 -c shared_buffers=128MB -c max_connections=300"
  "${AS_POSTGRES[@]}" "$PG_CTL" -w -t 60 -D "$PG_DATA" -l "$root/log" \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $root $PG_OPTIONS" start >/dev/null \
    || { cat "$root/log" >&2; die "pg_ctl start failed"; }
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -q -c "CREATE DATABASE bench" >/dev/null
  PG_CONN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=bench"
}

stop_postgres() {
  if [ -n "$PG_DATA" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    "${AS_POSTGRES[@]}" "$PG_CTL" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  PG_DATA=""
}
