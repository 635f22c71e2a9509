#!/usr/bin/env bash
# The example, end to end: build, start the development database, migrate with live
# progress, show status and the (empty) diff. Start over with `target/debug/dibs db reset`.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --locked -p dibs-cli -p my-app-db
url=$(target/debug/dibs db start)
echo "development database: $url"
target/debug/my-app-db migrate --database-url "$url"
target/debug/my-app-db status --database-url "$url"
target/debug/my-app-db diff --database-url "$url"
