#!/usr/bin/env bash
# The release WebAssembly's size profile (README "Size profile"): its largest functions and what
# each crate (and each of this crate's modules) weighs. Measured with twiggy on the code that
# ships first, the main module, built as Trunk builds it (cargo release with the `split` feature,
# then scripts/split-wasm.py: wasm-split-cli, wasm-bindgen, wasm-opt) but with its function names
# kept (`wasm-opt -g`); the names themselves are not shipped and not counted. The parts fetched
# on first use are listed with their sizes. Installs twiggy from crates.io when it is missing.
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
# The release build's compiler and settings (scripts/release-toolchain.sh), as Trunk builds it.
. scripts/release-toolchain.sh
(release_env && cargo build --release --locked --target wasm32-unknown-unknown --bin sessionlab --features split --quiet)
python3 scripts/split-wasm.py --names "$OUT" > /dev/null
twiggy top --format csv "$OUT/sessionlab_bg.wasm" > "$OUT/top.csv"

printf '\n== the %s largest items (raw bytes of the shipped code and data, before compression)\n' "$TOP"
twiggy top -n "$((TOP + 1))" "$OUT/sessionlab_bg.wasm" | grep -v 'function names'

printf '\n== by crate, and by module for this crate (raw bytes)\n'
python3 scripts/size_by_crate.py "$OUT/top.csv"
printf '\n== the modules, names stripped (raw B, gzip -9 B; optimised with the names kept, so within about 1 KB of what ships)\n'
for module in "$OUT"/*.wasm; do
  # (-all: the modules carry no target-features section, so binaryen is told what they use.)
  wasm-opt -all --strip-debug "$module" -o "$OUT/stripped.wasm"
  printf '%s %s %s\n' "$(basename "$module")" "$(wc -c < "$OUT/stripped.wasm")" "$(gzip -9 < "$OUT/stripped.wasm" | wc -c)"
done
