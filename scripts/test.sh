#!/usr/bin/env bash
# Sets up what is missing, then runs every check in order and ends with one line
# "N passed, N failed" (each cargo/e2e test counts once; each non-test check counts once).
#   formatting · clippy native · clippy wasm32 · native tests · lesson check · check-docs (README, example pages) · wasm tests in headless Chromium ·
#   Trunk release build (split by scripts/split-wasm.py) · size check (the first load: main wasm + js + css + loaders, gzip -9, max in SIZE_BUDGET) · the kill benchmark and heap as
#   WebAssembly (reported) · TypeScript declarations ·
#   end-to-end in Chromium
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
export PATH="$PWD/tools/node_modules/.bin:$PATH"
# release_build: the release WebAssembly's pinned compiler and settings (nothing else uses them).
. scripts/release-toolchain.sh
LOG=$(mktemp -d)
PASSED=0; FAILED=0; FAILED_STEPS=()
# In bytes: the first load (main wasm + its glue + the parts' loader + the page's loader + css +
# the documentation loader, gzip -9). Issue 15's target is 256,000 B and is not met: the check
# holds the size reached so that nothing grows unseen, and every change that moves it is recorded
# with its price in docs/performance.md ("How the size check moved"; README "What it would take
# to reach 256,000 B" says why the first load is not there yet).
# Last move: the panics' file, line and column not kept in the release build
# (-Zlocation-detail=none; a panic is a bare trap that prints nothing): 158 B less, to 346,714 B.
SIZE_BUDGET=${SIZE_BUDGET:-346714}

count_tests() {  # adds cargo's "test result" counts from a log
  local p f
  p=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$1" | awk '{s+=$4} END {print s+0}')
  f=$(grep -Eo '[0-9]+ failed;' "$1" | awk '{s+=$1} END {print s+0}')
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
}

step() {  # step NAME KIND(check|cargo|e2e) COMMAND...
  local name=$1 kind=$2; shift 2
  local log="$LOG/$(echo "$name" | tr ' /' '__').log"
  printf '\n== %s\n' "$name"
  local start=$SECONDS
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  printf -- '-- %s: %s (%ss)\n' "$name" "$([ "$rc" -eq 0 ] && echo ok || echo "FAILED ($rc)")" $((SECONDS - start))
  case $kind in
    cargo) count_tests "$log" ;;
    e2e) local line; line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)
         PASSED=$((PASSED + ${line%% *})); local f=${line#*, }; FAILED=$((FAILED + ${f%% *})) ;;
  esac
  if [ "$rc" -ne 0 ]; then
    FAILED_STEPS+=("$name")
    if [ "$kind" = check ] || ! grep -qE '[1-9][0-9]* failed' "$log"; then FAILED=$((FAILED + 1)); fi
  elif [ "$kind" = check ]; then
    PASSED=$((PASSED + 1))
  fi
  return 0
}

size_check() {
  local wasm js parts loader css embed total part
  # The first load: the app's own bundle (the main module, its glue and the parts' loader the glue
  # imports) and the documentation loader (the example pages are not part of it).
  wasm=$(gzip -9c dist/sessionlab_bg.wasm | wc -c); js=$(gzip -9c dist/sessionlab.js | wc -c)
  parts=$(gzip -9c dist/__wasm_split.js | wc -c)
  loader=$(gzip -9c dist/loader.js | wc -c); css=$(gzip -9c dist/style.css | wc -c)
  embed=$(gzip -9c dist/sessionlab-embed.js | wc -c)
  total=$((wasm + js + parts + loader + css + embed))
  echo "gzip -9: wasm $wasm B + js $js B + __wasm_split.js $parts B + loader $loader B + css $css B + sessionlab-embed.js $embed B = $total B (budget $SIZE_BUDGET B)"
  # What the page fetches on first use must be there (the app has no other copy).
  for part in lessons.json split_lessons.wasm split_presenter.wasm split_checks.wasm split_files.wasm; do
    [ -s "dist/$part" ] || { echo "dist/$part is missing"; return 1; }
  done
  echo "fetched on first use, not counted:$(for part in dist/lessons.json dist/split_*.wasm dist/chunk_*.wasm; do
    [ -e "$part" ] && printf ' %s %s B' "${part#dist/}" "$(gzip -9c "$part" | wc -c)"; done)"
  [ "$total" -le "$SIZE_BUDGET" ]
}

e2e() {
  local py port=8765 server rc
  py=$(python3 -c 'import sys; print(sys.executable)')
  # Served with each page's Content-Security-Policy as a header (scripts/serve.py).
  "$py" scripts/serve.py dist "$port" >"$LOG/http.log" 2>&1 &
  server=$!
  for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
  BASE_URL="http://127.0.0.1:$port/" node tests/e2e/run.mjs; rc=$?
  kill "$server" 2>/dev/null; wait "$server" 2>/dev/null
  return $rc
}

step "rustfmt" check cargo fmt --all -- --check
step "clippy native" check cargo clippy --locked --all-targets -- -D warnings
step "clippy wasm32" check cargo clippy --locked --target wasm32-unknown-unknown --all-features --lib --bins --tests -- -D warnings
step "native tests" cargo cargo test --locked
step "lesson check (every shipped lesson)" check cargo run --locked --quiet -- lesson check lessons/*.md
step "check-docs (the README and the example pages)" check cargo run --locked --quiet -- check-docs README.md www/docs-killallsessions.html www/docs-mixed.html www/workshop.html
step "wasm tests (headless Chromium)" cargo env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner WASM_BINDGEN_TEST_ONLY_WEB=1 cargo test --locked --target wasm32-unknown-unknown --test web
step "trunk build --release ($RELEASE_TOOLCHAIN, scripts/release-toolchain.sh)" check release_build
step "size check" check size_check
step "the engine as WebAssembly: kill benchmark and heap (headless Chromium, release; reported)" cargo env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner WASM_BINDGEN_TEST_ONLY_WEB=1 cargo test --release --locked --target wasm32-unknown-unknown --test web_bench -- --nocapture
step "TypeScript declarations (tsc --strict)" check tsc --noEmit --strict --target es2022 --module es2022 --moduleResolution bundler --lib es2022,dom,esnext.disposable tests/types/usage.ts
step "end-to-end (headless Chromium)" e2e e2e

echo
[ ${#FAILED_STEPS[@]} -eq 0 ] || echo "failed steps: ${FAILED_STEPS[*]}"
echo "$PASSED passed, $FAILED failed"
[ ${#FAILED_STEPS[@]} -eq 0 ]
