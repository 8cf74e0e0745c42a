#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-19 (ASan + UBSan, see
# CMakeLists.txt) and runs each briefly on its committed seed corpus.
#
#   tests/fuzz/run.sh [--build-only | --no-build] [LIBFUZZER-FLAG...] [TARGET...]
#
# TARGET: compile_db sanitize baseline suppressions facts diff tokens plan
# (default: all). Flags default to -max_total_time=10. New inputs go to a
# scratch corpus, never into corpus/; a crash leaves its input in
# $FUZZ_BUILD_DIR/artifacts/. Longer hunts:
#   tests/fuzz/run.sh -max_total_time=3600 -jobs=2 facts
# Exits 77 (ctest's "skipped") when the toolchain is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${FUZZ_BUILD_DIR:-$here/../../build-fuzz}"
cxx="${FUZZ_CXX:-clang++-19}"
cc="${FUZZ_CC:-clang-19}"
all=(compile_db sanitize baseline suppressions facts diff tokens plan)

mode=all targets=() flags=()
for a in "$@"; do
  case "$a" in
    --build-only) mode=build ;;
    --no-build) mode=run ;;
    -*) flags+=("$a") ;;
    *) targets+=("$a") ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
[ ${#flags[@]} -gt 0 ] || flags=(-max_total_time=10)

skip() { echo "fuzz: SKIPPED: $*" >&2; exit 77; }
command -v "$cxx" >/dev/null 2>&1 || skip "$cxx not found (scripts/setup.sh installs clang-19)"
probe="$(mktemp -d)"
trap 'rm -rf "$probe"' EXIT
echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char *, unsigned long) { return 0; }' \
  >"$probe/p.cpp"
"$cxx" -fsanitize=fuzzer,address,undefined "$probe/p.cpp" -o "$probe/p" 2>/dev/null ||
  skip "$cxx cannot link -fsanitize=fuzzer (install libclang-rt-19-dev; scripts/setup.sh does)"

if [ "$mode" != run ]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
  cmake --build "$build" --target "${targets[@]/#/fuzz_}"
fi
[ "$mode" != build ] || exit 0

# LLVM leaks a little on purpose (option tables, singletons); leaks in a
# fuzz loop would be real, but reports of those at exit are noise.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
mkdir -p "$build/artifacts"
for t in "${targets[@]}"; do
  bin="$build/fuzz_$t"
  [ -x "$bin" ] || { echo "fuzz: $bin is not built (run without --no-build)" >&2; exit 1; }
  scratch="$probe/$t"
  mkdir -p "$scratch"
  echo "fuzz: $t ${flags[*]}" >&2
  "$bin" "${flags[@]}" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/$t-" "$scratch" "$here/corpus/$t" 2>"$probe/$t.log" || {
    tail -60 "$probe/$t.log" >&2
    echo "fuzz: $t FAILED; reproduce with: $bin $build/artifacts/$t-*" >&2
    exit 1
  }
  grep -aE "stat::number_of_executed_units|Done" "$probe/$t.log" | tr '\n' ' ' >&2
  echo >&2
done
