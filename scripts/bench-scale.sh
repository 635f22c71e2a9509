#!/usr/bin/env bash
# Scale run: `dibs diff --from --to` on zabbix's schema (with its functions and triggers)
# loaded into 10 and into 60 schemas of one database (≈1730 and ≈10,000 tables), against a
# copy with one column and one index added. Prints wall time (median of RUNS) and peak
# memory of the CLI for each size, and how time grew against the size.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/cluster.sh
RUNS=${RUNS:-3}
SIZES=${SIZES:-"10 60"}

if [ -z "${DIBS:-}" ]; then
  cargo build --release --locked -p dibs-cli >/dev/null 2>&1
  DIBS=target/release/dibs
fi
fetch_packages
start_cluster

echo "| schemas | tables | functions + triggers | median ms ($RUNS runs) | peak RSS MiB |"
echo "| ---: | ---: | ---: | ---: | ---: |"
first_ms=""; first_n=""
for n in $SIZES; do
  createdb "scale_a_$n"
  for i in $(seq 1 "$n"); do
    { echo "CREATE SCHEMA s$i; SET search_path = s$i;"; zcat "$PKG_DIR/x/usr/share/zabbix-server-pgsql/schema.sql.gz"; } \
      | psql -q -v ON_ERROR_STOP=1 -d "scale_a_$n" >/dev/null
  done
  createdb "scale_b_$n" -T "scale_a_$n"
  psql -q -d "scale_b_$n" -c "ALTER TABLE s1.hosts ADD COLUMN bench_note text; CREATE INDEX bench_idx ON s2.items (name);"
  tables=$(psql -tAq -d "scale_a_$n" -c "SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relnamespace::regnamespace::text LIKE 's%'")
  objects=$(psql -tAq -d "scale_a_$n" -c "SELECT (SELECT count(*) FROM pg_proc WHERE pronamespace::regnamespace::text LIKE 's%') + (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal)")
  out=$($DIBS diff --from "$(url scale_a_$n)" --to "$(url scale_b_$n)" 2>/dev/null || true)
  grep -q bench_note <<<"$out" || { echo "dibs missed the change at $n schemas" >&2; exit 1; }
  times=(); rss=0
  for _ in $(seq "$RUNS"); do
    times+=("$(millis $DIBS diff --from "$(url scale_a_$n)" --to "$(url scale_b_$n)")")
    /usr/bin/time -f '%M' -o /tmp/bench-scale-rss $DIBS diff --from "$(url scale_a_$n)" --to "$(url scale_b_$n)" >/dev/null 2>&1 || true
    kb=$(tail -n 1 /tmp/bench-scale-rss)
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  ms=$(median "${times[@]}")
  echo "| $n | $tables | $objects | $ms | $((rss / 1024)) |"
  if [ -z "$first_ms" ]; then first_ms=$ms; first_n=$n; fi
  last_ms=$ms; last_n=$n
  dropdb "scale_a_$n"; dropdb "scale_b_$n"
done
awk -v a="$first_ms" -v b="$last_ms" -v m="$first_n" -v n="$last_n" 'BEGIN {
  if (n != m) printf "\ntime grew %.2fx for %.1fx the schema (linear or better when the first is at most the second)\n", b / a, n / m }'
