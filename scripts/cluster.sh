# Sourced by the benchmark and corpus scripts: a throwaway PostgreSQL cluster on a free
# port, removed on exit. As root, the server runs as the postgres user.
set -euo pipefail

pg_bin() {
  if [ -n "${DIBS_PG_BIN:-}" ]; then echo "$DIBS_PG_BIN"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_server_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_cluster() {
  PG_BIN=$(pg_bin)
  [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL server binaries not found: apt-get install postgresql, or set DIBS_PG_BIN" >&2; exit 1; }
  PG_DIR=$(mktemp -d /tmp/dibs-script-XXXXXX)
  chmod 755 "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres: "$PG_DIR"
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_server_user "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync -E UTF8 --locale=C >/dev/null
  as_server_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_locks_per_transaction=1024" start >/dev/null
  trap stop_cluster EXIT
  export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=postgres PGOPTIONS="-c client_min_messages=warning"
}

stop_cluster() {
  as_server_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}

url() { echo "postgres://postgres@127.0.0.1:$PG_PORT/$1"; }

# Time taken by a command (its output discarded), in units of $1 nanoseconds.
elapsed() {
  local unit=$1 start end
  shift
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo $(( (end - start) / unit ))
}

# Milliseconds taken by a command.
millis() { elapsed 1000000 "$@"; }

# Median of the given numbers.
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Fetches and unpacks the Debian packages whose schemas the scripts use.
fetch_packages() {
  PKG_DIR=${DIBS_PKG_DIR:-/tmp/dibs-packages}
  if [ ! -d "$PKG_DIR/x/usr/share/zabbix-server-pgsql" ]; then
    mkdir -p "$PKG_DIR"
    (cd "$PKG_DIR" && apt-get download zabbix-server-pgsql icinga2-ido-pgsql kamailio-postgres-modules pdns-backend-pgsql >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null && apt-get download zabbix-server-pgsql icinga2-ido-pgsql kamailio-postgres-modules pdns-backend-pgsql >/dev/null; })
    for deb in "$PKG_DIR"/*.deb; do dpkg -x "$deb" "$PKG_DIR/x"; done
  fi
}
