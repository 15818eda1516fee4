#!/usr/bin/env bash
# Runs the test suites: `all`, or one of lint, unit, db, http, cluster, e2e. Each suite's
# time is printed at the end.
# Database tests run on SQLite always, and on PostgreSQL when TEST_POSTGRES_URL is set
# (each test creates and drops its own database there).
set -euo pipefail
cd "$(dirname "$0")/.."
suite="${1:-all}"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

lint() {
  say "formatting"
  cargo fmt --all -- --check
  say "clippy (ssr: core, domain, app, server, demo and test-support)"
  cargo clippy -p passeurs-core -p passeurs-domain -p app -p server -p demo -p passeurs-test-support --features app/ssr --all-targets -- -D warnings
  say "clippy (hydrate: app and frontend, wasm32)"
  cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
}

unit() {
  say "unit tests"
  cargo test -p passeurs-core -p passeurs-domain -p app -p demo -p passeurs-test-support --features app/ssr --lib
}

db() {
  if [[ -n "${TEST_POSTGRES_URL:-}" ]]; then
    say "database tests (SQLite and PostgreSQL)"
  else
    say "database tests (SQLite; set TEST_POSTGRES_URL to add PostgreSQL)"
  fi
  cargo test -p passeurs-domain --test db
  cargo test -p demo --test seed
}

http() {
  say "HTTP tests"
  cargo test -p server --lib --bins --test http --test docs
}

cluster() {
  say "cluster and fault tests (release servers, nginx, PostgreSQL of their own, moto)"
  [[ -x target/release/server ]] || { echo "error: run make build first" >&2; exit 1; }
  # One at a time: each starts its own PostgreSQL and servers on this machine's two cores.
  cargo test -p server --test cluster -- --test-threads=1
}

e2e() {
  say "end-to-end tests (Playwright, JavaScript on and off)"
  [[ -x target/release/server ]] || { echo "error: run make build first" >&2; exit 1; }
  (cd end2end && npx playwright test)
}

timings=()
timed() {
  local started=$SECONDS
  "$1"
  timings+=("$(printf '%-8s %4d s' "$1" $((SECONDS - started)))")
}

case "$suite" in
  all) for s in lint unit db http cluster e2e; do timed "$s"; done ;;
  lint|unit|db|http|cluster|e2e) timed "$suite" ;;
  *) echo "usage: $0 [all|lint|unit|db|http|cluster|e2e]" >&2; exit 2 ;;
esac
say "all good"
printf '  %s\n' "${timings[@]}"
