#!/usr/bin/env bash
# Sets up what is missing, builds the release playground and serves it on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/tools/node_modules/.bin:$PATH"
. scripts/release-toolchain.sh
echo
echo "Session Lab: building the release app, then serving dist/ on http://127.0.0.1:8080 (Ctrl+C stops)"
release_build
# The release build as a host would serve it: each page with its Content-Security-Policy header.
exec "$(python3 -c 'import sys; print(sys.executable)')" scripts/serve.py dist 8080
