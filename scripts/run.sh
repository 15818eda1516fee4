#!/usr/bin/env bash
# Migrates, loads the demo data into an empty database and serves (make run).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f .env ]] && set -a && source .env && set +a
mkdir -p data
target/release/server migrate
target/release/server seed-demo
exec target/release/server serve
