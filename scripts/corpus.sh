#!/usr/bin/env bash
# Corpus check (not part of `cargo test`): real schemas from Debian packages (zabbix,
# icinga2-ido, kamailio, pdns), each built from an empty database with the SQL that
# `dibs diff` generates, then diffed again: convergence means the second diff is empty.
# Packages are fetched with apt at run time. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/cluster.sh

cargo build --release --locked -p dibs-cli >/dev/null 2>&1
DIBS=$PWD/target/release/dibs
fetch_packages
start_cluster
X=$PKG_DIR/x/usr/share

load() { # database, then SQL files (gz allowed)
  local db=$1; shift
  createdb "$db"
  for f in "$@"; do
    if [[ $f == *.gz ]]; then zcat "$f"; else cat "$f"; fi
  done | psql -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null
}

check() { # name, then SQL files
  local name=$1; shift
  load "ref_$name" "$@"
  createdb "ours_$name"
  local sql status tables statements unhandled after
  sql=$($DIBS diff --from "$(url ours_$name)" --to "$(url ref_$name)" 2>/tmp/corpus-$name.err) && status=0 || status=$?
  unhandled=$(grep -c '^not handled' /tmp/corpus-$name.err || true)
  statements=$(grep -c ';$' <<<"$sql" || true)
  tables=$(psql -tAq -d "ref_$name" -c "SELECT count(*) FROM pg_class WHERE relkind IN ('r','p') AND relnamespace = 'public'::regnamespace")
  if [ "$status" != 2 ]; then
    echo "| $name | $tables | $statements | error (exit $status): $(head -n 3 /tmp/corpus-$name.err | tr '\n' ' ') | |"
    return
  fi
  if ! psql -q -v ON_ERROR_STOP=1 -d "ours_$name" <<<"$sql" >/tmp/corpus-$name.apply 2>&1; then
    echo "| $name | $tables | $statements | apply failed: $(grep ERROR /tmp/corpus-$name.apply | head -n 1) | $unhandled |"
    return
  fi
  after=$($DIBS diff --from "$(url ours_$name)" --to "$(url ref_$name)" 2>/dev/null) && status=0 || status=$?
  if [ "$status" = 0 ]; then
    echo "| $name | $tables | $statements | converged | $unhandled |"
  else
    echo "| $name | $tables | $statements | NOT converged: $(head -n 3 <<<"$after" | tr '\n' ' ') | $unhandled |"
  fi
}

echo "| schema | tables | statements | result | objects not handled (functions, triggers, …) |"
echo "| --- | ---: | ---: | --- | ---: |"
check zabbix "$X/zabbix-server-pgsql/schema.sql.gz"
check icinga "$X/icinga2-ido-pgsql/schema/pgsql.sql"
kamailio=("$X/kamailio/postgres/standard-create.sql")
for f in "$X"/kamailio/postgres/*-create.sql; do
  [ "$(basename "$f")" = standard-create.sql ] || kamailio+=("$f")
done
check kamailio "${kamailio[@]}"
check pdns "$X/pdns-backend-pgsql/schema/schema.pgsql.sql"
