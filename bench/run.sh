#!/usr/bin/env bash
# bench/run.sh [N] -- benchmark afalg-scan on a synthetic tree of N TUs (default 2000).
#
# Generates the tree into bench/.work/, checks the scan's per-rule counts
# against the generator's expected.txt, then times (hyperfine, median of RUNS
# runs, wall clock):
#   clang-19 -fsyntax-only over every TU (the parse floor), afalg-scan with the
#   compile database cold / warm / after a one-file edit, afalg-scan in audit
#   mode, afalg-scan -j1 (speed-up), and ripgrep; with peak RSS.
# Prints a Markdown table and writes it to bench/results.md.
#
# Environment: RUNS (default 3), JOBS (default 2: xargs -P and afalg-scan -j),
# SEED (1), SHARE (0.02, the AF_ALG share), AFALG_SCAN (default
# build/tool/afalg-scan), CLANG (clang-19), COLD_PREPARE (command run before
# each cold run; default none, as afalg-scan has no cache yet).
set -euo pipefail

N=${1:-2000}
RUNS=${RUNS:-3}
JOBS=${JOBS:-2}
SEED=${SEED:-1}
SHARE=${SHARE:-0.02}
CLANG=${CLANG:-clang-19}
COLD_PREPARE=${COLD_PREPARE:-true}

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
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v rg >/dev/null || need+=(ripgrep)
[ -x /usr/bin/time ] || need+=(time)
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
mkdir -p "$WORK/h"
python3 "$HERE/gen_tree.py" "$N" "$TREE" --afalg-share "$SHARE" --seed "$SEED"
# Audit mode needs a tree without compile_commands.json: the same files, hard-linked.
mkdir -p "$AUDIT"
cp -al "$TREE/src" "$TREE/include" "$AUDIT/"
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
  echo "hyperfine: $(hyperfine --version)"
  echo "rg: $(rg --version | head -1)"
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "rg_lines: $(rg -n 'AF_ALG|SOL_ALG|sockaddr_alg|kcapi_' src include | wc -l)"
  echo "rg_files: $(rg -l 'AF_ALG|SOL_ALG|sockaddr_alg|kcapi_' src include | wc -l)"
} >"$WORK/info.txt"

# ---------------------------------------------------------------- count check
# One untimed scan per mode, with the report kept, against expected.txt. It
# also warms the page cache for every timed row.
say "checking per-rule counts (compile database, then audit mode)"
"$AFALG" -p . -j"$JOBS" --quiet --format=json -o "$WORK/report-db.json" --fail-on=none . ||
  echo "WARNING: afalg-scan -p exited $?" | tee -a "$WORK/counts-warn.txt"
(cd "$AUDIT" && "$AFALG" -j"$JOBS" --quiet --format=json -o "$WORK/report-audit.json" --fail-on=none .) ||
  echo "WARNING: afalg-scan (audit) exited $?" | tee -a "$WORK/counts-warn.txt"
{
  cat "$WORK/counts-warn.txt" 2>/dev/null || true
  echo "compile database (-p):"
  python3 "$HERE/check_counts.py" --label db "$WORK/report-db.json" . || true
  echo "audit mode:"
  python3 "$HERE/check_counts.py" --label audit --quiet "$WORK/report-audit.json" . &&
    echo "  counts match expected.txt" || true
} >"$WORK/counts.txt"
cat "$WORK/counts.txt" >&2
echo "found: $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$WORK/report-db.json")" >>"$WORK/info.txt"

# ---------------------------------------------------------------- timings
: >"$WORK/rows.tsv"
# row KEY LABEL DISPLAYED-COMMAND DIR RSS(yes|no) [hyperfine options...] -- COMMAND
row() {
  local key=$1 label=$2 shown=$3 dir=$4 rss=$5
  shift 5
  local opts=()
  while [ "$1" != "--" ]; do opts+=("$1"); shift; done
  shift
  local cmd=$1 rssfile=
  if [ "$rss" = yes ]; then
    rssfile=$WORK/h/$key.rss
    cmd="/usr/bin/time -f %M -a -o $rssfile $cmd"
  fi
  say "$label"
  (cd "$dir" && hyperfine --runs "$RUNS" --output=pipe --style basic \
    --export-json "$WORK/h/$key.json" --command-name "$key" "${opts[@]}" "$cmd") >&2
  printf '%s\t%s\t%s\t%s\t%s\n' "$key" "$label" "$shown" "$WORK/h/$key.json" "$rssfile" >>"$WORK/rows.tsv"
}

SCAN="-j$JOBS --format=json -o /dev/null --fail-on=none"
row floor "(a) clang-19 -fsyntax-only, every TU, xargs -P$JOBS (floor)" \
  "xargs -P$JOBS -n1 $CLANG -fsyntax-only $FLAGS < tus.txt" "$TREE" yes \
  -- "xargs -P$JOBS -n1 $CLANG -fsyntax-only $FLAGS < tus.txt"
row cold "(b) afalg-scan -p, cold (no cache exists yet)" \
  "afalg-scan -p . $SCAN ." "$TREE" yes \
  --prepare "$COLD_PREPARE" -- "$AFALG -p . $SCAN ."
row warm "(c) afalg-scan -p, warm (no cache yet: = cold)" \
  "afalg-scan -p . $SCAN .   # right after a completed run" "$TREE" yes \
  -- "$AFALG -p . $SCAN ."
row edit "(d) afalg-scan -p, after a one-file edit (no cache yet: = cold)" \
  "afalg-scan -p . $SCAN .   # after appending a comment to \$(cat edit_target.txt)" "$TREE" yes \
  --prepare "sh $WORK/edit-one.sh" -- "$AFALG -p . $SCAN ."
row audit "(e) afalg-scan, audit mode (no compile database)" \
  "afalg-scan $SCAN .   # in audit-tree" "$AUDIT" yes \
  -- "$AFALG $SCAN ."
row rg "(f) ripgrep" \
  "rg -n 'AF_ALG|SOL_ALG|sockaddr_alg|kcapi_' src include" "$TREE" no \
  -- "rg -n 'AF_ALG|SOL_ALG|sockaddr_alg|kcapi_' src include"

row j1 "(g) afalg-scan -p, -j1" \
  "afalg-scan -p . -j1 --format=json -o /dev/null --fail-on=none ." "$TREE" yes \
  -- "$AFALG -p . -j1 --format=json -o /dev/null --fail-on=none ."
say "table (also in bench/results.md)"
python3 "$HERE/make_table.py" "$WORK" "$HERE/results.md"
if grep -q WARNING "$WORK/counts.txt"; then
  echo "WARNING: finding counts differ from expected.txt (see above)" >&2
fi
echo "run.sh: done in $((SECONDS - START)) s" >&2
