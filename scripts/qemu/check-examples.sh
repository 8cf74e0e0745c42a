#!/usr/bin/env bash
# check-examples.sh [--no-run] [OUTDIR] - run the examples under a real kernel
# (scripts/qemu/run-examples.sh) and compare each one's stdout with
# examples/expected/NAME.txt.
#
# Expected-output files:
#   * normally the exact bytes the program must print on stdout;
#   * a file whose first line starts with "#regex " holds a POSIX extended
#     regular expression after that prefix: the whole stdout, minus one
#     trailing newline, must match it completely (anchored at both ends).
# An example also fails when its exit code is not 0.
#
# --no-run compares the results already in OUTDIR without booting.
#
# Exit codes: 0 all passed, 1 some example failed, 77 harness problem
# (skipped: no qemu/kernel, boot failure or timeout), 2 usage error.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
EXAMPLES=${AFALG_EXAMPLES:-$REPO/examples}

run=1
if [ "${1:-}" = --no-run ]; then run=0; shift; fi
if [ $# -gt 1 ] || [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
    echo "usage: $0 [--no-run] [OUTDIR]" >&2
    exit 2
fi
CACHE=${AFALG_QEMU_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/afalg-scan/qemu}
OUTDIR=${1:-$CACHE/results}   # same default as run-examples.sh

if [ "$run" = 1 ]; then
    AFALG_EXAMPLES=$EXAMPLES "$HERE/run-examples.sh" "$OUTDIR"
    rc=$?
    if [ "$rc" = 77 ]; then
        echo "check-examples: skipped (harness failure, see above)" >&2
        exit 77
    elif [ "$rc" != 0 ]; then
        echo "skipped: run-examples.sh failed with exit code $rc" >&2
        exit 77
    fi
elif [ ! -d "$OUTDIR" ]; then
    echo "skipped: no results directory $OUTDIR" >&2
    exit 77
fi

passed=0 failed=0
shopt -s nullglob
expected_files=("$EXAMPLES"/expected/*.txt)
if [ ${#expected_files[@]} -eq 0 ]; then
    echo "check-examples: no expected outputs in $EXAMPLES/expected" >&2
    exit 2
fi

fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

for exp in "${expected_files[@]}"; do
    name=$(basename "$exp" .txt)
    out=$OUTDIR/$name.out
    if [ ! -f "$OUTDIR/$name.rc" ] || [ ! -f "$out" ]; then
        fail "$name" "no result (not run?)"
        continue
    fi
    rc=$(tr -d ' \n' < "$OUTDIR/$name.rc")
    if [ "$rc" != 0 ]; then
        fail "$name" "exit code $rc; stderr: $(head -c 300 "$OUTDIR/$name.err" 2>/dev/null | tr '\n' ' ')"
        continue
    fi
    first=$(head -n1 "$exp")
    if [ "${first#\#regex }" != "$first" ]; then
        re=${first#\#regex }
        # $(...) strips every trailing newline; the rule is "minus one", so
        # check the output's shape separately: ends in exactly one newline.
        text=$(cat "$out"; echo x); text=${text%x}
        if [ "${text%$'\n'}" = "$text" ]; then
            fail "$name" "output does not end with a newline"
            continue
        fi
        text=${text%$'\n'}
        if [[ $text =~ ^($re)$ ]]; then
            echo "PASS $name"; passed=$((passed + 1))
        else
            fail "$name" "output '$(head -c 200 "$out")' does not match /$re/"
        fi
    elif cmp -s "$exp" "$out"; then
        echo "PASS $name"; passed=$((passed + 1))
    else
        fail "$name" "output differs from $(basename "$exp"):"
        diff -u "$exp" "$out" | sed 's/^/    /' | head -n 20
    fi
done

for src in "$EXAMPLES"/*.c; do
    name=$(basename "$src" .c)
    [ -f "$EXAMPLES/expected/$name.txt" ] || fail "$name" "no expected/$name.txt"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
