#!/usr/bin/env bash
# Installs everything the build and the tests need: Debian packages (LLVM and
# Clang 19, nlohmann/json, Catch2, OpenSSL, libgcrypt, Nettle, Ninja, CMake,
# Node.js) and the npm SARIF validator. Idempotent and non-interactive.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

packages=(
  cmake ninja-build g++ pkg-config
  llvm-19-dev libclang-19-dev libclang-cpp19-dev clang-19
  libclang-rt-19-dev # libFuzzer and the sanitizer runtimes (tests/fuzz)
  zlib1g-dev libzstd-dev # static LLVMSupport's compression (cmake/ClangLinkage.cmake)
  nlohmann-json3-dev catch2
  libssl-dev libgcrypt20-dev nettle-dev
)
# Node.js may come from elsewhere (with npm bundled); only ask Debian for it
# when there is none.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

"$root/scripts/setup-node.sh"
