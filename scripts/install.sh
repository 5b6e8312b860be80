#!/usr/bin/env bash
# Installs runwarden's npm dependencies (when package-lock.json changed since the last install) and
# builds dist/. Idempotent and quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "runwarden needs Node.js ≥ 20; this is $(node --version)" >&2
  exit 1
fi

stamp=node_modules/.runwarden-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "npm ci (better-sqlite3 builds from source: about a minute on 2 cores)…"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi
npm run --silent build
