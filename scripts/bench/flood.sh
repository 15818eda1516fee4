#!/usr/bin/env bash
# The memory of a release server under a flood of pages nobody asked before: distinct
# searches, each a page of its own that a client can multiply at will. The page cache keeps
# them in a bounded share of PAGE_CACHE_MB; this measures what the whole process holds
# (VmRSS) after a warm-up and after the flood, against the budget plus a fixed margin.
# Alone: scripts/bench/flood.sh (after make build); make bench runs it too.
set -euo pipefail
cd "$(dirname "$0")/../.."
REQUESTS="${FLOOD_REQUESTS:-4000}"
BUDGET_MB="${FLOOD_PAGE_CACHE_MB:-4}"
MARGIN_MB="${FLOOD_MARGIN_MB:-64}"
port="${FLOOD_PORT:-3210}"
tmp="$(mktemp -d -t passeurs-flood.XXXXXX)"
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

export DATABASE_URL="sqlite:$tmp/flood.db" MEDIA_DIR="$tmp/media" OUTBOX_DIR="$tmp/outbox" \
  LEPTOS_SITE_ADDR="127.0.0.1:$port" PAGE_CACHE_MB="$BUDGET_MB" RUST_LOG=warn
target/release/demo seed >/dev/null
target/release/server serve >"$tmp/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$pid/status"; }
searches() { # first count -> one distinct search per line
  seq "$1" "$(($1 + $2 - 1))" | sed "s|.*|$base/initiatives?q=banquet&|"
}
fetch_all() { xargs -P 8 -I{} curl -fs -o /dev/null -H 'Accept-Encoding: br, gzip' {}; }
sheet="$base/actions/ambassadeurs-passeurs-loire-atlantique"
curl -fs -o /dev/null -H 'Accept-Encoding: br, gzip' "$sheet"
# The warm-up: the pools, the allocator's arenas and the cache's own share already in use.
searches 0 400 | fetch_all
sleep 2
before="$(rss_kb)"
started=$SECONDS
searches 100000 "$REQUESTS" | fetch_all
took=$((SECONDS - started))
sleep 2
after="$(rss_kb)"
state="$(curl -fs -D - -o /dev/null -H 'Accept-Encoding: br, gzip' "$sheet" | tr -d '\r' | sed -n 's/^x-page-cache: //Ip')"
growth=$(( (after - before) / 1024 ))
ceiling=$((BUDGET_MB + MARGIN_MB))
printf 'Flood of %d distinct searches (%d s, 8 clients), PAGE_CACHE_MB=%d\n' "$REQUESTS" "$took" "$BUDGET_MB"
printf '  process memory %d MB before, %d MB after: %+d MB (ceiling: the budget + %d MB = %d MB)   %s\n' \
  "$((before / 1024))" "$((after / 1024))" "$growth" "$MARGIN_MB" "$ceiling" \
  "$([[ $growth -le $ceiling ]] && echo ok || echo OVER)"
printf '  the sheet after the flood: %s\n' "$state"
[[ $growth -le $ceiling && "$state" == hit ]] || { echo "error: the flood grew the process past its ceiling or evicted the sheet" >&2; exit 1; }
