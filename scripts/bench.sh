#!/usr/bin/env bash
# Timings of the main requests (release build) on the demo plus BENCH_EMPLOYEES imported staff
# (default 5000). Prints p50/p95/max per request. BENCH_ONLY=public measures only the public
# vacancy pages and the application post.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh
# shellcheck disable=SC1091
source "${MOKHELE_TOOLS:-$HOME/.cache/mokhele-tools}/env.sh"
exec cargo run --release -p server --example bench
