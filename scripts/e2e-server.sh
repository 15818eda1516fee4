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
# The specs read the invitation mails from here.
export OUTBOX_DIR="$PWD/end2end/.state/outbox"
rm -rf "$OUTBOX_DIR"
export LEPTOS_SITE_ADDR="127.0.0.1:$port"
export PUBLIC_URL="http://127.0.0.1:$port"
export RUST_LOG="${RUST_LOG:-warn}"
# Both projects sign up from one address; the limit itself is tested over HTTP.
export SIGNUP_RATE_LIMIT=100
export JOBS_INTERVAL_SECS=2
seed_output="$(target/release/demo seed)"
echo "$seed_output"
# Credentials for the specs: the demo référent (random password printed by `demo seed`) and
# an administrator created here with a throwaway password.
referent_email="$(sed -n 's/^  adresse e-mail : //p' <<<"$seed_output")"
referent_password="$(sed -n 's/^  mot de passe   : //p' <<<"$seed_output")"
admin_password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
printf '%s\n' "$admin_password" | target/release/server create-admin --email admin@e2e.example --name "Admin E2E" >/dev/null
mkdir -p end2end/.state
cat > end2end/.state/credentials.json <<JSON
{ "referent": { "email": "$referent_email", "password": "$referent_password" },
  "admin": { "email": "admin@e2e.example", "password": "$admin_password" } }
JSON
target/release/server serve &
server=$!
# The hostile-upload spec reads the server's peak memory from /proc.
echo "$server" > end2end/.state/server.pid
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$tmp"' EXIT TERM INT
wait $server
