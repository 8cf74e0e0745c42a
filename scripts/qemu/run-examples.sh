#!/usr/bin/env bash
# run-examples.sh [OUTDIR] - run every examples/*.c under a real Linux kernel
# (Debian's stock kernel in QEMU TCG) and collect what each one printed.
#
# OUTDIR defaults to $CACHE/results (CACHE below).
# For every example NAME it writes OUTDIR/NAME.out (stdout), NAME.err
# (stderr) and NAME.rc (exit code), plus OUTDIR/_console.log (guest serial
# console) and a few _-prefixed guest facts (_uname, _modprobe.err, _crypto).
#
# Steps (all cached, safe to re-run; see docs in AFALG.md section 6):
#   1. apt-get install qemu-system-x86 busybox-static xz-utils zstd when missing
#   2. apt-get download the kernel package linux-image-amd64 depends on and
#      unpack it with dpkg-deb -x; modules.dep via busybox depmod
#   3. base initramfs: static busybox, /init, the crypto module closure
#   4. compile the examples statically into a second cpio archive
#   5. boot (uncompressed vmlinux via PVH, falling back to the bzImage),
#      collect the results from the second serial port (base64 of a tar.gz
#      between marker lines)
#
# Exit codes: 0 the guest ran all examples (whatever they returned),
#             77 harness problem (no tools, no kernel, boot failure, timeout),
#             2 usage error.
#
# Environment:
#   AFALG_QEMU_CACHE    cache dir (default ${XDG_CACHE_HOME:-$HOME/.cache}/afalg-scan/qemu)
#   AFALG_QEMU_KPKG     kernel package or meta-package to use instead of
#                       linux-image-amd64 (e.g. linux-image-6.12-amd64)
#   AFALG_QEMU_TIMEOUT  seconds for one boot and run (default 120)
#   AFALG_QEMU_KERNEL   auto (default) | vmlinux | bzimage
#   AFALG_EXAMPLES      examples directory (default: <repo>/examples)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
EXAMPLES=${AFALG_EXAMPLES:-$REPO/examples}
CACHE=${AFALG_QEMU_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/afalg-scan/qemu}
OUTDIR=${1:-$CACHE/results}
TIMEOUT=${AFALG_QEMU_TIMEOUT:-120}
KERNEL_MODE=${AFALG_QEMU_KERNEL:-auto}

BEGIN_MARK='=====AFALG-RESULTS-BEGIN====='
END_MARK='=====AFALG-RESULTS-END====='

if [ $# -gt 1 ] || [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
    echo "usage: $0 [OUTDIR]" >&2
    exit 2
fi

log()  { echo "run-examples: $*" >&2; }
skip() { echo "skipped: $*" >&2; exit 77; }

T0=$(date +%s.%N)
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# ---------------------------------------------------------------- 1. tools
as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
    else return 1
    fi
}

APT_UPDATED=
apt_update_once() {
    [ -n "$APT_UPDATED" ] && return 0
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
    APT_UPDATED=1
}

need_pkgs=()
for p in qemu-system-x86 busybox-static xz-utils zstd; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        need_pkgs+=("$p")
    fi
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
    log "installing ${need_pkgs[*]}"
    install_pkgs() {
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            --no-install-recommends "${need_pkgs[@]}" >&2
    }
    if ! install_pkgs; then
        { apt_update_once && install_pkgs; } ||
            skip "cannot install ${need_pkgs[*]} (need root or sudo and a package mirror)"
    fi
fi
for c in qemu-system-x86_64 busybox xz zstd dpkg-deb apt-get gzip base64 tar cc; do
    command -v "$c" >/dev/null 2>&1 || skip "required tool '$c' not found"
done
# The guest needs a statically linked busybox (busybox-static ships /bin/busybox).
BUSYBOX=
for b in /bin/busybox /usr/bin/busybox "$(command -v busybox)"; do
    [ -x "$b" ] || continue
    info=$(LC_ALL=C ldd "$b" 2>&1 || true)
    case $info in *"not a dynamic"* | *"statically linked"*) BUSYBOX=$b; break ;; esac
done
[ -n "$BUSYBOX" ] || skip "no statically linked busybox (install busybox-static)"

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9    # one builder at a time per cache; parallel boots are fine afterwards

# ---------------------------------------------------------------- 2. kernel
# The kernel package a meta-package (linux-image-amd64, linux-image-6.12-amd64)
# depends on; a real kernel package resolves to nothing.
resolve_kpkg() {
    apt-cache depends "$1" 2>/dev/null |
        awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'
}
KMETA=${AFALG_QEMU_KPKG:-linux-image-amd64}
KPKG=$(resolve_kpkg "$KMETA" || true)
if [ -z "$KPKG" ] && [ "$KMETA" = linux-image-amd64 ]; then
    apt_update_once || true
    KPKG=$(resolve_kpkg "$KMETA" || true)
