#!/usr/bin/env bash
# Stress corpus (not part of `cargo test`, minutes): each PostgreSQL regression-suite SQL
# file shipped in the pglast sdist is run into its own database (errors ignored: the files
# expect the regression suite's setup), and whatever it leaves behind is rebuilt from an
# empty database with dibs's SQL (see corpus-check.sh). Prints a Markdown row per file and
# a count per result. `FILES="views triggers"` limits the run to some files.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/cluster.sh
source scripts/corpus-check.sh

dibs_binary
SRC=${DIBS_PGLAST_DIR:-/tmp/dibs-pglast}
if [ ! -d "$SRC/regress" ]; then
  mkdir -p "$SRC"
  # The sdist straight from PyPI: `pip download --no-binary :all:` builds Cython from
  # source for the build environment first, which takes longer than the whole corpus.
  url=$(curl -sSf https://pypi.org/pypi/pglast/json | python3 -c \
    'import json, sys; print(next(u["url"] for u in json.load(sys.stdin)["urls"] if u["packagetype"] == "sdist"))')
  case "$url" in http*) ;; *) url="https://pypi.org/${url#../../}" ;; esac
  (cd "$SRC" && curl -sSfL -o pglast.tar.gz "$url" && tar xzf pglast.tar.gz \
     && mv pglast-*/libpg_query/test/sql/postgres_regress regress)
fi
start_cluster

echo "| file | tables | statements | result | objects not handled |"
echo "| --- | ---: | ---: | --- | ---: |"
files=${FILES:-$(ls "$SRC/regress" | sed 's/\.sql$//')}
for name in $files; do
  db="ref_$(tr -c 'a-z0-9_\n' '_' <<<"$name")"
  createdb "$db"
  PGOPTIONS="-c client_min_messages=error -c statement_timeout=10s" \
    timeout 120 psql -q -X -d "$db" -f "$SRC/regress/$name.sql" >/dev/null 2>&1 || true
  converge_row "$(tr -c 'a-z0-9_\n' '_' <<<"$name")" "$db" || echo "| $name | | | script error | |"
done | tee /tmp/corpus-regress.md
echo
echo "| result | files |"
echo "| --- | ---: |"
cut -d'|' -f5 /tmp/corpus-regress.md | sed 's/ (.*//; s/:.*//; s/^ *//; s/ *$//' | sort | uniq -c \
  | awk '{n=$1; $1=""; sub(/^ /, ""); print "| " $0 " | " n " |"}'
