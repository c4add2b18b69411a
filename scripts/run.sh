#!/usr/bin/env bash
# Sets up what is missing, builds the release playground and serves it on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/tools/node_modules/.bin:$PATH"
echo
echo "Session Lab: building, then serving on http://127.0.0.1:8080 (Ctrl+C stops)"
exec trunk serve --release --address 127.0.0.1 --port 8080
