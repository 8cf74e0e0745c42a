#!/usr/bin/env bash
# Configures and builds afalg-scan and its tests into ./build (or $BUILD_DIR).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"
cmake -S "$root" -B "$build" -G Ninja -DBUILD_TESTING=ON "$@" >/dev/null
cmake --build "$build"
