#!/usr/bin/env bash
# Benchmark: `dibs status` through spawn + RPC with a prebuilt db binary, against the db
# binary's direct `status`, on the example with its migrations applied. Target <= 1.3x.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/cluster.sh
RUNS=${RUNS:-31}
cargo build --release --locked -p dibs-cli -p my-app-db >/dev/null 2>&1
root=$PWD
start_cluster
createdb status_bench
target/release/my-app-db migrate --database-url "$(url status_bench)" >/dev/null
project=$(mktemp -d)
printf '[db]\ncrate = "my-app-db"\nbinary = "%s/target/release/my-app-db"\n' "$root" > "$project/dibs.toml"
# Tenths of a millisecond: both commands take about ten milliseconds.
tenths() { elapsed 100000 "$@"; }
direct=(); rpc=()
for _ in $(seq "$RUNS"); do
  direct+=("$(tenths "$root/target/release/my-app-db" status --database-url "$(url status_bench)")")
  rpc+=("$(cd "$project" && tenths "$root/target/release/dibs" status --database-url "$(url status_bench)")")
done
# Sanity: it reported the migrations (read whole, so grep -q does not cut the pipe early).
shown=$(cd "$project" && "$root/target/release/dibs" status --database-url "$(url status_bench)")
grep -q applied <<<"$shown" || { echo "dibs status showed no applied migration: $shown" >&2; exit 1; }
dm=$(median "${direct[@]}"); rm_=$(median "${rpc[@]}")
echo "| status | median ms ($RUNS runs) | ratio to direct |"
echo "| --- | ---: | ---: |"
awk -v d="$dm" -v r="$rm_" 'BEGIN { printf "| dibs status (spawn + RPC, prebuilt binary) | %.1f | %.2f |\n| my-app-db status (direct) | %.1f | 1.00 |\n", r / 10, r / d, d / 10 }'
rm -rf "$project"
