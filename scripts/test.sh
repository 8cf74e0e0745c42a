#!/usr/bin/env bash
# The whole test suite, from nothing: install, build, run every test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
# CMAKE_ARGS: extra configure flags, e.g. CMAKE_ARGS=-DAFALG_SANITIZE=ON.
read -ra cmake_args <<<"${CMAKE_ARGS:-}"
"$root/scripts/build.sh" ${cmake_args[@]+"${cmake_args[@]}"}
cd "${BUILD_DIR:-$root/build}"
ctest --output-on-failure -j "$(nproc)" "$@"
