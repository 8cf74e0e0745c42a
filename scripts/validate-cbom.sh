#!/usr/bin/env bash
# Validates CycloneDX BOMs (afalg-scan's --format=cbom) against the official
# CycloneDX 1.6 JSON schema committed in tests/schema/cyclonedx/, with the
# SPDX and JSF schemas it references, plus the rules the specification
# states in prose (unique bom-refs, RFC 4122 serial numbers).
#
# usage: scripts/validate-cbom.sh FILE...
# Prints each error; exits 0 when every file is valid, 1 when any is not,
# 2 when the validator is not installed (run scripts/setup-node.sh).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/tools/node"
schemas="$root/tests/schema/cyclonedx"

if [ "$#" -eq 0 ]; then
  echo "usage: $0 FILE..." >&2
  exit 2
fi
if ! command -v node >/dev/null 2>&1; then
  echo "validate-cbom: node is not installed" >&2
  exit 2
fi
if [ ! -d "$tools/node_modules/ajv" ] || [ ! -d "$tools/node_modules/ajv-formats" ]; then
  echo "validate-cbom: the validator is not installed; run scripts/setup-node.sh" >&2
  exit 2
fi

exec node "$tools/validate-cbom.mjs" \
  --schema "$schemas/bom-1.6.SNAPSHOT.schema.json" \
  --ref "$schemas/spdx.SNAPSHOT.schema.json" \
  --ref "$schemas/jsf-0.82.SNAPSHOT.schema.json" \
  "$@"