elif [ -z "$KPKG" ]; then
    KPKG=$KMETA     # already a concrete kernel package
fi
if [ -z "$KPKG" ]; then
    # Offline and apt knows nothing: reuse a kernel unpacked earlier.
    KPKG=$(ls -1t "$CACHE/kernel" 2>/dev/null | head -n1 || true)
    [ -n "$KPKG" ] && [ -e "$CACHE/kernel/$KPKG/.unpacked" ] ||
        skip "cannot resolve the kernel package of linux-image-amd64 (apt-cache depends)"
    log "apt-cache has no kernel; using cached $KPKG"
fi
KDIR=$CACHE/kernel/$KPKG
KROOT=$KDIR/root

if [ ! -e "$KDIR/.unpacked" ]; then
    mkdir -p "$CACHE/debs"
    deb=$(ls -1 "$CACHE/debs/${KPKG}_"*.deb 2>/dev/null | head -n1 || true)
    if [ -z "$deb" ]; then
        log "apt-get download $KPKG"
        dl() { (cd "$CACHE/debs" && apt-get download -q "$KPKG" >&2); }
        dl || { apt_update_once && dl; } || skip "apt-get download $KPKG failed"
        deb=$(ls -1 "$CACHE/debs/${KPKG}_"*.deb 2>/dev/null | head -n1 || true)
        [ -n "$deb" ] || skip "apt-get download $KPKG produced no .deb"
    fi
    log "unpacking $(basename "$deb")"
    rm -rf "$KDIR"; mkdir -p "$KDIR"
    dpkg-deb -x "$deb" "$KROOT" || skip "dpkg-deb -x $deb failed"
    # Newer kernels ship compressed modules; the guest's busybox modprobe
    # wants plain .ko files.
    find "$KROOT" -name '*.ko.xz'  -exec xz -d {} +
    find "$KROOT" -name '*.ko.zst' -exec zstd -q -d --rm {} +
    touch "$KDIR/.unpacked"
fi

MODBASE=
for d in "$KROOT/lib/modules" "$KROOT/usr/lib/modules"; do
    [ -d "$d" ] && MODBASE=$d && break
done
[ -n "$MODBASE" ] || skip "no modules directory in $KPKG"
KVER=$(ls -1 "$MODBASE" | head -n1)
BZIMAGE=$(ls -1 "$KROOT"/boot/vmlinuz-* 2>/dev/null | head -n1 || true)
[ -n "$BZIMAGE" ] || skip "no /boot/vmlinuz-* in $KPKG"
# busybox depmod always looks at BASE/lib/modules/VERSION.
DEPBASE=${MODBASE%/lib/modules}
if [ ! -s "$MODBASE/$KVER/modules.dep" ]; then
    log "busybox depmod $KVER"
    "$BUSYBOX" depmod -b "$DEPBASE" "$KVER" || skip "busybox depmod failed"
fi

# Uncompressed ELF vmlinux for a fast PVH boot: find the compressed payload
# inside the bzImage by its magic and keep the first candidate that unpacks
# to an ELF file.
extract_vmlinux() {
    local img=$1 out=$2 tmp=$2.tmp magic tool off
    for spec in "xz:\xfd\x37\x7a\x58\x5a\x00" "zstd:\x28\xb5\x2f\xfd" \
                "gzip:\x1f\x8b\x08" "lzma:\x5d\x00\x00\x00" "bzip2:BZh"; do
        tool=${spec%%:*}; magic=${spec#*:}
        command -v "$tool" >/dev/null 2>&1 || continue
        for off in $(LC_ALL=C grep -obUaP "$magic" "$img" 2>/dev/null | cut -d: -f1 | head -n 8); do
            case $tool in
                xz)   tail -c +"$((off + 1))" "$img" | xz -dc 2>/dev/null > "$tmp" || true ;;
                zstd) tail -c +"$((off + 1))" "$img" | zstd -dc 2>/dev/null > "$tmp" || true ;;
                gzip) tail -c +"$((off + 1))" "$img" | gzip -dc 2>/dev/null > "$tmp" || true ;;
                lzma) tail -c +"$((off + 1))" "$img" | xz -dc --format=lzma 2>/dev/null > "$tmp" || true ;;
                bzip2) tail -c +"$((off + 1))" "$img" | bzip2 -dc 2>/dev/null > "$tmp" || true ;;
            esac
            if [ "$(head -c 4 "$tmp" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 7f454c46 ]; then
                mv "$tmp" "$out"
                return 0
            fi
        done
    done
    rm -f "$tmp"
    return 1
}
VMLINUX=$KDIR/vmlinux
if [ "$KERNEL_MODE" != bzimage ] && [ ! -s "$VMLINUX" ] && [ ! -e "$KDIR/.no-vmlinux" ]; then
    log "extracting vmlinux from $(basename "$BZIMAGE")"
    extract_vmlinux "$BZIMAGE" "$VMLINUX" || { log "no ELF payload found; will boot the bzImage"; touch "$KDIR/.no-vmlinux"; }
