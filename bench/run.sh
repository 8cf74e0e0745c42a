#!/usr/bin/env bash
# bench/run.sh [N] -- benchmark afalg-scan on a synthetic tree of N TUs (default 2000).
#
# Generates the tree into bench/.work/, checks the scan's per-rule counts
# against the generator's expected.txt, then times every row RUNS times,
# round-robin (bench/timeit.py: wall, CPU, peak RSS; medians):
#   clang-19 -fsyntax-only over every TU (the parse floor), the same parse
#   batched in-process, over the edited TU alone (one TU's parse) and over
#   the TUs a cold afalg-scan parses, afalg-scan with the compile database
#   cold / warm / after a one-file edit, afalg-scan parsing every TU (no
#   prefilter) with -jJOBS and -j1, afalg-scan in audit mode, ripgrep, and
#   afalg-scan -j1 cold (parallel speed-up).
# Prints a Markdown table and writes it to bench/results.md.
#
# Environment: RUNS (default 3), JOBS (default 2: xargs -P and afalg-scan -j),
# SEED (1), SHARE (0.02, the AF_ALG share), AFALG_SCAN (default
# build/tool/afalg-scan), CLANG (clang-19), COLD_PREPARE (an extra command run
# before each cold row; default none).
#
# Features are detected from afalg-scan --help: with --cache-dir, rows (b)-(d)
# and (g) use a cache in bench/.work/cache, emptied before (b) and (g); with
# --no-prefilter, row (b2) times the full parse. AFALG_SCAN_CACHE_DIR is unset.
set -euo pipefail

N=${1:-2000}
RUNS=${RUNS:-3}
JOBS=${JOBS:-2}
SEED=${SEED:-1}
SHARE=${SHARE:-0.02}
CLANG=${CLANG:-clang-19}
COLD_PREPARE=${COLD_PREPARE:-true}
unset AFALG_SCAN_CACHE_DIR

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$HERE")
AFALG=${AFALG_SCAN:-$REPO/build/tool/afalg-scan}
WORK=$HERE/.work
TREE=$WORK/tree
AUDIT=$WORK/audit-tree
START=$SECONDS

say() { printf '\n== %s\n' "$*" >&2; }

