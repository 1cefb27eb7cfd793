#!/usr/bin/env bash
# Sets up whatever is missing, then runs every test: formatting, domain and unit tests,
# HTTP integration tests on real SQLite files, the wasm build, and Playwright in Chromium.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh --with-browser
# shellcheck disable=SC1091
source "${MOKHELE_TOOLS:-$HOME/.cache/mokhele-tools}/env.sh"

# The instant every test's clock starts at (Rust suite, e2e server and specs read the same
# variable). Run with other dates years apart to show nothing depends on the day:
#   MOKHELE_TEST_NOW=2031-06-01T08:00:00Z scripts/test.sh
export MOKHELE_TEST_NOW="${MOKHELE_TEST_NOW:-2026-11-20T08:00:00Z}"

# A fresh clone gains nothing from incremental caches; they double the disk a build takes.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi

LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
section() { echo; echo "==== $1"; }

section "format (cargo fmt --check)"
cargo fmt --all --check

section "app: domain rules, i18n and unit tests"
cargo test -p app --features ssr 2>&1 | tee -a "$LOG"

section "server: HTTP integration tests (real SQLite per test)"
cargo test -p server 2>&1 | tee -a "$LOG"

section "build the site (server + wasm) with cargo-leptos"
cargo leptos build --split

section "end-to-end: Playwright in Chromium"
(cd end2end && npx playwright test) 2>&1 | tee -a "$LOG"

# One total over both runners (each runner's own summary is above).
passed=$(grep -hoE '([0-9]+) passed' "$LOG" | awk '{s+=$1} END {print s+0}')
failed=$(grep -hoE '([0-9]+) failed' "$LOG" | awk '{s+=$1} END {print s+0}')
echo
echo "total: $passed passed, $failed failed"
