#!/usr/bin/env bash
# End-to-end proof of a rewrite: copy examples/, run afalg-scan --fix=LIB,
# compile every rewritten example against LIB (and the compat runtime where
# it is used), run it, compare its output with the known answer, re-scan
# (no AF_ALG use may remain) and fix again (nothing may change).
# Usage: TOOL SOURCE_DIR LIB [STRATEGY]
#   compat (default): every example through the compat runtime.
#   auto: the examples plus tests/fixes/native/; the one-function hash and
#   HMAC sessions (NATIVE below) must become direct LIB calls, the rest
#   compat calls.
set -euo pipefail
tool="$(realpath "$1")" src="$(realpath "$2")" lib="$3" strategy="${4:-compat}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$src"/examples/*.c "$work/"
native=" "
if [ "$strategy" = auto ]; then
  cp "$src"/tests/fixes/native/*.c* "$work/"
  native=" sha256.c $(cd "$src/tests/fixes/native" && echo *.c*) "
fi
cd "$work"

case "$lib" in
  openssl) libs="-lcrypto" ;;
  gcrypt) libs="$(pkg-config --libs libgcrypt)" ;;
  nettle) libs="$(pkg-config --libs nettle)" ;;
esac

rc=0
"$tool" --fix="$lib" --fix-strategy="$strategy" --quiet . >/dev/null 2>fix.log || rc=$?
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
for c in *.c *.cpp; do
  [ -e "$c" ] || continue
  name="${c%.*}"
  expected="$src/examples/expected/$name.txt"
  [ -e "$expected" ] || expected="$src/tests/fixes/native/expected/$name.txt"
  if [[ "$native" == *" $c "* ]]; then
    if grep -q afalg_compat_ "$c" || ! grep -q "afalg-scan native rewrite" "$c"; then
      echo "FAIL $name: not rewritten natively"; grep -o "not native: [^)]*" fix.log | head -1
      fail=$((fail + 1)); continue
    fi
    with=()
  elif grep -q afalg_compat_ "$c"; then
    with=(-I afalg_compat "${core[@]}" "afalg_compat/afalg_compat_$lib.c")
  else
    echo "FAIL $name: not rewritten"; fail=$((fail + 1)); continue
  fi
  case "$c" in
    *.cpp) compile=(c++ -std=gnu++17 -x c++ "$c" -x none) ;;
    *) compile=(cc -std=gnu11 "$c") ;;
  esac
  # shellcheck disable=SC2086
  if ! "${compile[@]}" -O1 -Wall -Werror -Wno-unused -o "$name" \
      ${with[@]+"${with[@]}"} $libs -pthread; then
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
    echo "PASS $name${with[*]:+ (compat)}"; pass=$((pass + 1))
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
sums="$(cat ./*.c* | md5sum)"
diff="$("$tool" --fix="$lib" --fix-strategy="$strategy" --dry-run --quiet . 2>/dev/null || true)"
if [ -n "$diff" ] || [ "$sums" != "$(cat ./*.c* | md5sum)" ]; then
  echo "FAIL idempotence: a second --fix changes:"; echo "$diff"; fail=$((fail + 1))
else
  echo "PASS idempotence"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
