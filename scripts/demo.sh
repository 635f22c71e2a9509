#!/usr/bin/env bash
# The example, end to end: build the dibs CLI, start the development database, and let
# dibs build the example's db crate (my-app-db), run its migrations with live progress,
# and show their status and the (empty) diff. Start over with `target/debug/dibs db reset`.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --locked -p dibs-cli
dibs=target/debug/dibs
echo "development database: $($dibs db start)"
$dibs migrate
$dibs status
$dibs diff
