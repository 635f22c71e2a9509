#!/usr/bin/env bash
# Corpus check (not part of `cargo test`): real schemas from Debian packages (zabbix,
# icinga2-ido, kamailio, pdns), each built from an empty database with the SQL that
# `dibs diff` generates, then diffed again: convergence means the second diff is empty
# and `pg_dump --schema-only` of both databases is the same.
# Packages are fetched with apt at run time. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/cluster.sh
source scripts/corpus-check.sh

dibs_binary
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
  converge_row "$name" "ref_$name"
}

echo "| schema | tables | statements | result | objects not handled (policies, rules, …) |"
echo "| --- | ---: | ---: | --- | ---: |"
check zabbix "$X/zabbix-server-pgsql/schema.sql.gz"
check icinga "$X/icinga2-ido-pgsql/schema/pgsql.sql"
kamailio=("$X/kamailio/postgres/standard-create.sql")
for f in "$X"/kamailio/postgres/*-create.sql; do
  [ "$(basename "$f")" = standard-create.sql ] || kamailio+=("$f")
done
check kamailio "${kamailio[@]}"
check pdns "$X/pdns-backend-pgsql/schema/schema.pgsql.sql"
