#!/usr/bin/env bash
# The size floors (README "What it would take to reach 256,000 B"): the first load's WebAssembly
# and glue, gzip -9, for three builds of benches/size-floor with the release build's compiler and
# settings, bound and optimised as the main module is (scripts/split-wasm.py --one):
#   engine       the engine and the shell as the first load carries them (`--cfg
#                sessionlab_floor`: no page, no code fetched on first use), a script's transcript
#   page         Yew's smallest page (a text area, a button, the answer) with bson
#   engine page  that page answering with the simulation
# and beside them the app's own first load (dist/, when it has been built). Not part of the test
# command: three release builds, about 4 minutes on 2 cores.
# Usage: scripts/size-floor.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh > /dev/null
. scripts/release-toolchain.sh

OUT=$(mktemp -d)
FLOOR=benches/size-floor
# The app's lockfile, so the floors build the versions the app ships.
cp Cargo.lock "$FLOOR/Cargo.lock"
trap 'rm -rf "$OUT" "$FLOOR/Cargo.lock"' EXIT

# As the size check measures (scripts/test.sh: the file's name in the header, the same for all).
gz() { gzip -9c "$1" | wc -c; }
# A row: its name, the folder with its module and glue, and a remark.
row() {
  local wasm js
  wasm=$(gz "$2/sessionlab_bg.wasm"); js=$(gz "$2/sessionlab.js")
  printf '%-12s wasm %7s B raw, %7s B gzip -9 + glue %5s B = %7s B%s\n' "$1" \
    "$(wc -c < "$2/sessionlab_bg.wasm")" "$wasm" "$js" "$((wasm + js))" "$3"
}
for features in engine page "engine page"; do
  name=${features// /+}
  (
    release_env
    # The release build's flags but the relocations (only the splitter reads them), and the
    # floors' cfg; as RUSTFLAGS, which replaces the target's flags where the target's variable
    # would be merged with .cargo/config.toml's (its relocations).
    flags=$CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS
    unset CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS
    export RUSTFLAGS="${flags/-Clink-args=--emit-relocs /} --cfg sessionlab_floor"
    cargo build --release --quiet --target wasm32-unknown-unknown \
      --manifest-path "$FLOOR/Cargo.toml" --target-dir target/size-floor --features "$features"
  )
  python3 scripts/split-wasm.py --one target/size-floor/wasm32-unknown-unknown/release/sessionlab_floor.wasm "$OUT/$name" > /dev/null
  # The glue minified as the app's is.
  node scripts/minify-js.mjs --module "$OUT/$name/sessionlab.js"
  row "$features" "$OUT/$name" ""
done
if [ -s dist/sessionlab_bg.wasm ]; then
  row "the app" dist " (dist/: the main module and its glue)"
fi
