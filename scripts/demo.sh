#!/usr/bin/env bash
# The main job, from nothing: install, build, and scan the bundled examples.
# Exits 1 because the examples are AF_ALG programs (findings at warning).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
cd "$root"
exec "${BUILD_DIR:-$root/build}/tool/afalg-scan" examples/ "$@"
