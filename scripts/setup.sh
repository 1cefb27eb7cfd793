#!/usr/bin/env bash
# Installs what Mokhele needs to build, run and test, and nothing that is already there.
#
# Works on a machine that reaches only the package registries (crates.io, npm, Debian):
#  * Rust for wasm: if the `rustc` in use already has a wasm32 std (the ordinary rustup path),
#    it is used. Otherwise Debian's rustc-web is installed and a wasm32 std is built once from
#    its sources (see shared/TOOLCHAIN.md).
#  * cargo-leptos (built without its downloader), wasm-bindgen-cli at the exact Cargo.lock
#    version, wasm-opt from npm's binaryen, Debian's chromium, Playwright from npm.
# Tools go to $MOKHELE_TOOLS (default ~/.cache/mokhele-tools) so fresh clones reuse them.
# Writes $MOKHELE_TOOLS/env.sh, which every project command sources.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=${MOKHELE_TOOLS:-$HOME/.cache/mokhele-tools}
CARGO_LEPTOS_VERSION=0.3.11
CARGO_LEPTOS_VERSION_OLD_RUSTC=0.3.7   # the newest that installs --locked on rustc < 1.96
BINARYEN_VERSION=132.0.0
mkdir -p "$TOOLS/bin"

STEP="start"
step() { STEP="$1"; echo "==> setup: $1"; }
trap 'echo "setup FAILED at step: $STEP (see the output above)" >&2' ERR

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "setup needs these Debian packages: $*; run as root or install them" >&2
    return 1
  fi
  if [ ! -f "$TOOLS/.apt-updated" ]; then
    apt-get update -qq
    touch "$TOOLS/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

has_wasm_std() { # $1 = rustc
  local sysroot
  sysroot=$("$1" --print sysroot 2>/dev/null) || return 1
  compgen -G "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib/libstd-*.rlib" >/dev/null
}

# --- 1. a Rust compiler with a wasm32 std ---------------------------------------------------
step "rust compiler with a wasm32-unknown-unknown std"
RUSTC_BIN=""
if command -v rustc >/dev/null && has_wasm_std "$(command -v rustc)"; then
  RUSTC_BIN=$(command -v rustc)
else
  if [ ! -x /usr/bin/rustc ] || [ ! -e /usr/bin/rust-lld ] || [ ! -d /usr/lib/rustlib/src/rust/library ]; then
    step "install Debian rustc-web (apt)"
    apt_install rustc-web cargo-web rust-web-src rust-web-llvm lld-22
  fi
  RUSTC_BIN=/usr/bin/rustc
  if ! has_wasm_std "$RUSTC_BIN"; then
    step "build the wasm32 std from rust-web-src (once, about a minute)"
    scratch=$(mktemp -d)
    mkdir -p "$scratch/src"
    printf '[package]\nname="wasmstd"\nversion="0.0.0"\nedition="2021"\n[lib]\ncrate-type=["cdylib"]\n[workspace]\n' > "$scratch/Cargo.toml"
    echo '' > "$scratch/src/lib.rs"
    (cd "$scratch" && RUSTC_BOOTSTRAP=1 RUSTC="$RUSTC_BIN" /usr/bin/cargo build -q --release \
        --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort)
    dest=/usr/lib/rustlib/wasm32-unknown-unknown/lib
    mkdir -p "$dest"
    find "$scratch/target/wasm32-unknown-unknown/release/deps" -name 'lib*.rlib' ! -name 'libwasmstd*' -exec cp {} "$dest/" \;
    rm -rf "$scratch"
    has_wasm_std "$RUSTC_BIN"
  fi
fi
RUSTC_VERSION=$("$RUSTC_BIN" --version | awk '{print $2}')
echo "    using $RUSTC_BIN ($RUSTC_VERSION)"
export RUSTC="$RUSTC_BIN"
RUSTDOC_BIN="$(dirname "$RUSTC_BIN")/rustdoc"

# Release installs without LTO: these are dev tools, and LTO costs most of their build time.
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16

# --- 2. cargo-leptos --------------------------------------------------------------------------
step "cargo-leptos"
want_leptos=$CARGO_LEPTOS_VERSION
if [ "$(printf '%s\n1.96.0\n' "$RUSTC_VERSION" | sort -V | head -n1)" != "1.96.0" ]; then
  want_leptos=$CARGO_LEPTOS_VERSION_OLD_RUSTC
fi
if ! "$TOOLS/bin/cargo-leptos" --version 2>/dev/null | grep -q "$want_leptos"; then
  # An unoptimised build: about 9 minutes on 2 cores instead of 20-30, and the tool's own work
  # (running cargo and wasm-bindgen, copying files) does not need optimising.
  echo "    building cargo-leptos $want_leptos from source (about 10 minutes, once)"
  cargo install -q cargo-leptos --version "$want_leptos" --features no_downloads --locked \
    --root "$TOOLS" --force --debug
fi

# --- 3. wasm-bindgen-cli at the Cargo.lock version --------------------------------------------
step "wasm-bindgen-cli matching Cargo.lock"
wb_version=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' "$ROOT/Cargo.lock")
if [ -z "$wb_version" ]; then echo "no wasm-bindgen in Cargo.lock" >&2; false; fi
if ! "$TOOLS/bin/wasm-bindgen" --version 2>/dev/null | grep -q " $wb_version\$"; then
  echo "    building wasm-bindgen-cli $wb_version from source (a few minutes, once per version)"
  cargo install -q wasm-bindgen-cli --version "$wb_version" --root "$TOOLS" --force
fi

# --- 4. wasm-opt (release builds) -------------------------------------------------------------
step "wasm-opt (npm binaryen)"
if [ ! -x "$TOOLS/node/node_modules/.bin/wasm-opt" ]; then
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/node" "binaryen@$BINARYEN_VERSION"
fi
ln -sf "$TOOLS/node/node_modules/.bin/wasm-opt" "$TOOLS/bin/wasm-opt"

# --- 5. Chromium and Playwright (tests) -------------------------------------------------------
if [ "${1:-}" = "--with-browser" ]; then
  step "chromium (Debian)"
  if [ ! -x /usr/bin/chromium ]; then apt_install chromium; fi
  # The Nu HTML checker (npm vnu-jar) runs on Java 17 or later.
  if ! command -v java >/dev/null 2>&1; then apt_install default-jre-headless; fi
  step "Playwright (npm ci in end2end/)"
  if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ] || \
     [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
    (cd "$ROOT/end2end" && npm ci --silent --no-audit --no-fund)
  fi
fi

# --- 6. the environment every project command uses --------------------------------------------
step "write $TOOLS/env.sh"
{
  echo "export PATH=\"$TOOLS/bin:\$PATH\""
  echo "export RUSTC=\"$RUSTC_BIN\""
  [ -x "$RUSTDOC_BIN" ] && echo "export RUSTDOC=\"$RUSTDOC_BIN\""
  echo "export LEPTOS_WASM_BINDGEN_VERSION=\"$wb_version\""
} > "$TOOLS/env.sh"
echo "==> setup: done"
