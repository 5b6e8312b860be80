#!/usr/bin/env bash
# The README's first command: installs runwarden and runs what it can already do on a fresh machine —
# validate the shipped example config, show what a broken config gets, and mask a leaky deploy log.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh
runwarden() { node dist/runwarden.js "$@"; }
say() { printf '\n\033[1m── %s\033[0m\n' "$*"; }

say "1. validate the example config (examples/runwarden.yml)"
runwarden config validate --config examples/runwarden.yml

say "2. a broken config gets file:line:col and exit 2"
set +e
runwarden config validate --config examples/rehearsal/broken-runwarden.yml
code=$?
set -e
echo "exit code: $code"
[ "$code" -eq 2 ] || { echo "expected exit 2" >&2; exit 1; }

say "3. a careless deploy script, piped through the masker"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
VAULT_PASSWORD="rehearsal-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
export VAULT_PASSWORD
node examples/rehearsal/fake-deploy.mjs "$tmp" >"$tmp/raw.log"
echo "\$ ./deploy.sh 2>&1 | runwarden mask --env VAULT_PASSWORD --secret-file deploy_key"
runwarden mask --env VAULT_PASSWORD --secret-file "$tmp/deploy_key" <"$tmp/raw.log" | tee "$tmp/masked.log"

say "4. proof: no secret survived"
leaks=0
for needle in "$VAULT_PASSWORD" "$(printf %s "$VAULT_PASSWORD" | base64)" "$(sed -n 2p "$tmp/deploy_key")" "ghp_"; do
  if grep -qF -- "$needle" "$tmp/masked.log"; then leaks=$((leaks + 1)); fi
done
if [ "$leaks" -ne 0 ]; then
  echo "✗ $leaks secret form(s) leaked" >&2
  exit 1
fi
echo "✓ $(grep -c '\*\*\*' "$tmp/masked.log") lines masked, 0 secrets in the output ($(wc -l <"$tmp/raw.log") lines in)"
