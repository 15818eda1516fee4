#!/usr/bin/env bash
# Migrates, loads the demo data into an empty database and serves (make run).
# The server reads .env itself (if present).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p data
target/release/server migrate
target/release/demo seed
exec target/release/server serve
