#!/usr/bin/env bash
# Benchmark: `dibs diff --from --to` against migra and `pg_dump --schema-only`, on
# zabbix's schema loaded into 10 schemas of one database (1730 tables), with a small
# change in a copy. Prints a Markdown table with ratios. Needs: pip install migra psycopg2-binary.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/cluster.sh
RUNS=${RUNS:-3}

cargo build --release --locked -p dibs-cli >/dev/null 2>&1
DIBS=target/release/dibs
command -v migra >/dev/null || { echo "migra not found: pip install migra psycopg2-binary" >&2; exit 1; }
fetch_packages
start_cluster

createdb zbx_a
for i in $(seq 0 9); do
  { echo "CREATE SCHEMA s$i; SET search_path = s$i;"; zcat "$PKG_DIR/x/usr/share/zabbix-server-pgsql/schema.sql.gz"; } \
    | psql -q -v ON_ERROR_STOP=1 -d zbx_a >/dev/null
done
createdb zbx_b -T zbx_a
psql -q -d zbx_b -c "ALTER TABLE s3.hosts ADD COLUMN bench_note text; CREATE INDEX bench_idx ON s7.items (name);"
tables=$(psql -tAq -d zbx_a -c "SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relnamespace::regnamespace::text LIKE 's_'")

schemas=()
for i in $(seq 0 9); do schemas+=(--schema "s$i"); done
# Sanity: both tools see the change.
# (Both exit non-zero when the databases differ, hence `|| true`.)
dibs_out=$($DIBS diff --from "$(url zbx_a)" --to "$(url zbx_b)" "${schemas[@]}" 2>/dev/null || true)
migra_out=$(migra --unsafe "postgresql+psycopg2://postgres@127.0.0.1:$PG_PORT/zbx_a" "postgresql+psycopg2://postgres@127.0.0.1:$PG_PORT/zbx_b" || true)
grep -q bench_note <<<"$dibs_out" || { echo "dibs missed the change: $dibs_out" >&2; exit 1; }
grep -q bench_note <<<"$migra_out" || { echo "migra missed the change" >&2; exit 1; }
echo "dibs output:"; echo "$dibs_out"; echo

d=(); m=(); p=()
for _ in $(seq "$RUNS"); do
  d+=("$(millis $DIBS diff --from "$(url zbx_a)" --to "$(url zbx_b)" "${schemas[@]}")")
  m+=("$(millis migra --unsafe "postgresql+psycopg2://postgres@127.0.0.1:$PG_PORT/zbx_a" "postgresql+psycopg2://postgres@127.0.0.1:$PG_PORT/zbx_b")")
  p+=("$(millis pg_dump --schema-only -d zbx_a)")
done
dm=$(median "${d[@]}"); mm=$(median "${m[@]}"); pm=$(median "${p[@]}")
echo "| tool | median ms ($RUNS runs, $tables tables) | ratio to dibs |"
echo "| --- | ---: | ---: |"
echo "| dibs diff --from --to | $dm | 1.00 |"
awk -v d="$dm" -v m="$mm" -v p="$pm" 'BEGIN {
  printf "| migra | %d | %.2f |\n", m, m / d;
  printf "| pg_dump --schema-only (one database) | %d | %.2f |\n", p, p / d;
  printf "\ndibs / migra = %.3f (target <= 0.05); dibs / pg_dump = %.2f (target <= 1.00)\n", d / m, d / p }'
