#!/usr/bin/env bash
# The whole test suite again, built with AddressSanitizer + UBSan
# (-DAFALG_SANITIZE=ON) into ./build-asan (or $BUILD_DIR): CI's second job.
# Extra arguments go to ctest. Exits non-zero when a test fails or when a
# sanitizer reported anything (also from a process whose exit code a test
# ignores).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export BUILD_DIR="${BUILD_DIR:-$root/build-asan}"
# clang-19 (scripts/setup.sh installs it and its sanitizer runtimes):
# instrumented, the files heavy in nlohmann/json and Clang's AST templates
# compile 2x to 5x faster than with g++.
export CMAKE_ARGS="-DAFALG_SANITIZE=ON -DCMAKE_C_COMPILER=clang-19 \
-DCMAKE_CXX_COMPILER=clang++-19 ${CMAKE_ARGS:-}"
# A build directory configured with another compiler: CMake would drop its
# cache for the new compiler and with it -DAFALG_SANITIZE=ON, leaving a
# plain build. Start that directory's configuration over instead.
cache="$BUILD_DIR/CMakeCache.txt"
if [ -f "$cache" ] &&
  ! grep -q '^CMAKE_CXX_COMPILER:[A-Z]*=.*clang++-19$' "$cache"; then
  echo "test-sanitize: $BUILD_DIR used another compiler; reconfiguring" >&2
  rm -rf "$cache" "$BUILD_DIR/CMakeFiles"
fi

# Every report goes to a file in $logs (log_path), because some tools run
# where their exit code is not looked at (a worker killed on purpose, a
# `|| true` in a test script); the files are checked after ctest.
logs="$BUILD_DIR/sanitizer-logs"
rm -rf "$logs"
mkdir -p "$logs"
# abort_on_error: an error ends the process with SIGABRT, not exit code 1,
# so it is a crash to every caller. That includes the isolation test that
# overflows the parser's stack on purpose and expects the worker to die by a
# signal ("the compiler crashed (signal N)"); ASan's own SEGV handler would
# otherwise turn the overflow into a plain exit 1.
# detect_leaks stays on: LLVM's deliberate process-lifetime allocations
# (option registries, ManagedStatic singletons) are still reachable from
# globals at exit, so LeakSanitizer does not count them, and the suite runs
# clean without suppressions. Extraction workers are SIGKILLed when a scan
# ends, so their leaks are checked only in the in-process runs (library
# use, --no-isolate, the fixture runner).
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:strict_string_checks=1:\
detect_stack_use_after_return=1:check_initialization_order=1:\
log_path=$logs/asan"
# halt_on_error: the first undefined behaviour fails the test (the build
# also has -fno-sanitize-recover=undefined; this covers a build without it).
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:\
log_path=$logs/ubsan"

# Not run under the sanitizers (each is run by the plain job, .ci/run):
excluded=(
  # Boots a Debian kernel under qemu (software emulation) and compares the
  # unmodified examples there with their rewrites; the guest and the
  # examples are not instrumented, its only instrumented step
  # (afalg-scan --fix=openssl) is fix/examples-openssl, and the boot runs
  # against a wall-clock timeout that the slower instrumented job only
  # makes flakier.
  'fix/differential-kernel-vs-openssl'
)
exclude_re="^($(
  IFS='|'
  echo "${excluded[*]}"
))\$"

rc=0
"$root/scripts/test.sh" -E "$exclude_re" "$@" || rc=$?

# The suite overflows the parser's stack on purpose (IsolationTest: "a stack
# overflow in the compiler costs one file"); ASan reports that overflow
# before the worker dies. Any other report fails the job.
unexpected=0
for f in "$logs"/*; do
  [ -e "$f" ] || continue
  if grep -q 'ERROR: AddressSanitizer: stack-overflow' "$f"; then
    continue
  fi
  echo "test-sanitize: sanitizer report $f:" >&2
  cat "$f" >&2
  unexpected=$((unexpected + 1))
done
if [ "$unexpected" -gt 0 ]; then
  echo "test-sanitize: $unexpected sanitizer report(s), see above" >&2
  [ "$rc" -ne 0 ] || rc=1
fi
exit "$rc"
