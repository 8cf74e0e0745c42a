#!/usr/bin/env bash
# Validates SARIF files against the official SARIF 2.1.0 schema committed in
# tests/schema/, plus the checks GitHub code scanning relies on.
#
# usage: scripts/validate-sarif.sh FILE...
# Prints each error; exits 0 when every file is valid, 1 when any is not,
# 2 when the validator is not installed (run scripts/setup-node.sh).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/tools/node"
schema="$root/tests/schema/sarif-2.1.0.json"

if [ "$#" -eq 0 ]; then
  echo "usage: $0 FILE..." >&2
  exit 2
fi
if ! command -v node >/dev/null 2>&1; then
  echo "validate-sarif: node is not installed" >&2
  exit 2
fi
if [ ! -d "$tools/node_modules/ajv" ] || [ ! -d "$tools/node_modules/ajv-formats" ]; then
  echo "validate-sarif: the validator is not installed; run scripts/setup-node.sh" >&2
  exit 2
fi

exec node "$tools/validate-sarif.mjs" --schema "$schema" "$@"
