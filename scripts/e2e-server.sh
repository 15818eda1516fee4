#!/usr/bin/env bash
# The server the Playwright suite talks to: the release build, on a fresh temporary SQLite
# database with the demo data, removed when the server stops.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-3100}"
tmp="$(mktemp -d -t passeurs-e2e.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
export DATABASE_URL="sqlite:$tmp/passeurs.db"
export MEDIA_DIR="$tmp/media"
export LEPTOS_SITE_ADDR="127.0.0.1:$port"
export PUBLIC_URL="http://127.0.0.1:$port"
export RUST_LOG="${RUST_LOG:-warn}"
target/release/server seed-demo
target/release/server serve &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$tmp"' EXIT TERM INT
wait $server
