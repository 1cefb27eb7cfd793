#!/usr/bin/env bash
# Sets up whatever is missing, then runs every test: formatting, domain and unit tests,
# HTTP integration tests on real SQLite files, the wasm build, and Playwright in Chromium.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh --with-browser
# shellcheck disable=SC1091
source "${MOKHELE_TOOLS:-$HOME/.cache/mokhele-tools}/env.sh"

section() { echo; echo "==== $1"; }

section "format (cargo fmt --check)"
cargo fmt --all --check

section "app: domain rules, i18n and unit tests"
cargo test -p app --features ssr

section "server: HTTP integration tests (real SQLite per test)"
cargo test -p server

section "build the site (server + wasm) with cargo-leptos"
cargo leptos build

section "end-to-end: Playwright in Chromium"
cd end2end
npx playwright test
