# Sourced by the corpus scripts: builds a database from empty with the SQL `dibs diff`
# generates against a reference database, then checks that a second diff is empty and
# that `pg_dump --schema-only` of both is the same. Needs $DIBS and a cluster (cluster.sh).

# $DIBS, or the release build of the CLI.
dibs_binary() {
  if [ -z "${DIBS:-}" ]; then
    cargo build --release --locked -p dibs-cli >/dev/null 2>&1
    DIBS=$PWD/target/release/dibs
  fi
}

# Dump of a database's schema without the lines that name the database or the tool version.
dump() { pg_dump --schema-only --no-owner --no-privileges -d "$1" | grep -v '^-- Dumped \|^SELECT pg_catalog.set_config\|^\\restrict \|^\\unrestrict ' ; }

# check NAME REFERENCE_DB: prints one Markdown row.
converge_row() {
  local name=$1 ref=$2 ours="ours_$1" sql status statements unhandled after tables
  createdb "$ours"
  sql=$($DIBS diff --from "$(url "$ours")" --to "$(url "$ref")" 2>/tmp/corpus-$name.err) && status=0 || status=$?
  unhandled=$(grep -c '^not handled' /tmp/corpus-$name.err || true)
  statements=$(grep -c ';$' <<<"$sql" || true)
  tables=$(psql -tAq -d "$ref" -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r','p') AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'")
  if [ "$status" = 0 ]; then
    echo "| $name | $tables | 0 | empty schema | $unhandled |"
    return
  fi
  if [ "$status" != 2 ]; then
    echo "| $name | $tables | $statements | error (exit $status): $(head -n 2 /tmp/corpus-$name.err | tr '\n|' '  ' | cut -c1-160) | $unhandled |"
    return
  fi
  if ! psql -q -v ON_ERROR_STOP=1 -d "$ours" <<<"$sql" >/tmp/corpus-$name.apply 2>&1; then
    echo "| $name | $tables | $statements | apply failed: $(grep ERROR /tmp/corpus-$name.apply | head -n 1 | tr '|' ' ' | cut -c1-160) | $unhandled |"
    return
  fi
  after=$($DIBS diff --from "$(url "$ours")" --to "$(url "$ref")" 2>/dev/null) && status=0 || status=$?
  if [ "$status" != 0 ]; then
    echo "| $name | $tables | $statements | NOT converged: $(head -n 2 <<<"$after" | tr '\n|' '  ' | cut -c1-160) | $unhandled |"
    return
  fi
  if diff <(dump "$ref") <(dump "$ours") >/tmp/corpus-$name.dumpdiff; then
    echo "| $name | $tables | $statements | converged, pg_dump equal | $unhandled |"
  else
    echo "| $name | $tables | $statements | converged, pg_dump differs ($(grep -c '^[<>]' /tmp/corpus-$name.dumpdiff) lines) | $unhandled |"
  fi
}
