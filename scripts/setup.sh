#!/usr/bin/env bash
# Installs what the build (and, with `test` or `bench`, the test suites) needs and is not
# there yet. Every step is skipped when already done, so running it again is cheap.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-build}"

CARGO_LEPTOS_VERSION=0.3.10
# Must equal the wasm-bindgen crate version pinned in Cargo.toml.
WASM_BINDGEN_VERSION=0.2.130

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "error: $1 is required ($2)" >&2; exit 1; }
}
need cargo "install Rust with rustup"
need npm "install Node.js and npm"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [[ "$(cargo leptos --version 2>/dev/null || true)" != *"$CARGO_LEPTOS_VERSION"* ]]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 25 minutes on 2 cores, once)"
  cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION"
fi

if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != *"$WASM_BINDGEN_VERSION"* ]]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lock file asks for a crate version the registry no longer has.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# wasm-opt from the npm binaryen package (Debian's is too old and breaks hydration).
if [[ ! -x tools/node_modules/.bin/wasm-opt ]]; then
  say "installing wasm-opt (npm binaryen) into tools/"
  (cd tools && npm ci --no-audit --no-fund)
fi

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
apt_install() {
  say "installing $* (apt-get)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" \
    || { as_root apt-get update && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"; }
}

if [[ "$what" == test ]]; then
  if [[ ! -x /usr/bin/chromium ]]; then
    apt_install chromium || { echo "error: Chromium is needed for the end-to-end tests" >&2; exit 1; }
  fi
  # A local S3-compatible server for the object-storage tests (moto, from PyPI).
  if [[ ! -x tools/venv/bin/moto_server ]]; then
    need python3 "install Python 3 with venv"
    say "installing moto (local S3 server for the storage tests) into tools/venv"
    python3 -m venv tools/venv
    tools/venv/bin/pip install --quiet --disable-pip-version-check 'moto[server]==5.2.5'
  fi
  # The cluster test puts nginx in front of two servers and runs PostgreSQL of its own.
  if [[ ! -x /usr/sbin/nginx ]]; then
    apt_install nginx || { echo "error: nginx is needed for the cluster test" >&2; exit 1; }
  fi
  if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt_install postgresql \
      || { echo "error: PostgreSQL's server tools (initdb, pg_ctl) are needed" >&2; exit 1; }
  fi
  if [[ ! -d end2end/node_modules/@playwright/test ]]; then
    say "installing the end-to-end test packages"
    (cd end2end && npm ci --no-audit --no-fund)
  fi
fi

if [[ "$what" == bench ]]; then
  command -v wrk >/dev/null || apt_install wrk
  command -v brotli >/dev/null || apt_install brotli
fi