# ---------------------------------------------------------------- tools
need=()
command -v rg >/dev/null || need+=(ripgrep)
command -v "$CLANG" >/dev/null || need+=("$CLANG")
if ((${#need[@]})); then
  say "installing ${need[*]}"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y "${need[@]}" ||
    { $SUDO apt-get update && $SUDO apt-get install -y "${need[@]}"; }
fi
if [ ! -x "$AFALG" ]; then
  echo "run.sh: no afalg-scan at $AFALG: build it first (scripts/demo.sh) or set AFALG_SCAN" >&2
  exit 2
fi

# ---------------------------------------------------------------- tree
say "generating $N TUs into bench/.work/tree"
rm -rf "$WORK"
mkdir -p "$WORK"
python3 "$HERE/gen_tree.py" "$N" "$TREE" --afalg-share "$SHARE" --seed "$SEED"
# Audit mode needs a tree without compile_commands.json: the same files, hard-linked.
mkdir -p "$AUDIT"
cp -al "$TREE/src" "$TREE/include" "$AUDIT/"
# One binary for the whole run, even if build/ is rebuilt meanwhile.
cp "$AFALG" "$WORK/afalg-scan"
AFALG=$WORK/afalg-scan
cd "$TREE"

# The parse floor uses the database's own flags (minus -c/-o and the file).
FLAGS=$(python3 - <<'EOF'
import json, shlex, sys
flags = set()
for e in json.load(open("compile_commands.json")):
    a = shlex.split(e["command"])[1:]
    out, i = [], 0
    while i < len(a):
        if a[i] == "-o":
            i += 2
            continue
        if a[i] != "-c" and a[i] != e["file"]:
            out.append(a[i])
        i += 1
    flags.add(" ".join(out))
if len(flags) != 1:
    sys.exit("run.sh: TUs have different flags: %s" % sorted(flags)[:3])
print(flags.pop())
EOF
)
# The same parse without one process per TU: the driver's own -cc1 command
# for the first TU (minus its file, -main-file-name and -disable-free, which
# would keep every AST of a batch alive), fed batches of TUs. cc1 parses the
# inputs one after the other in one process: the floor without process start-up.
mapfile -t CC1 < <("$CLANG" -### -fsyntax-only $FLAGS "$(head -1 tus.txt)" 2>&1 | tail -1 |
  python3 -c '
import shlex, sys
a = shlex.split(sys.stdin.read())[1:]
out, i = [], 0
while i < len(a):
    if a[i] == "-main-file-name":
        i += 2
        continue
    if a[i] != "-disable-free":
        out.append(a[i])
    i += 1
assert out[0] == "-cc1" and out[-3:-1] == ["-x", "c"], out
print("\n".join(out[:-1]))')
CC1Q=$(printf '%q ' "${CC1[@]}")
EDIT=$(cat edit_target.txt)
cat >"$WORK/edit-one.sh" <<EOF
printf '/* bench edit %s */\n' "\$(date +%s%N)" >> "$TREE/$EDIT"
EOF

# ---------------------------------------------------------------- facts
{
  echo "n: $N"
  echo "share: $SHARE"
  echo "seed: $SEED"
  echo "runs: $RUNS"
  echo "jobs: $JOBS"
  echo "tus: $(wc -l <tus.txt)"
  echo "afalg_tus: $(sed -n 's/^# .* TUs, \([0-9]*\) using AF_ALG.*/\1/p' expected.txt)"
  echo "loc: $(cat $(cat tus.txt) include/proj/*.h | wc -l)"
  echo "expected: $(awk '$1 == "total" { print $2 }' expected.txt)"
  echo "nproc: $(nproc)"
  echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "clang: $("$CLANG" --version | head -1)"
  echo "afalg: $("$AFALG" --version)"
  echo "rg: $(rg --version | head -1)"
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "rg_lines: $(rg -n 'AF_ALG|SOL_ALG|sockaddr_alg|kcapi_' src include | wc -l)"
  echo "rg_files: $(rg -l 'AF_ALG|SOL_ALG|sockaddr_alg|kcapi_' src include | wc -l)"
} >"$WORK/info.txt"

# ---------------------------------------------------------------- features
HELP=$("$AFALG" --help)
HAS_CACHE=no; [[ $HELP == *--cache-dir* ]] && HAS_CACHE=yes
HAS_PREFILTER=no; [[ $HELP == *--no-prefilter* ]] && HAS_PREFILTER=yes
NOCACHE=; [ $HAS_CACHE = yes ] && NOCACHE=" --no-cache"
echo "cache: $HAS_CACHE" >>"$WORK/info.txt"
echo "prefilter: $HAS_PREFILTER" >>"$WORK/info.txt"

# ---------------------------------------------------------------- count check
# One untimed scan per mode, with the report kept, against expected.txt. It
# also warms the page cache for every timed row.
say "checking per-rule counts (compile database, audit mode, no prefilter)"
check() { # LABEL DIR ARGS...
  local label=$1 dir=$2
  shift 2
  (cd "$dir" && "$AFALG" -j"$JOBS" --quiet --format=json -o "$WORK/report-$label.json" \
    --fail-on=none "$@" 2>"$WORK/stderr-$label.txt") || echo "WARNING: afalg-scan ($label) exited $?"
  python3 "$HERE/check_counts.py" --label "$label" --quiet "$WORK/report-$label.json" "$TREE" &&
    echo "  $label: counts match expected.txt" || true
}
{
  echo "expected.txt: $(grep -v '^#' expected.txt | tr '\n' ' ' | sed 's/ $//')"
  STATS=; [[ $HELP == *--stats* ]] && STATS=--stats
  check db "$TREE" -p . $NOCACHE $STATS .
  check audit "$AUDIT" $NOCACHE .
  [ $HAS_PREFILTER = yes ] && check full "$TREE" -p . --no-prefilter $NOCACHE .
  true
} >"$WORK/counts.txt"
cat "$WORK/counts.txt" >&2
echo "stats: $(grep -h 'stats:' "$WORK/stderr-db.txt" | sed 's/^afalg-scan: stats: //' | paste -sd '|' - | sed 's/|/; /g')" >>"$WORK/info.txt"
echo "found: $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$WORK/report-db.json")" >>"$WORK/info.txt"
# The prefilter must not change the report at all, not only the counts.
if [ $HAS_PREFILTER = yes ]; then
  cmp -s "$WORK/report-db.json" "$WORK/report-full.json" && SAME=yes || SAME=no
  echo "same_report: $SAME" >>"$WORK/info.txt"
fi

# The TUs a cold run parses (the rest the prefilter decides by their text):
# the main files among the dependencies of the cache entries it writes.
if [ $HAS_CACHE = yes ]; then
  rm -rf "$WORK/cache-list"
  (cd "$TREE" && "$AFALG" -p . -j"$JOBS" --cache-dir "$WORK/cache-list" --quiet \
    --format=json -o /dev/null --fail-on=none .) || true
  python3 - "$WORK/cache-list" "$TREE" >"$WORK/parsed_tus.txt" <<'EOF'
import os, sys
cache, tree = sys.argv[1], os.path.realpath(sys.argv[2])
tus = set(l.strip() for l in open(os.path.join(tree, "tus.txt")))
parsed = set()
for d, _, files in os.walk(cache):
    for f in files:
        if not f.endswith(".facts"):
            continue
        lines = open(os.path.join(d, f), encoding="utf-8", errors="replace").read().split("\n")
        for dep in lines[3:3 + int(lines[2])]:
            rel = os.path.relpath(dep.partition(" ")[2], tree)
            if rel in tus:
                parsed.add(rel)
print("\n".join(sorted(parsed)))
EOF
  echo "parsed_tus: $(grep -c . "$WORK/parsed_tus.txt")" >>"$WORK/info.txt"
fi

# ---------------------------------------------------------------- timings
# rows.tsv: KEY, label, command as shown in the table;
# timed.tsv: KEY, directory, prepare, command as run (bench/timeit.py).
: >"$WORK/rows.tsv"
: >"$WORK/timed.tsv"
row() { # KEY LABEL SHOWN DIR PREPARE COMMAND
  printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$WORK/rows.tsv"
  printf '%s\t%s\t%s\t%s\n' "$1" "$4" "$5" "$6" >>"$WORK/timed.tsv"
}
OUT="--format=json -o /dev/null --fail-on=none"
if [ $HAS_CACHE = yes ]; then
  CACHE=" --cache-dir ../cache"
  CLEAR="rm -rf ../cache"
  [ "$COLD_PREPARE" = true ] || CLEAR="$CLEAR; $COLD_PREPARE"
  COLD="(b) afalg-scan -p, cold cache"
  WARM="(c) afalg-scan -p, warm cache"
  EDITED="(d) afalg-scan -p, warm cache, one TU edited"
  J1="(g) afalg-scan -p -j1, cold cache"
else
  CACHE=
  CLEAR=$COLD_PREPARE
  COLD="(b) afalg-scan -p, cold (no cache in this build)"
  WARM="(c) afalg-scan -p, warm (no cache in this build: = cold)"
  EDITED="(d) afalg-scan -p, one TU edited (no cache in this build: = cold)"
  J1="(g) afalg-scan -p -j1"
fi
row floor "(a) clang-19 -fsyntax-only, every TU, xargs -P$JOBS (floor)" \
  "xargs -P$JOBS -n1 $CLANG -fsyntax-only $FLAGS < tus.txt" \
  "$TREE" "" "xargs -P$JOBS -n1 $CLANG -fsyntax-only $FLAGS < tus.txt"
row batch "(a2) the same parse, 50 TUs per clang-19 -cc1 process, xargs -P$JOBS" \
  "xargs -P$JOBS -n50 $CLANG \$CC1 < tus.txt   # CC1: the driver's -cc1 flags for one TU (clang-19 -### -fsyntax-only $FLAGS FILE) minus FILE, -main-file-name and -disable-free" \
  "$TREE" "" "xargs -P$JOBS -n50 $CLANG $CC1Q < tus.txt"
row one "(a3) clang-19 -fsyntax-only of the edited TU alone (one TU's parse)" \
  "$CLANG -fsyntax-only $FLAGS \$(cat edit_target.txt)" \
  "$TREE" "" "$CLANG -fsyntax-only $FLAGS $EDIT"
if [ $HAS_CACHE = yes ]; then
  row parsed "(a4) clang-19 -fsyntax-only of the TUs a cold afalg-scan parses, xargs -P$JOBS" \
    "xargs -P$JOBS -n1 $CLANG -fsyntax-only $FLAGS < parsed_tus.txt   # the main files of the cache entries a cold run writes" \
    "$TREE" "" "xargs -P$JOBS -n1 $CLANG -fsyntax-only $FLAGS < $WORK/parsed_tus.txt"
fi
row cold "$COLD" \
  "afalg-scan -p . -j$JOBS$CACHE $OUT .   # after: ${CLEAR/#true/nothing}" \
  "$TREE" "$CLEAR" "$AFALG -p . -j$JOBS$CACHE $OUT ."
row warm "$WARM" \
  "afalg-scan -p . -j$JOBS$CACHE $OUT .   # right after (b)" \
  "$TREE" "" "$AFALG -p . -j$JOBS$CACHE $OUT ."
row edit "$EDITED" \
  "afalg-scan -p . -j$JOBS$CACHE $OUT .   # right after (c), once a comment is appended to \$(cat edit_target.txt)" \
  "$TREE" "sh $WORK/edit-one.sh" "$AFALG -p . -j$JOBS$CACHE $OUT ."
if [ $HAS_PREFILTER = yes ]; then
  row full "(b2) afalg-scan -p, no prefilter, no cache: every TU parsed" \
    "afalg-scan -p . -j$JOBS --no-prefilter$NOCACHE $OUT ." \
    "$TREE" "$COLD_PREPARE" "$AFALG -p . -j$JOBS --no-prefilter$NOCACHE $OUT ."
  row fullj1 "(g2) the same with -j1: every TU parsed, one at a time" \
    "afalg-scan -p . -j1 --no-prefilter$NOCACHE $OUT ." \
    "$TREE" "$COLD_PREPARE" "$AFALG -p . -j1 --no-prefilter$NOCACHE $OUT ."
fi
row audit "(e) afalg-scan, audit mode (no compile database)" \
  "afalg-scan -j$JOBS$NOCACHE $OUT .   # in audit-tree" \
  "$AUDIT" "$COLD_PREPARE" "$AFALG -j$JOBS$NOCACHE $OUT ."
row rg "(f) ripgrep" \
  "rg -n 'AF_ALG|SOL_ALG|sockaddr_alg|kcapi_' src include" \
  "$TREE" "" "rg -n 'AF_ALG|SOL_ALG|sockaddr_alg|kcapi_' src include"
row j1 "$J1" \
  "afalg-scan -p . -j1$CACHE $OUT .   # after: ${CLEAR/#true/nothing}" \
  "$TREE" "$CLEAR" "$AFALG -p . -j1$CACHE $OUT ."

say "timing: $RUNS rounds, every row once per round"
python3 "$HERE/timeit.py" --rounds "$RUNS" --out "$WORK/timings.json" "$WORK/timed.tsv"
echo "load_end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$WORK/info.txt"

say "table (also in bench/results.md)"
python3 "$HERE/make_table.py" "$WORK" "$HERE/results.md"
if grep -q WARNING "$WORK/counts.txt"; then
  echo "WARNING: finding counts differ from expected.txt (see above)" >&2
fi
echo "run.sh: done in $((SECONDS - START)) s" >&2
