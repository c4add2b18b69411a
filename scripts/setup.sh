#!/usr/bin/env bash
# Installs what Session Lab needs and is missing, from the package registries only:
#   the wasm32 target, the release build's pinned nightly with the standard library's source
#   (scripts/release-toolchain.sh), trunk 0.21.14, wasm-bindgen-cli at exactly Cargo.lock's
#   wasm-bindgen version, wasm-split-cli at Cargo.lock's wasm_split_helpers version (the release
#   build splits the WebAssembly with it, scripts/split-wasm.py), npm's binaryen 132 (wasm-opt),
#   terser (the release build's glue), playwright-core, axe-core, typescript and js-bson (the
#   oracle of the decimals' browser test), and with --test
#   also Debian's chromium and chromium-driver. A second run skips everything already there.
# Usage: scripts/setup.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
# The splitter reads what the helpers' macro writes: the two are released together.
SPLIT_VERSION=$(awk '/^name = "wasm_split_helpers"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
step() { printf '\n== %s\n' "$*"; }
# RELEASE_TOOLCHAIN and release_env: the release build's compiler and settings.
. scripts/release-toolchain.sh

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The release WebAssembly's compiler (scripts/release-toolchain.sh): a pinned nightly with the
# standard library's source, which it rebuilds for the app, and the wasm32 target.
if ! rustup component list --installed --toolchain "$RELEASE_TOOLCHAIN" 2>/dev/null | grep -qx rust-src \
  || ! rustup target list --installed --toolchain "$RELEASE_TOOLCHAIN" 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  step "rustup toolchain install $RELEASE_TOOLCHAIN (minimal, rust-src, wasm32; under a minute)"
  rustup toolchain install "$RELEASE_TOOLCHAIN" --profile minimal --component rust-src --target wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  step "cargo install trunk $TRUNK_VERSION (about 6-10 minutes on 2 cores)"
  # Trunk's own fat-LTO release profile costs minutes and buys nothing here.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WBG_VERSION" ]; then
  step "cargo install wasm-bindgen-cli $WBG_VERSION (about 3 minutes)"
  # Not --locked: its lockfile pins a webpki-roots the registry here does not serve.
  cargo install wasm-bindgen-cli --version "=$WBG_VERSION" --force
fi

# (It has no --version; cargo's list of installs says which one is there.)
if ! { command -v wasm-split-cli > /dev/null && cargo install --list | grep -qx "wasm_split_cli_support v$SPLIT_VERSION:"; }; then
  step "cargo install wasm_split_cli_support $SPLIT_VERSION (wasm-split-cli, about 3 minutes)"
  cargo install wasm_split_cli_support --version "=$SPLIT_VERSION" --features build-binary --locked
fi

if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  # Node runs npm's tools, the build's precompression hook and the end-to-end tests.
  step "apt-get install nodejs npm"
  apt-get update -qq && apt-get install -y -qq nodejs npm
fi

if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ ! -d tools/node_modules/terser ] || [ ! -d tools/node_modules/playwright-core ] || [ ! -d tools/node_modules/axe-core ] || [ ! -x tools/node_modules/.bin/tsc ] || [ ! -d tools/node_modules/bson ]; then
  step "npm install (binaryen 132, terser, playwright-core, axe-core, typescript, js-bson)"
  (cd tools && npm install --no-audit --no-fund)
fi

if [ "${1:-}" = "--test" ] && ! { command -v chromium >/dev/null && command -v chromedriver >/dev/null; }; then
  step "apt-get install chromium chromium-driver"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

step "cargo fetch --locked (Trunk runs cargo offline), and the standard library's dependencies for the release build"
cargo fetch --locked
(release_env && cargo fetch --locked --target wasm32-unknown-unknown)
