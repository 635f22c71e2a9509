#!/usr/bin/env bash
# PgBouncer check (not part of `cargo test`: needs `apt-get install pgbouncer`): the example's
# db binary against a real PgBouncer in transaction pooling mode, 8 runners at once.
# - `migrate` through the pooler is refused by every runner (exit 1, the message names the
#   fix: a direct connection), and nothing is applied or left locked;
# - `status` and `diff` through the pooler work (read-only, no session state);
# - 8 concurrent `migrate` over the direct connection all exit 0, each migration once.
# Prints one line per check and exits non-zero if any fails.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/cluster.sh

PGBOUNCER=${PGBOUNCER:-$(command -v pgbouncer || echo /usr/sbin/pgbouncer)}
[ -x "$PGBOUNCER" ] || { echo "pgbouncer not found: apt-get install pgbouncer, or set PGBOUNCER" >&2; exit 1; }
cargo build -q --locked -p my-app-db
DB_BIN=$PWD/target/debug/my-app-db

start_cluster
createdb app
BPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
echo '"postgres" ""' >"$PG_DIR/userlist.txt"
cat >"$PG_DIR/pgbouncer.ini" <<EOF
[databases]
* = host=127.0.0.1 port=$PG_PORT
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BPORT
unix_socket_dir =
auth_type = trust
auth_file = $PG_DIR/userlist.txt
pool_mode = transaction
default_pool_size = 4
max_client_conn = 100
logfile = $PG_DIR/pgbouncer.log
pidfile = $PG_DIR/pgbouncer.pid
EOF
[ "$(id -u)" = 0 ] && chown postgres: "$PG_DIR"/pgbouncer.ini "$PG_DIR"/userlist.txt
as_server_user "$PGBOUNCER" -d "$PG_DIR/pgbouncer.ini"
stop_all() {
  [ -f "$PG_DIR/pgbouncer.pid" ] && kill "$(cat "$PG_DIR/pgbouncer.pid")" 2>/dev/null || true
  stop_cluster
}
trap stop_all EXIT
for _ in $(seq 50); do
  psql -h 127.0.0.1 -p "$BPORT" -d app -Atc 'SELECT 1' >/dev/null 2>&1 && break
  sleep 0.1
done

POOLED="postgres://postgres@127.0.0.1:$BPORT/app"
DIRECT=$(url app)
OUT=$PG_DIR/out
mkdir -p "$OUT"
failures=0
check() { # description, then a command that succeeds when the check passes
  local what=$1; shift
  if "$@"; then echo "ok    $what"; else echo "FAIL  $what"; failures=$((failures + 1)); fi
}

eight() { # url: 8 concurrent migrate runs, exit codes in $OUT/rc.N, output in $OUT/log.N
  local target=$1 pids=() i
  for i in $(seq 8); do
    ( set +e; "$DB_BIN" migrate --database-url "$target" >"$OUT/log.$i" 2>&1; echo $? >"$OUT/rc.$i" ) &
    pids+=($!)
  done
  wait "${pids[@]}"
}
all_rc() { local want=$1 i; for i in $(seq 8); do [ "$(cat "$OUT/rc.$i")" = "$want" ] || return 1; done; }
all_say() { local text=$1 i; for i in $(seq 8); do grep -q "$text" "$OUT/log.$i" || return 1; done; }
sql() { psql -d app -Atc "$1"; }
quiet() { "$@" >/dev/null 2>&1; }

eight "$POOLED"
check "8 migrate runs through PgBouncer (transaction mode) all exit 1" all_rc 1
check "each names the pooler and the fix" all_say "direct connection to Postgres"
fold -s -w 100 "$OUT/log.1" | sed 's/^/      /'
check "nothing was applied through the pooler" test "$(sql "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" = 0
check "no advisory lock left on a pooled server connection" test "$(sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")" = 0
check "status through the pooler works" quiet "$DB_BIN" status --database-url "$POOLED"

eight "$DIRECT"
check "8 concurrent migrate runs over the direct connection all exit 0" all_rc 0
check "each migration recorded once" test "$(sql "SELECT count(*) = count(DISTINCT id) AND count(*) = 7 FROM __dibs_migrations")" = t
check "no INVALID index" test "$(sql "SELECT count(*) FROM pg_index WHERE NOT indisvalid")" = 0
diff_rc=0
"$DB_BIN" diff --database-url "$POOLED" >"$OUT/diff" 2>&1 || diff_rc=$?
check "diff through the pooler reports in sync (exit 0)" test "$diff_rc" = 0
[ "$diff_rc" = 0 ] || sed 's/^/      /' "$OUT/diff"
exit "$failures"
