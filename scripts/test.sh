#!/usr/bin/env bash
# Runs the test suites: `all`, or one of lint, unit, db, http, e2e.
# Database tests run on SQLite always, and on PostgreSQL when TEST_POSTGRES_URL is set
# (each test creates and drops its own database there).
set -euo pipefail
cd "$(dirname "$0")/.."
suite="${1:-all}"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

lint() {
  say "formatting"
  cargo fmt --all -- --check
  say "clippy (ssr: app, demo and server)"
  cargo clippy -p server -p app -p demo --features app/ssr,app/testing --all-targets -- -D warnings
  say "clippy (hydrate: app and frontend, wasm32)"
  cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
}

unit() {
  say "unit tests"
  cargo test -p app -p demo --features app/ssr --lib
}

db() {
  if [[ -n "${TEST_POSTGRES_URL:-}" ]]; then
    say "database tests (SQLite and PostgreSQL)"
  else
    say "database tests (SQLite; set TEST_POSTGRES_URL to add PostgreSQL)"
  fi
  cargo test -p app --features ssr,testing --test db --test events --test follows --test public_changes --test search
  cargo test -p demo --test seed
}

http() {
  say "HTTP tests"
  cargo test -p server
}

e2e() {
  say "end-to-end tests (Playwright, JavaScript on and off)"
  [[ -x target/release/server ]] || { echo "error: run make build first" >&2; exit 1; }
  (cd end2end && npx playwright test)
}

case "$suite" in
  all) lint; unit; db; http; e2e ;;
  lint|unit|db|http|e2e) "$suite" ;;
  *) echo "usage: $0 [all|lint|unit|db|http|e2e]" >&2; exit 2 ;;
esac
say "all good"
