#!/usr/bin/env bash
# The ranking page, rendered from test/fixtures/api.json in the simulator,
# photographed at phone width by headless Chromium into
# docs/screenshot-miniprogram.png.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npx jest test/screenshot.test.js
out="$(cd .. && pwd)/docs/screenshot-miniprogram.png"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --force-device-scale-factor=2 --window-size=375,812 \
  --screenshot="$out" "file://$(pwd)/.out/ranking.html"
echo "wrote $out"
