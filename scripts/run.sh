#!/usr/bin/env bash
# Builds hotline-bot and starts it on the embedded default: SQLite under var/, the example
# configuration (console channel, no WeCom credentials needed). Extra arguments go to `serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHOTLINE_BUILD_TESTS=OFF >/dev/null
cmake --build build --target hotline-bot
exec build/hotline-bot serve --config "${HOTLINE_CONFIG:-config/hotline.example.toml}" "$@"
