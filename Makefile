# Passeurs — every entry point. `make run` and `make test` work on a fresh machine that has
# rustup, Node.js/npm and git: they install what is missing first (scripts/setup.sh).

SHELL := /bin/bash
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# Two cores here: keep cargo from starving everything else.
export CARGO_BUILD_JOBS ?= 2

.PHONY: setup setup-test build run test test-unit test-db test-http test-cluster test-e2e lint bench clean-data reference-data

setup:
	scripts/setup.sh build

setup-test:
	scripts/setup.sh test

## Release build of the server and the WASM islands (target/release/server, target/site).
build: setup
	cargo leptos build --release

## Build, migrate, load the demo data into an empty database, serve on http://127.0.0.1:3000.
run: build
	scripts/run.sh

## Every suite: formatting, clippy (ssr and hydrate), unit, database (SQLite, and PostgreSQL
## when TEST_POSTGRES_URL is set), HTTP, the cluster and its faults, and Playwright against
## the release server.
test: build setup-test
	scripts/test.sh all

lint: setup
	scripts/test.sh lint
test-unit: setup
	scripts/test.sh unit
test-db: setup
	scripts/test.sh db
test-http: setup-test
	scripts/test.sh http
## Two release servers behind nginx on one PostgreSQL and one bucket; SIGKILL under load;
## the database away and back (each test starts and stops its own processes).
test-cluster: build setup-test
	scripts/test.sh cluster
test-e2e: build setup-test
	scripts/test.sh e2e

## Throughput of the sheet page, the home page and a bare axum ceiling; the delay of a change
## between two servers; WASM bundle size.
bench: build setup-test
	scripts/setup.sh bench
	scripts/bench.sh

## By hand, then commit: rebuild domain/src/territory/data/ (communes, département map,
## adjacency) from @etalab/decoupage-administratif and ../shared/data (tools/reference-data/).
reference-data:
	cd tools/reference-data && npm ci --no-audit --no-fund && node build.mjs
