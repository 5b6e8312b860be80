#!/usr/bin/env bash
# The README's first command: installs runwarden and runs what it can already do on a fresh machine —
# validate the shipped example config, show what a broken config gets, mask a leaky deploy log,
# read the example inventory and catch the one that deploys to localhost, look at the runner fleet
# through the GitHub API emulator, route a deploy, fail over when the primary dies, fail fast when
# nothing is healthy.
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
emulator=""
cleanup() {
  if [ -n "$emulator" ]; then kill "$emulator" 2>/dev/null || true; wait "$emulator" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
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

say "5. the hosts production means, read from the inventory exactly as Ansible reads it"
runwarden inventory --config examples/runwarden.yml --hosts production
runwarden inventory check --config examples/runwarden.yml --pattern production --require ansible_host

say "6. the inventory behind the incident: production pointing at localhost is refused"
set +e
runwarden inventory check -i examples/rehearsal/seed-inventory/hosts --pattern production
code=$?
set -e
echo "exit code: $code"
[ "$code" -eq 1 ] || { echo "expected exit 1 (findings)" >&2; exit 1; }

say "7. the runner fleet as GitHub sees it (an emulated GitHub: examples/scenarios/two-groups.yml)"
# node itself in the background (not the shell function), so that $! is the process to stop.
node dist/runwarden.js sandbox github --scenario examples/scenarios/two-groups.yml >"$tmp/emulator.out" 2>&1 &
emulator=$!
for _ in $(seq 1 100); do
  grep -q '^  export GITHUB_TOKEN=' "$tmp/emulator.out" 2>/dev/null && break
  sleep 0.1
done
GITHUB_API_URL=$(sed -n 's/^  export GITHUB_API_URL=//p' "$tmp/emulator.out")
GITHUB_TOKEN=$(sed -n 's/^  export GITHUB_TOKEN=//p' "$tmp/emulator.out")
[ -n "$GITHUB_TOKEN" ] || { cat "$tmp/emulator.out" >&2; echo "the emulator did not start" >&2; exit 1; }
export GITHUB_API_URL GITHUB_TOKEN
runwarden fleet --config examples/runwarden.yml --environment production

say "8. route the deploy: the primary group is healthy"
export GITHUB_WORKFLOW_REF="acme/platform/.github/workflows/deploy.yml@refs/heads/main"
runwarden route --config examples/runwarden.yml --environment production

emulate() { # PATCH a runner through the emulator's control API (docs/sandbox.md)
  node -e 'fetch(`${process.env.GITHUB_API_URL}/_emulator/runners/${process.argv[1]}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: process.argv[2] }).then((r) => process.exit(r.ok ? 0 : 1))' "$1" "$2"
}
say "9. the primary's idle runner goes offline: the deploy fails over to the approved secondary"
emulate prod-a-1 '{"status":"offline"}'
runwarden route --config examples/runwarden.yml --environment production

say "10. the secondary's last idle runner goes too: no healthy group, fail fast (exit 1), not a 24 h queue"
emulate prod-b-1 '{"status":"offline"}'
set +e
started=$(date +%s%N)
runwarden route --config examples/runwarden.yml --environment production
code=$?
set -e
echo "exit code: $code after $(( ($(date +%s%N) - started) / 1000000 )) ms"
[ "$code" -eq 1 ] || { echo "expected exit 1 (no healthy runner group)" >&2; exit 1; }