fi

# ---------------------------------------------------------------- 3. base initramfs
write_init() {
cat <<EOF
#!/bin/sh
# Guest side of scripts/qemu/run-examples.sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /results
uname -r > /results/_uname
for m in af_alg algif_hash algif_skcipher algif_aead algif_rng; do
    modprobe \$m 2>>/results/_modprobe.err || echo "modprobe \$m failed" >>/results/_modprobe.err
done
cd /tmp 2>/dev/null || cd /
for t in /tests/bin/*; do
    [ -x "\$t" ] || continue
    n=\${t##*/}
    timeout 30 "\$t" </dev/null >/results/\$n.out 2>/results/\$n.err
    echo \$? >/results/\$n.rc
done
grep -E '^(name|driver) ' /proc/crypto > /results/_crypto 2>/dev/null
stty -F /dev/ttyS1 raw -echo 2>/dev/null
{
    echo '$BEGIN_MARK'
    tar -C /results -czf - . | base64
    echo '$END_MARK'
} >/dev/ttyS1
sync
poweroff -f
EOF
}
# The base image depends on /init, busybox and this script (module selection).
INIT_HASH=$( { write_init; cat "$BUSYBOX" "${BASH_SOURCE[0]}"; } | sha256sum | cut -c1-16)
BASE_CPIO=$KDIR/base-$INIT_HASH.cpio.gz
if [ ! -s "$BASE_CPIO" ]; then
    log "building base initramfs ($KVER)"
    stage=$(mktemp -d "$CACHE/stage.XXXXXX")
    trap 'rm -rf "$stage"' EXIT
    mkdir -p "$stage"/{bin,dev,proc,sys,tmp,results,tests/bin} "$stage/lib/modules/$KVER"
    ln -s bin "$stage/sbin"; mkdir -p "$stage/usr"; ln -s ../bin "$stage/usr/bin"; ln -s ../bin "$stage/usr/sbin"
    cp "$BUSYBOX" "$stage/bin/busybox"
    for a in $("$BUSYBOX" --list); do
        [ "$a" = busybox ] || ln -sf busybox "$stage/bin/$a"
    done
    write_init > "$stage/init"; chmod 755 "$stage/init"

    # The crypto modules and the closure of their dependencies.
    moddir=$MODBASE/$KVER
    (cd "$moddir" && find kernel/crypto kernel/arch/x86/crypto kernel/lib/crypto \
        -name '*.ko' 2>/dev/null) | sort -u > "$stage/.want"
    awk -v want="$stage/.want" '
        BEGIN { while ((getline m < want) > 0) { need[m] = 1; queue[++n] = m } }
        { key = $1; sub(/:$/, "", key); deps[key] = ""; for (i = 2; i <= NF; i++) deps[key] = deps[key] " " $i }
        END {
            for (q = 1; q <= n; q++) {
                k = split(deps[queue[q]], d, " ")
                for (i = 1; i <= k; i++) if (!(d[i] in need)) { need[d[i]] = 1; queue[++n] = d[i] }
            }
            for (m in need) print m
        }' "$moddir/modules.dep" | sort > "$stage/.closure"
    while read -r m; do
        [ -f "$moddir/$m" ] || continue
        mkdir -p "$stage/lib/modules/$KVER/$(dirname "$m")"
        cp "$moddir/$m" "$stage/lib/modules/$KVER/$m"
    done < "$stage/.closure"
    for f in modules.builtin modules.builtin.modinfo modules.order; do
        [ -f "$moddir/$f" ] && cp "$moddir/$f" "$stage/lib/modules/$KVER/"
    done
    nmods=$(wc -l < "$stage/.closure")
    rm -f "$stage/.want" "$stage/.closure"
    "$BUSYBOX" depmod -b "$stage" "$KVER" || skip "busybox depmod on the initramfs failed"
    (cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | "$BUSYBOX" cpio -o -H newc -R 0:0 2>/dev/null) |
        gzip -9 > "$BASE_CPIO.tmp"
    rm -f "$KDIR"/base-*.cpio.gz    # images built by older versions of this script
    mv "$BASE_CPIO.tmp" "$BASE_CPIO"
    rm -rf "$stage"; trap - EXIT
    log "base initramfs: $nmods modules, $(du -h "$BASE_CPIO" | cut -f1)"
fi
flock -u 9

T_PREP=$(elapsed "$T0")

