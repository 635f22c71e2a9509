#!/usr/bin/env bash
# Importing other tools' histories, with the real tools (not part of `cargo test`: they take
# minutes to install). For each of sqlx-cli and refinery_cli (and diesel_cli when present):
#   1. the tool applies three migrations (a table, a concurrent index outside a transaction,
#      a column) to a fresh database;
#   2. `dibs import <tool>` turns them into the db crate's migrations and records them;
#   3. `dibs migrate` applies nothing; a new dibs migration then applies; `dibs diff` is empty.
# Tools are looked up in PATH and in $DIBS_TOOLS/bin (default /var/tmp/dibs-tools), where
# they can be installed once with:
#   cargo install --locked --root /var/tmp/dibs-tools sqlx-cli --no-default-features --features postgres,rustls
#   cargo install --locked --root /var/tmp/dibs-tools refinery_cli --no-default-features --features postgresql
#   cargo install --locked --root /var/tmp/dibs-tools diesel_cli --no-default-features --features postgres  # needs libpq-dev
# Prints one line per check; exits non-zero if any fails or no tool is found.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
source scripts/cluster.sh
export PATH="$PATH:${DIBS_TOOLS:-/var/tmp/dibs-tools}/bin"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
cargo build -q --locked -p dibs-cli
DIBS=$CARGO_TARGET_DIR/debug/dibs
start_cluster
FAILED=0
RAN=0

check() { # name, then a command that must succeed
  local name=$1; shift
  if "$@" >"$WORK/out" 2>&1; then echo "ok    $name"; else echo "FAIL  $name"; sed 's/^/      /' "$WORK/out"; FAILED=1; fi
}

# name, a text the output must contain, then the command (run in the project).
expect() {
  local name=$1 text=$2; shift 2
  if (cd "$WORK" && "$@") >"$WORK/out" 2>&1 && grep -q -- "$text" "$WORK/out"; then
    echo "ok    $name"
  else
    echo "FAIL  $name"; sed 's/^/      /' "$WORK/out"; FAILED=1
  fi
}

# A project whose db crate declares the table the migrations build (and the column the
# new dibs migration adds).
project() {
  WORK=$(mktemp -d /tmp/dibs-import-XXXXXX)
  mkdir -p "$WORK/imp-db/src/migrations" "$WORK/migrations"
  cat >"$WORK/Cargo.toml" <<EOF
[workspace]
members = ["imp-db"]
resolver = "2"
EOF
  cp "$ROOT/Cargo.lock" "$WORK/Cargo.lock"
  cat >"$WORK/imp-db/Cargo.toml" <<EOF
[package]
name = "imp-db"
version = "0.1.0"
edition = "2024"
[dependencies]
dibs = { path = "$ROOT/crates/dibs", features = ["migrations"] }
dibs-service = { path = "$ROOT/crates/dibs-service" }
facet = "0.46"
EOF
  cat >"$WORK/imp-db/src/main.rs" <<'EOF'
use facet::Facet;

#[derive(Facet)]
#[facet(derive(dibs::Table), dibs::table = "users")]
#[facet(dibs::index_on(columns = "email", name = "users_email"))]
pub struct User {
    #[facet(dibs::pk)]
    pub id: i64,
    pub email: String,
    pub name: Option<String>,
    pub bio: Option<String>,
}

mod migrations;

fn main() -> std::process::ExitCode {
    dibs_service::main(dibs_service::Settings::default())
}
EOF
  echo "//! Migrations, in the order of their ids." >"$WORK/imp-db/src/migrations/mod.rs"
  printf '[db]\ncrate = "imp-db"\n' >"$WORK/dibs.toml"
}

# The new migration written after the import, safe to rerun.
add_dibs_migration() {
  cat >"$WORK/imp-db/src/migrations/m20261203000000_add_user_bio.rs" <<'EOF'
use dibs::{MigrationContext, Result, migration};

#[migration("20261203000000-add-user-bio")]
async fn add_user_bio(ctx: &mut MigrationContext) -> Result<()> {
    ctx.execute("ALTER TABLE users ADD COLUMN IF NOT EXISTS bio text").await?;
    Ok(())
}
EOF
  echo "mod m20261203000000_add_user_bio;" >>"$WORK/imp-db/src/migrations/mod.rs"
}

SQL1='CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);'
SQL2='CREATE INDEX CONCURRENTLY users_email ON users (email);'
SQL3='ALTER TABLE users ADD COLUMN name text;'

apply_sqlx() {
  printf '%s\n' "$SQL1" >"$WORK/migrations/20240101120000_create_users.sql"
  printf -- '-- no-transaction\n%s\n' "$SQL2" >"$WORK/migrations/20240102120000_index_email.sql"
  printf '%s\n' "$SQL3" >"$WORK/migrations/20240103120000_add_name.up.sql"
  printf 'ALTER TABLE users DROP COLUMN name;\n' >"$WORK/migrations/20240103120000_add_name.down.sql"
  sqlx migrate run --source "$WORK/migrations" --database-url "$1"
}

apply_refinery() {
  printf '%s\n' "$SQL1" >"$WORK/migrations/V1__create_users.sql"
  # refinery_cli runs every migration in a transaction: no concurrent build here.
  printf '%s\n' "${SQL2/CONCURRENTLY /}" >"$WORK/migrations/V2__index_email.sql"
  printf '%s\n' "$SQL3" >"$WORK/migrations/V3__add_name.sql"
  DATABASE_URL=$1 refinery migrate -e DATABASE_URL -p "$WORK/migrations"
}

apply_diesel() {
  mkdir -p "$WORK/migrations/2024-01-01-120000_create_users" "$WORK/migrations/2024-01-02-120000_index_email" \
    "$WORK/migrations/2024-01-03-120000_add_name"
  printf '%s\n' "$SQL1" >"$WORK/migrations/2024-01-01-120000_create_users/up.sql"
  printf '%s\n' "$SQL2" >"$WORK/migrations/2024-01-02-120000_index_email/up.sql"
  printf 'run_in_transaction = false\n' >"$WORK/migrations/2024-01-02-120000_index_email/metadata.toml"
  printf '%s\n' "$SQL3" >"$WORK/migrations/2024-01-03-120000_add_name/up.sql"
  for d in "$WORK"/migrations/*/; do printf 'SELECT 1;\n' >"$d/down.sql"; done
  diesel migration run --migration-dir "$WORK/migrations" --database-url "$1"
}

for tool in sqlx refinery diesel; do
  binary=$tool
  if ! command -v "$binary" >/dev/null; then
    echo "skip  $tool: $binary not installed (see the top of this script)"
    continue
  fi
  RAN=1
  project
  db="import_$tool"
  createdb "$db"
  url=$(url "$db")
  check "$tool applies its migrations" "apply_$tool" "$url"
  expect "dibs import $tool records what $tool applied" "Recorded 3 migration(s)" \
    "$DIBS" import "$tool" --dir migrations --database-url "$url"
  expect "dibs migrate then runs nothing" "Nothing to apply" "$DIBS" migrate --database-url "$url"
  add_dibs_migration
  expect "a new dibs migration applies" "Applied 1 migration" "$DIBS" migrate --database-url "$url"
  expect "dibs diff is empty" "In sync" "$DIBS" diff --database-url "$url"
  rm -rf "$WORK"
done
[ "$RAN" = 1 ] || { echo "no tool found" >&2; exit 1; }
exit $FAILED
