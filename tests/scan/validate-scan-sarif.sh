#!/usr/bin/env bash
# Scans a tree with afalg-scan --format=sarif and validates the log against
# the official SARIF 2.1.0 schema. Usage: TOOL ROOT PATH...
set -euo pipefail
tool="$1" root="$2"
shift 2
out="$(mktemp --suffix=.sarif)"
trap 'rm -f "$out"' EXIT
rc=0
"$tool" --format=sarif --root "$root" -o "$out" "$@" || rc=$?
if [ "$rc" -gt 1 ]; then
  echo "afalg-scan failed with exit code $rc" >&2
  exit 1
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec "$here/scripts/validate-sarif.sh" "$out"