# ---------------------------------------------------------------- 4. test programs
WORK=$(mktemp -d "${TMPDIR:-/tmp}/afalg-qemu.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/t/tests/bin" "$WORK/t/lib" "$WORK/t/lib64"
shopt -s nullglob
srcs=("$EXAMPLES"/*.c)
[ ${#srcs[@]} -gt 0 ] || skip "no examples in $EXAMPLES"
CC=${CC:-cc}
for src in "${srcs[@]}"; do
    name=$(basename "$src" .c)
    exe=$WORK/t/tests/bin/$name
    if ! "$CC" -static -O2 -Wall -o "$exe" "$src" 2>"$WORK/cc.err"; then
        # No static libc: link dynamically and ship the libraries.
        "$CC" -O2 -Wall -o "$exe" "$src" 2>"$WORK/cc.err" || {
            cat "$WORK/cc.err" >&2
            skip "cannot compile $name"
        }
        for lib in $(ldd "$exe" 2>/dev/null | grep -o '/[^ ]*' | sort -u); do
            mkdir -p "$WORK/t$(dirname "$lib")"
            cp -L "$lib" "$WORK/t$lib"
        done
    fi
done
(cd "$WORK/t" && find . -mindepth 1 | LC_ALL=C sort | "$BUSYBOX" cpio -o -H newc -R 0:0 2>/dev/null) |
    gzip -1 > "$WORK/tests.cpio.gz"
cat "$BASE_CPIO" "$WORK/tests.cpio.gz" > "$WORK/initrd.gz"

# ---------------------------------------------------------------- 5. boot
boot() {   # boot KERNEL-IMAGE; sets QEMU_RC
    local kimg=$1
    : > "$WORK/console.log"; : > "$WORK/results.b64"
    QEMU_RC=0
    timeout --kill-after=5 "$TIMEOUT" qemu-system-x86_64 \
        -accel tcg -m 512 -smp 1 -nodefaults -no-user-config -display none -no-reboot \
        -serial "file:$WORK/console.log" -serial "file:$WORK/results.b64" \
        -kernel "$kimg" -initrd "$WORK/initrd.gz" \
        -append "console=ttyS0 quiet loglevel=3 panic=-1" \
        </dev/null >"$WORK/qemu.log" 2>&1 || QEMU_RC=$?
}

T1=$(date +%s.%N)
used=
if [ "$KERNEL_MODE" != bzimage ] && [ -s "$VMLINUX" ]; then
    boot "$VMLINUX"; used=vmlinux
    # QEMU refuses an ELF kernel without a PVH note at once: retry with the bzImage.
    if [ "$QEMU_RC" != 0 ] && [ "$QEMU_RC" != 124 ] && [ ! -s "$WORK/console.log" ] &&
       [ "$KERNEL_MODE" = auto ]; then
        log "PVH boot refused ($(head -c 200 "$WORK/qemu.log")); retrying with the bzImage"
        boot "$BZIMAGE"; used=bzImage
    fi
else
    boot "$BZIMAGE"; used=bzImage
fi
T_BOOT=$(elapsed "$T1")

mkdir -p "$OUTDIR"
cp "$WORK/console.log" "$OUTDIR/_console.log" 2>/dev/null || true
if ! tr -d '\r' < "$WORK/results.b64" | grep -qx "$END_MARK"; then
    why="exit $QEMU_RC"; [ "$QEMU_RC" = 124 ] && why="timeout after ${TIMEOUT}s"
    tail -n 20 "$WORK/console.log" >&2 || true
    cat "$WORK/qemu.log" >&2 || true
    skip "no results end marker from the guest ($used, $why); console in $OUTDIR/_console.log"
fi
# Fresh results only: drop what a previous run left.
rm -f "$OUTDIR"/*.out "$OUTDIR"/*.err "$OUTDIR"/*.rc
tr -d '\r' < "$WORK/results.b64" |
    sed -n "/^$BEGIN_MARK\$/,/^$END_MARK\$/p" | sed '1d;$d' |
    base64 -d | tar -xzf - -C "$OUTDIR" ||
    skip "results archive from the guest is corrupt"

n=0
for src in "${srcs[@]}"; do
    name=$(basename "$src" .c)
    if [ -f "$OUTDIR/$name.rc" ]; then n=$((n + 1)); else log "no result for $name"; fi
done
if [ -s "$OUTDIR/_modprobe.err" ]; then
    log "guest modprobe messages:"; sed 's/^/  /' "$OUTDIR/_modprobe.err" >&2
fi
log "kernel $(cat "$OUTDIR/_uname" 2>/dev/null) ($KPKG, $used boot): $n of ${#srcs[@]} examples ran"
log "timings: prepare ${T_PREP}s, boot+run ${T_BOOT}s, total $(elapsed "$T0")s"
log "results in $OUTDIR"
