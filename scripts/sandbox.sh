#!/usr/bin/env bash
# The README's first command: installs what runwarden needs on a fresh Debian machine (system
# packages when root, npm dependencies, the build), then runs `runwarden sandbox` — real deploys with
# ansible-playbook to hosts made for the run, a runner lost mid-deploy and the failover, a failure that
# must not fail over, nothing healthy, then the audit, the report and Prometheus' view. Arguments go to
# `runwarden sandbox` (e.g. --keep, --scenario runner-dies, --json).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-deps.sh
bash scripts/install.sh
exec node dist/runwarden.js sandbox "$@"
