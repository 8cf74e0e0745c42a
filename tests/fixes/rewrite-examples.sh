#!/usr/bin/env bash
# End-to-end proof of a rewrite: copy examples/, run afalg-scan --fix=LIB,
# compile every rewritten example against the compat runtime and LIB, run
# it, compare its output with the known answer, re-scan (no AF_ALG use may
# remain) and fix again (nothing may change).
# Usage: TOOL SOURCE_DIR LIB
set -euo pipefail
tool="$(realpath "$1")" src="$(realpath "$2")" lib="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$src"/examples/*.c "$work/"
cd "$work"

case "$lib" in
  openssl) libs="-lcrypto" ;;
  gcrypt) libs="$(pkg-config --libs libgcrypt)" ;;
  nettle) libs="$(pkg-config --libs nettle)" ;;
esac

rc=0
"$tool" --fix="$lib" --quiet . >/dev/null 2>fix.log || rc=$?
if [ "$rc" -gt 1 ]; then
  cat fix.log >&2
  echo "FAIL: afalg-scan --fix=$lib exited $rc" >&2
  exit 1
fi
grep -q "rewrote" fix.log || { cat fix.log >&2; exit 1; }

runtime=(afalg_compat/*.c)
core=()
for f in "${runtime[@]}"; do
  case "$f" in
    */afalg_compat_openssl.c | */afalg_compat_gcrypt.c | */afalg_compat_nettle.c) ;;
    *) core+=("$f") ;;
  esac
done

pass=0 fail=0
for c in *.c; do
  name="${c%.c}"
  expected="$src/examples/expected/$name.txt"
  if ! grep -q afalg_compat_ "$c"; then
    echo "FAIL $name: not rewritten"; fail=$((fail + 1)); continue
  fi
  # shellcheck disable=SC2086
  if ! cc -std=gnu11 -O1 -Wall -Werror -Wno-unused -I afalg_compat -o "$name" \
      "$c" "${core[@]}" "afalg_compat/afalg_compat_$lib.c" $libs -pthread; then
    echo "FAIL $name: does not compile"; fail=$((fail + 1)); continue
  fi
  out="$(./"$name")" || { echo "FAIL $name: exit $?"; fail=$((fail + 1)); continue; }
  want="$(cat "$expected")"
  if [[ "$want" == "#regex "* ]]; then
    [[ "$out" =~ ^${want#\#regex }$ ]] && ok=1 || ok=0
  else
    [ "$out" == "$want" ] && ok=1 || ok=0
  fi
  if [ "$ok" = 1 ]; then
    echo "PASS $name"; pass=$((pass + 1))
  else
    echo "FAIL $name: printed '$out', expected '$want'"; fail=$((fail + 1))
  fi
done

# No AF_ALG use may remain, and a second fix must change nothing.
left="$("$tool" --format=text --quiet --fail-on=none . | tail -1)"
case "$left" in
  "0 findings"*) echo "PASS rescan: $left" ;;
  *) echo "FAIL rescan: $left"; "$tool" . || true; fail=$((fail + 1)) ;;
esac
sums="$(cat ./*.c | md5sum)"
diff="$("$tool" --fix="$lib" --dry-run --quiet . 2>/dev/null || true)"
if [ -n "$diff" ] || [ "$sums" != "$(cat ./*.c | md5sum)" ]; then
  echo "FAIL idempotence: a second --fix changes:"; echo "$diff"; fail=$((fail + 1))
else
  echo "PASS idempotence"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
