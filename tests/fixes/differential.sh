#!/usr/bin/env bash
# Differential test: every example runs unmodified under a real Linux kernel
# with AF_ALG (qemu, software emulation: scripts/qemu/), and rewritten onto
# the compat runtime natively; both must print the same bytes (random.c:
# both must match its pattern). Exit 77 (skipped) when no kernel can be
# booted here, with the reason.
# Usage: TOOL SOURCE_DIR LIB
set -uo pipefail
tool="$(realpath "$1")" src="$(realpath "$2")" lib="${3:-openssl}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$src/scripts/qemu/check-examples.sh" "$work/kernel" > "$work/kernel.log" 2>&1
rc=$?
if [ "$rc" = 77 ]; then
  echo "skipped: cannot run a kernel with AF_ALG here:"; tail -5 "$work/kernel.log"
  exit 77
fi
cat "$work/kernel.log"
[ "$rc" = 0 ] || { echo "FAIL: the original examples do not pass under the kernel"; exit 1; }

set -e
mkdir "$work/fixed"
cp "$src"/examples/*.c "$work/fixed/"
cd "$work/fixed"
"$tool" --fix="$lib" --quiet . >/dev/null 2>&1 || true
core=()
for f in afalg_compat/*.c; do
  case "$f" in */afalg_compat_openssl.c | */afalg_compat_gcrypt.c | */afalg_compat_nettle.c) ;; *) core+=("$f") ;; esac
done
case "$lib" in openssl) libs=-lcrypto ;; gcrypt) libs=-lgcrypt ;; nettle) libs=-lnettle ;; esac
pass=0 fail=0
for c in *.c; do
  n="${c%.c}"
  cc -std=gnu11 -O1 -w -I afalg_compat -o "$n" "$c" "${core[@]}" \
    "afalg_compat/afalg_compat_$lib.c" $libs -pthread
  native="$(./"$n")"
  kernel="$(cat "$work/kernel/$n.out")"
  if [ "$n" = random ]; then
    [[ "$native" =~ ^32\ bytes:\ [0-9a-f]{64}$ && "$kernel" =~ ^32\ bytes:\ [0-9a-f]{64}$ ]] && ok=1 || ok=0
  else
    [ "$native" = "$kernel" ] && ok=1 || ok=0
  fi
  if [ "$ok" = 1 ]; then pass=$((pass + 1)); echo "PASS $n: kernel and $lib agree"
  else fail=$((fail + 1)); echo "FAIL $n: kernel '$kernel' vs $lib '$native'"; fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
