#!/usr/bin/env bash
# The release server over real HTTP (see the README's "Benchmarks"): for 10,000 and 50,000
# staff (BENCH_SIZES) in a generated municipality beside the demo, each request driven by 1 and
# 16 clients for BENCH_SECONDS (3) each, then the staff list at 1, 4, 16 and 64 clients, and the
# server's memory. Prints a Markdown table per size. BENCH_MODE=inprocess gives the older
# in-process figures instead (imports, public pages, the evaluation cycle and classes at scale).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh
# shellcheck disable=SC1091
source "${MOKHELE_TOOLS:-$HOME/.cache/mokhele-tools}/env.sh"
cargo build --release -p server --bin server --example bench
exec target/release/examples/bench
