#!/usr/bin/env bash
# The one command that installs everything and runs every test (the README's second command, and
# what CI runs). Ends with a line 'tests: N passed, N failed[, N skipped]'.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-deps.sh
bash scripts/install.sh
echo "lint and format (biome ci: zero diagnostics, ADR 0014)…"
npx --no-install biome ci src test bench scripts dashboards
echo "type-check (tsc --noEmit)…"
npm run --silent typecheck
mkdir -p .test-results
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-results/vitest.json || status=$?
node scripts/test-summary.mjs .test-results/vitest.json || status=$?
exit "$status"
