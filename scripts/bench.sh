#!/usr/bin/env bash
# make bench: throughput of the sheet page and the home page against ceilings (bare axum
# handlers answering the same sheet bytes from memory): as a plain client asks, as a browser
# asks (Accept-Encoding: br, gzip) and as a browser revisits (If-None-Match: 304); then
# the delay of a change from one server to another, sign-ups per second, the memory of a
# server under a flood of distinct searches (scripts/bench/flood.sh) and the WASM bundle
# size.
# Runs the release server on a fresh SQLite database with the demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
port=3200
ceiling_port=3299
tmp="$(mktemp -d -t passeurs-bench.XXXXXX)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

cargo build --release -p server --example ceiling

export DATABASE_URL="sqlite:$tmp/bench.db" MEDIA_DIR="$tmp/media" LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn
# One machine sends every sign-up: no per-address limit here. Mail goes to a scratch outbox.
export SIGNUP_RATE_LIMIT=0 OUTBOX_DIR="$tmp/outbox"
seed_output="$(target/release/demo seed)"
referent_email="$(sed -n 's/^  adresse e-mail : //p' <<<"$seed_output")"
referent_password="$(sed -n 's/^  mot de passe   : //p' <<<"$seed_output")"
target/release/server serve >"$tmp/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

sheet="http://127.0.0.1:$port/actions/ambassadeurs-passeurs-loire-atlantique"
target/release/examples/ceiling "$sheet" "127.0.0.1:$ceiling_port" >"$tmp/ceiling.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$ceiling_port/" >/dev/null && break; sleep 0.1; done

ceiling="http://127.0.0.1:$ceiling_port"
# Same bytes? Each ceiling must serve exactly what the sheet page serves.
cmp -s <(curl -fs "$sheet") <(curl -fs "$ceiling/") \
  || { echo "error: the ceiling does not serve the sheet's bytes" >&2; exit 1; }
cmp -s <(curl -fs -H 'Accept-Encoding: br, gzip' "$sheet") <(curl -fs "$ceiling/br") \
  || { echo "error: the brotli ceiling does not serve the sheet's brotli bytes" >&2; exit 1; }
