#!/usr/bin/env bash
# Installs the npm tools the test suite needs (the SARIF schema validator)
# into tools/node/node_modules. Idempotent and non-interactive: it does
# nothing when the installed tree already matches the lock file.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/tools/node"

if ! command -v npm >/dev/null 2>&1; then
  echo "setup-node: npm is not installed (apt-get install nodejs npm)" >&2
  exit 1
fi

stamp="$tools/node_modules/.afalg-installed"
if [ -f "$stamp" ] && [ -f "$tools/package-lock.json" ] &&
   cmp -s "$stamp" "$tools/package-lock.json"; then
  exit 0
fi

export npm_config_audit=false npm_config_fund=false \
       npm_config_update_notifier=false npm_config_yes=true
if [ -f "$tools/package-lock.json" ]; then
  npm ci --prefix "$tools" --no-progress --loglevel=error
else
  npm install --prefix "$tools" --no-progress --loglevel=error \
    --omit-lockfile-registry-resolved
fi
cp "$tools/package-lock.json" "$stamp"
