#!/usr/bin/env bash
# The release WebAssembly's size profile (README "Size profile"): its largest functions and what
# each crate (and each of this crate's modules) weighs. Measured with twiggy on the code that
# ships, built as Trunk builds it (cargo release, wasm-bindgen, wasm-opt with index.html's
# options) but with its function names kept (`wasm-opt -g`); the names themselves are not
# shipped and not counted. Installs twiggy from crates.io when it is missing.
# Usage: scripts/size-profile.sh [TOP]   (TOP: how many functions to list; default 25)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

TWIGGY_VERSION=0.8.0
TOP=${1:-25}
bash scripts/setup.sh > /dev/null
if [ "$(twiggy --version 2>/dev/null)" != "twiggy-opt $TWIGGY_VERSION" ]; then
  printf '\n== cargo install twiggy %s (about 5 minutes on 2 cores)\n' "$TWIGGY_VERSION"
  cargo install twiggy --version "$TWIGGY_VERSION" --locked
fi

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
cargo build --release --locked --target wasm32-unknown-unknown --bin sessionlab --quiet
wasm-bindgen --target web --out-dir "$OUT" target/wasm32-unknown-unknown/release/sessionlab.wasm
# The options of index.html's data-wasm-opt and data-wasm-opt-params, plus -g (keep the names).
OPT_PARAMS=$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' www/index.html)
# shellcheck disable=SC2086 # the options are words
wasm-opt -Oz -g $OPT_PARAMS "$OUT/sessionlab_bg.wasm" -o "$OUT/named.wasm"
twiggy top --format csv "$OUT/named.wasm" > "$OUT/top.csv"

printf '\n== the %s largest items (raw bytes of the shipped code and data, before compression)\n' "$TOP"
twiggy top -n "$((TOP + 1))" "$OUT/named.wasm" | grep -v 'function names'

printf '\n== by crate, and by module for this crate (raw bytes)\n'
python3 scripts/size_by_crate.py "$OUT/top.csv"
printf '\nshipped: %s B raw, %s B gzip -9 (dist/ after trunk build --release)\n' \
  "$(wasm-opt -Oz $OPT_PARAMS "$OUT/sessionlab_bg.wasm" -o - | wc -c)" \
  "$(wasm-opt -Oz $OPT_PARAMS "$OUT/sessionlab_bg.wasm" -o - | gzip -9 | wc -c)"