# …status and headers included (but for Date): the ceiling replays whole responses.
headers_of() { curl -s -D - -o /dev/null "$@" | tr -d '\r' | grep -vi '^date:' | sort; }
same_headers() { # what; server curl options…; -- ceiling URL
  local what="$1" ceiling_url="${*: -1}" server_headers
  shift; set -- "${@:1:$#-2}"
  server_headers="$(headers_of "$@")"
  [[ "$server_headers" == *HTTP/1.1* ]] || { echo "error: no answer for the $what headers" >&2; exit 1; }
  [[ "$server_headers" == "$(headers_of "$ceiling_url")" ]] \
    || { echo "error: the $what ceiling does not send the sheet's status and headers" >&2; exit 1; }
}
same_headers plain "$sheet" -- "$ceiling/"
same_headers brotli -H 'Accept-Encoding: br, gzip' "$sheet" -- "$ceiling/br"
etag="$(curl -fs -D - -o /dev/null -H 'Accept-Encoding: br, gzip' "$sheet" | sed -n 's/^[Ee][Tt]ag: \(.*\)\r$/\1/p')"
[[ -n "$etag" ]] || { echo "error: the sheet page has no ETag" >&2; exit 1; }
[[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept-Encoding: br, gzip' -H "If-None-Match: $etag" "$sheet")" == 304 ]] \
  || { echo "error: a revisit with the ETag does not get 304" >&2; exit 1; }
same_headers revisit -H 'Accept-Encoding: br, gzip' -H "If-None-Match: $etag" "$sheet" -- "$ceiling/304"

measure() { # name url [wrk header options…] -> prints a line, sets RPS
  local out rps p50 p99 name="$1" url="$2"
  shift 2
  out="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url")"
  rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  if grep -q "Non-2xx" <<<"$out"; then echo "error: $name answered errors during the run" >&2; exit 1; fi
  printf '%-26s %12s req/s   p50 %-9s p99 %-9s\n' "$name" "$rps" "$p50" "$p99"
  RPS="$rps"
}

echo
echo "HTTP throughput (wrk, 2 threads, $CONNECTIONS connections, $DURATION each, same machine)"
browser=(-H 'Accept-Encoding: br, gzip')
measure "sheet page (plain)" "$sheet"; plain_rps="$RPS"
measure "ceiling (plain)" "$ceiling/"; plain_ceiling="$RPS"
measure "sheet page (br, gzip)" "$sheet" "${browser[@]}"; br_rps="$RPS"
measure "ceiling (brotli bytes)" "$ceiling/br" "${browser[@]}"; br_ceiling="$RPS"
measure "sheet revisit (304)" "$sheet" "${browser[@]}" -H "If-None-Match: $etag"; revisit_rps="$RPS"
measure "ceiling (304)" "$ceiling/304" "${browser[@]}" -H "If-None-Match: $etag"; revisit_ceiling="$RPS"
measure "home page (br, gzip)" "http://127.0.0.1:$port/" "${browser[@]}"
ratio() { awk -v s="$2" -v c="$3" -v n="$1" 'BEGIN { printf "%-26s %12.2f   (target >= 0.80)\n", n, s / c }'; }
ratio "plain / ceiling" "$plain_rps" "$plain_ceiling"
ratio "browser / ceiling" "$br_rps" "$br_ceiling"
ratio "revisit / ceiling" "$revisit_rps" "$revisit_ceiling"

echo
echo "Several servers: a change through one, served by the other (two release servers behind"
echo "nginx on a PostgreSQL of their own, polling off: PostgreSQL's NOTIFY only)"
if cargo test -q -p server --test cluster -- --ignored --exact delay::cross_server_delay --nocapture \
    >"$tmp/delay.log" 2>&1; then
  grep '^cross-server delay' "$tmp/delay.log"
else
  cat "$tmp/delay.log" >&2; echo "error: cannot measure the cross-server delay" >&2; exit 1
fi

echo
echo "Sign-ups (wrk, 2 threads, $CONNECTIONS connections, $DURATION, SQLite, capacity-limited event)"
slug=ambassadeurs-passeurs-loire-atlantique
base="http://127.0.0.1:$port"
cookie="$(curl -fs -D - -o /dev/null -X POST "$base/api/login" \
  --data-urlencode "email=$referent_email" --data-urlencode "password=$referent_password" \
  | sed -n 's/^[Ss]et-[Cc]ookie: \(passeurs_session=[^;]*\).*/\1/p')"
[[ -n "$cookie" ]] || { echo "error: cannot log in as the demo référent" >&2; exit 1; }
capacity=5000
starts="$(date -d '+30 days' '+%Y-%m-%dT19:00')"
event_id="$(curl -fs -X POST "$base/api/create_event" -H "Cookie: $cookie" \
  --data-urlencode "action_id=$(curl -fs -H "Cookie: $cookie" "$base/actions/$slug" | sed -n 's/.*name="action_id" value="\([0-9]*\)".*/\1/p' | head -n1)" \
  --data-urlencode "event[title]=Banquet du banc d'essai" \
  --data-urlencode "event[starts_at]=$starts" --data-urlencode "event[place]=Salle des fêtes" \
  --data-urlencode "event[capacity]=$capacity")"
[[ "$event_id" =~ ^[0-9]+$ ]] || { echo "error: cannot create the benchmark event ($event_id)" >&2; exit 1; }
out="$(EVENT_ID="$event_id" SHEET_SLUG="$slug" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s scripts/bench/signup.lua "$base/api/sign_up")"
if grep -q "Non-2xx" <<<"$out"; then echo "error: sign-ups answered non-2xx:" >&2; echo "$out" >&2; exit 1; fi
printf '%-22s %12s signups/s   p50 %-9s p99 %-9s (target >= 1000)\n' "sign-ups" \
  "$(awk '/^Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1=="50%" {print $2}' <<<"$out")" "$(awk '$1=="99%" {print $2}' <<<"$out")"
python3 - "$tmp/bench.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
bad = db.execute("""SELECT e.id, e.capacity, SUM(CASE WHEN r.status = 'confirmed' THEN r.people ELSE 0 END)
                    FROM events e LEFT JOIN registrations r ON r.event_id = e.id
                    GROUP BY e.id HAVING e.capacity IS NOT NULL
                       AND SUM(CASE WHEN r.status = 'confirmed' THEN r.people ELSE 0 END) > e.capacity""").fetchall()
total, confirmed, waiting = db.execute("""SELECT COUNT(*), SUM(r.status = 'confirmed'), SUM(r.status = 'waitlisted')
                                           FROM registrations r JOIN events e ON e.id = r.event_id
                                           WHERE e.title = 'Banquet du banc d''essai'""").fetchone()
print(f"  recorded {total} sign-ups: {confirmed} confirmed, {waiting} on the waitlist")
if bad:
    print(f"error: events over capacity: {bad}", file=sys.stderr); sys.exit(1)
print("  no event is over capacity")
PY

echo
scripts/bench/flood.sh

echo
wasm="$(ls target/site/pkg/*.wasm | head -n1)"
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
br=$(brotli -q 11 -c "$wasm" | wc -c)
printf 'WASM bundle %s\n  raw %d B (%.1f KB)   gzip %d B (%.1f KB)   brotli %d B (%.1f KB, target <= 150 KB)\n' \
  "$(basename "$wasm")" "$raw" "$(echo "$raw/1024" | bc -l)" "$gz" "$(echo "$gz/1024" | bc -l)" "$br" "$(echo "$br/1024" | bc -l)"

# Search at the size of a national network (10,000 sheets, 3,000 organisations, 20,000
# events), on SQLite and, when it answers, PostgreSQL: search p50/p99 (uncached), a
# filtered listing, re-indexing one sheet.
echo
sheets="${BENCH_SHEETS:-10000}"
echo "Search on SQLite ($sheets sheets)"
DATABASE_URL="sqlite:$tmp/search.db" target/release/demo seed-bench --sheets "$sheets"
DATABASE_URL="sqlite:$tmp/search.db" target/release/demo bench-search

# The front door and a territory page at that size, served from the page cache, against the
# ceiling replaying each page's own responses.
echo
echo "Pages at that size (SQLite, cached; wrk as above, br, gzip)"
kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; pids=()
DATABASE_URL="sqlite:$tmp/search.db" target/release/server serve >"$tmp/server-large.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
for page in / /territoires/44-loire-atlantique; do
  url="http://127.0.0.1:$port$page"
  # Twice: the first request renders and keeps the page, the second is a hit.
  curl -fs -o /dev/null -H 'Accept-Encoding: br, gzip' "$url"; curl -fs -o /dev/null "$url"
  [[ "$(curl -fs -D - -o /dev/null -H 'Accept-Encoding: br, gzip' "$url" | tr -d '\r' | sed -n 's/^x-page-cache: //Ip')" == hit ]] \
    || { echo "error: $page is not served from the page cache" >&2; exit 1; }
  target/release/examples/ceiling "$url" "127.0.0.1:$ceiling_port" >"$tmp/ceiling-page.log" 2>&1 &
  ceiling_pid=$!
  for _ in $(seq 100); do curl -fs "$ceiling/" >/dev/null && break; sleep 0.1; done
  same_headers "$page brotli" -H 'Accept-Encoding: br, gzip' "$url" -- "$ceiling/br"
  measure "$page (br, gzip)" "$url" "${browser[@]}"; page_rps="$RPS"
  measure "ceiling (brotli bytes)" "$ceiling/br" "${browser[@]}"; page_ceiling="$RPS"
  ratio "$page / ceiling" "$page_rps" "$page_ceiling"
  kill "$ceiling_pid"; wait "$ceiling_pid" 2>/dev/null || true
done
curl -fs "http://127.0.0.1:$port/" >"$tmp/home.html"
map_bytes="$(python3 -c 'import sys; h = open(sys.argv[1], encoding="utf-8").read(); sys.stdout.write(h[h.index("<svg"):h.index("</svg>") + 6])' "$tmp/home.html" | brotli -q 11 -c | wc -c)"
printf '%-26s %12s B brotli, of which the map %s B (target: the map <= 60 KB)\n' "home page" \
  "$(brotli -q 11 -c "$tmp/home.html" | wc -c)" "$map_bytes"
kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; pids=()

pg="${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"
if psql "$pg/postgres" -qc 'SELECT 1' >/dev/null 2>&1; then
  echo "Search on PostgreSQL ($sheets sheets)"
  psql "$pg/postgres" -qc 'DROP DATABASE IF EXISTS passeurs_bench' >/dev/null
  psql "$pg/postgres" -qc 'CREATE DATABASE passeurs_bench' >/dev/null
  DATABASE_URL="$pg/passeurs_bench" target/release/demo seed-bench --sheets "$sheets"
  DATABASE_URL="$pg/passeurs_bench" target/release/demo bench-search
  psql "$pg/postgres" -qc 'DROP DATABASE passeurs_bench' >/dev/null
else
  echo "(PostgreSQL not reachable at $pg: search measured on SQLite only)"
fi
