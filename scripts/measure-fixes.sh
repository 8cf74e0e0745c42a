#!/usr/bin/env bash
# How much of a code base --fix can rewrite, and whether the result still
# compiles: for every project directory given (default: tests/corpus/*),
# copy it, run afalg-scan --fix=LIB, count sessions rewritten natively,
# through compat and not at all, then compare each rewritten file's
# `-fsyntax-only` status before and after (audit-style flags: the projects
# come without their build system, so a file that did not compile before
# is reported apart, not blamed on the rewrite).
#
#   scripts/measure-fixes.sh [LIB] [PROJECT-DIR...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool="${AFALG_SCAN:-$root/build/tool/afalg-scan}"
lib="${1:-openssl}"
shift || true
[ $# -gt 0 ] || set -- "$root"/tests/corpus/*/
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

syntax() { # FILE: 0 if it parses, with the include dirs audit mode infers
  local f="$1" d
  local flags=(-fsyntax-only -w -D_GNU_SOURCE -I"$(dirname "$f")" -Iafalg_compat)
  for d in $(find . -type d -name include); do flags+=(-I"$d"); done
  case "$f" in
    *.cc | *.cpp | *.cxx) clang++-19 -std=gnu++17 "${flags[@]}" "$f" ;;
    *) clang-19 -std=gnu17 "${flags[@]}" "$f" ;;
  esac >/dev/null 2>&1
}

total=0 native=0 compat=0 none=0 files=0 ok=0 broke=0 before_bad=0
for p in "$@"; do
  [ -d "$p" ] || continue
  name="$(basename "$p")"
  rm -rf "$work/$name"
  cp -r "$p" "$work/$name"
  cd "$work/$name"
  declare -A was_ok=()
  while IFS= read -r f; do
    syntax "$f" && was_ok[$f]=1 || true
  done < <(find . -type f \( -name '*.c' -o -name '*.cc' -o -name '*.cpp' \))
  "$tool" --fix="$lib" --quiet --format=json -o ../"$name".json \
    --fail-on=none . 2>../"$name".log || true
  read -r t n c x < <(python3 - ../"$name".json <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
by = {}
for f in r["findings"]:
    s = f.get("session")
    if not s:
        continue
    fix = f.get("fix") or {}
    reason = fix.get("reason", "")
    kind = ("native" if "natively" in reason else
            "compat" if f.get("fixable") else "none")
    prev = by.get(s)
    # A session is as fixable as its least fixable finding.
    order = {"none": 0, "compat": 1, "native": 2}
    by[s] = kind if prev is None or order[kind] < order[prev] else prev
k = list(by.values())
print(len(k), k.count("native"), k.count("compat"), k.count("none"))
EOF
  )
  total=$((total + t)) native=$((native + n)) compat=$((compat + c)) none=$((none + x))
  pf=0 pok=0 pbroke=0 pbad=0
  while IFS= read -r f; do
    grep -q "afalg_compat_\|afalg-scan native rewrite" "$f" || continue
    pf=$((pf + 1))
    if [ -z "${was_ok[$f]:-}" ]; then
      pbad=$((pbad + 1))
    elif syntax "$f"; then
      pok=$((pok + 1))
    else
      pbroke=$((pbroke + 1))
      echo "  BROKEN by the rewrite: $name/${f#./}" >&2
    fi
  done < <(find . -type f \( -name '*.c' -o -name '*.cc' -o -name '*.cpp' \) -not -path './afalg_compat/*')
  files=$((files + pf)) ok=$((ok + pok)) broke=$((broke + pbroke)) before_bad=$((before_bad + pbad))
  printf '%-24s sessions %2d: native %2d, compat %2d, not fixable %2d; rewritten files %2d: compile %2d, broken %d, did not compile before %d\n' \
    "$name" "$t" "$n" "$c" "$x" "$pf" "$pok" "$pbroke" "$pbad"
  unset was_ok
  cd "$root"
done
echo "total: $total sessions: native $native, compat $compat, not fixable $none;" \
  "rewritten files $files: still compile $ok, broken by the rewrite $broke," \
  "did not compile before the rewrite $before_bad"
[ "$broke" -eq 0 ]
