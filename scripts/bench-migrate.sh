#!/usr/bin/env bash
# Benchmark: applying 200 generated migrations (each a table, a foreign key, an index and
# an ALTER) with dibs against sqlx-cli running the same SQL with the same guarantees (one
# transaction per migration with its history row, advisory lock), and against `psql -1`
# of all the SQL (the one-transaction floor). Then a 1M-row backfill with progress against
# one plain UPDATE. Needs: cargo install --locked sqlx-cli --no-default-features --features postgres,rustls
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/cluster.sh
N=${N:-200}
ROWS=${ROWS:-1000000}
RUNS=${RUNS:-3}
command -v sqlx >/dev/null || { echo "sqlx not found: cargo install --locked sqlx-cli --no-default-features --features postgres,rustls" >&2; exit 1; }

work=target/bench-migrate
rm -rf "$work" && mkdir -p "$work/sqlx" "$work/crate/src"
sql_of() { # migration i
  local i=$1 prev=$(( $1 - 1 ))
  echo "CREATE TABLE t$i (id bigint PRIMARY KEY, parent_id bigint$( [ "$i" -gt 1 ] && echo " REFERENCES t$prev (id)"), v text);"
  echo "CREATE INDEX t${i}_v_idx ON t$i (v);"
  echo "ALTER TABLE t$i ADD COLUMN w integer NOT NULL DEFAULT 0;"
}
: > "$work/all.sql"
{
  echo 'use dibs::{Backfill, MigrationContext, Result, migration};'
  for i in $(seq 1 "$N"); do
    sql=$(sql_of "$i")
    printf '%s\n' "$sql" > "$work/sqlx/$(printf '%014d' "$i")_m$i.sql"
    printf '%s\n' "$sql" >> "$work/all.sql"
    stamp=$(printf '2025%02d%02d%06d' $(( (i - 1) / 28 + 1 )) $(( (i - 1) % 28 + 1 )) 0)
    echo "#[migration(\"$stamp-m$i\")] async fn m$i(ctx: &mut MigrationContext) -> Result<()> { ctx.execute(r#\"$sql\"#).await?; Ok(()) }"
  done
  echo '#[migration("20991231000000-backfill")] async fn backfill(ctx: &mut MigrationContext) -> Result<()> {'
  echo '  ctx.backfill(Backfill::new("big", "id", "label = lower(name)").batch_size(10000)).await?; Ok(()) }'
  echo 'pub fn run() -> std::process::ExitCode { dibs_service::main(dibs_service::Settings::default()) }'
} > "$work/crate/src/lib.rs"
echo 'fn main() -> std::process::ExitCode { bench_db::run() }' > "$work/crate/src/main.rs"
root=$PWD
cat > "$work/crate/Cargo.toml" <<TOML
[package]
name = "bench-db"
version = "0.0.0"
edition = "2024"
[workspace]
[dependencies]
dibs = { path = "$root/crates/dibs", features = ["migrations"] }
dibs-service = { path = "$root/crates/dibs-service" }
[profile.release]
debug = false
TOML
cp Cargo.lock "$work/crate/"
(cd "$work/crate" && cargo build --release --quiet 2>/dev/null || cargo build --release)
BENCH=$work/crate/target/release/bench-db
last=$(grep -o '"2025[0-9]*-m'"$N"'"' "$work/crate/src/lib.rs" | tr -d '"')

start_cluster
d=(); s=(); p=()
for r in $(seq "$RUNS"); do
  createdb "dibs_$r"; createdb "sqlx_$r"; createdb "psql_$r"
  d+=("$(millis "$BENCH" migrate --migration "$last" --database-url "$(url dibs_$r)")")
  s+=("$(millis sqlx migrate run --source "$work/sqlx" --database-url "$(url sqlx_$r)")")
  p+=("$(millis psql -q -1 -v ON_ERROR_STOP=1 -d "psql_$r" -f "$work/all.sql")")
  [ "$(psql -tAq -d "dibs_$r" -c "SELECT count(*) FROM __dibs_migrations")" = "$N" ] || { echo "dibs did not apply $N migrations" >&2; exit 1; }
  [ "$(psql -tAq -d "sqlx_$r" -c "SELECT count(*) FROM _sqlx_migrations")" = "$N" ] || { echo "sqlx did not apply $N migrations" >&2; exit 1; }
done
dm=$(median "${d[@]}"); sm=$(median "${s[@]}"); pm=$(median "${p[@]}")
echo "| $N migrations | median ms ($RUNS runs) | ratio to sqlx-cli |"
echo "| --- | ---: | ---: |"
awk -v d="$dm" -v s="$sm" -v p="$pm" 'BEGIN {
  printf "| dibs (my-app-db migrate) | %d | %.2f |\n| sqlx migrate run | %d | 1.00 |\n| psql -1 (one transaction, no history) | %d | %.2f |\n", d, d / s, s, p, p / s;
  printf "\ndibs / sqlx-cli = %.2f (target <= 1.0); dibs / psql -1 = %.2f\n\n", d / s, d / p }'

# Backfill: 1M rows, batched with progress, against one UPDATE of the same rows.
createdb bf
psql -q -d bf -c "CREATE TABLE big (id bigint PRIMARY KEY, name text NOT NULL, label text)" \
  -c "INSERT INTO big (id, name) SELECT n, 'Name ' || n FROM generate_series(1, $ROWS) n" -c "VACUUM ANALYZE big"
createdb -T bf bf_plain
"$BENCH" migrate --migration "$last" --database-url "$(url bf)" >/dev/null
plain=$(millis psql -q -d bf_plain -c "UPDATE big SET label = lower(name)")
start=$(date +%s%N)
"$BENCH" migrate --json --database-url "$(url bf)" > "$work/backfill.jsonl"
backfill=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$(psql -tAq -d bf -c "SELECT count(*) FROM big WHERE label = lower(name)")" = "$ROWS" ] || { echo "backfill incomplete" >&2; exit 1; }
max_batch=$(grep -o '"BatchFinished":{[^}]*}' "$work/backfill.jsonl" | grep -o '"millis":[0-9]*' | cut -d: -f2 | sort -n | tail -n 1)
batches=$(grep -c '"BatchFinished"' "$work/backfill.jsonl")
echo "| backfill $ROWS rows | ms | ratio to one UPDATE |"
echo "| --- | ---: | ---: |"
awk -v b="$backfill" -v p="$plain" 'BEGIN { printf "| dibs backfill (10k-row batches, progress) | %d | %.2f |\n| UPDATE big SET label = lower(name) | %d | 1.00 |\n", b, b / p, p }'
echo
echo "$batches batches; longest batch held its row locks $max_batch ms (target < 1000)"
