#!/usr/bin/env bash
# Starts the built server for the end-to-end tests: own port, fresh database, demo data, the
# clock at the tests' instant.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PORT=${E2E_PORT:-3100}
rm -rf target/e2e && mkdir -p target/e2e
export LEPTOS_OUTPUT_NAME=mokhele LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_HASH_FILES=true
export LEPTOS_SITE_ADDR="127.0.0.1:$PORT"
export DATABASE_URL="sqlite://target/e2e/mokhele.db" MOKHELE_DEMO=1 MOKHELE_ADMIN_PASSWORD=e2e-admin-passphrase
# The clock starts at the tests' instant (the same default as the specs' helpers.ts and the
# Rust suite), so the demo and every date the specs type are relative to one day.
export MOKHELE_CLOCK="${MOKHELE_TEST_NOW:-2026-11-20T08:00:00Z}"
export RUST_LOG=${RUST_LOG:-warn}
exec "${E2E_SERVER_BIN:-target/debug/server}"
