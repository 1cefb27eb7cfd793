#!/usr/bin/env bash
# Sets up whatever is missing, builds, and serves Mokhele at http://127.0.0.1:3000 with the
# demo municipality loaded into data/mokhele.db (once; later starts keep what is there).
# Builds optimised binaries, as the office should get them (about 20 minutes the first time on 2 cores);
# MOKHELE_RELEASE=0 builds the quicker, unoptimised development build.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh
# shellcheck disable=SC1091
source "${MOKHELE_TOOLS:-$HOME/.cache/mokhele-tools}/env.sh"
export MOKHELE_DEMO=${MOKHELE_DEMO:-1}
if [ "${MOKHELE_RELEASE:-1}" = 1 ]; then
  exec cargo leptos serve --release --split
else
  exec cargo leptos serve --split
fi
