/** What each doc page's examples need beyond the common workspace (test/docs/workspace.ts). */
import { knownHistorySql, REPORT_CONFIG } from "../report/known-sql.js";
import type { PageSetup } from "./workspace.js";

export const PAGE_SETUP: Readonly<Record<string, PageSetup>> = {
  "README.md": {
    files: {
      "deploy.sh": "#!/bin/sh\necho \"connecting with key $DEPLOY_SSH_KEY\"\necho 'deployed'\n",
    },
    // The config validate example shows a typo in the first disk check.
    before: ["sed -i '0,/min_free: 5GiB/s//min_fre: 5GiB/' runwarden.yml"],
    env: { DEPLOY_SSH_KEY: "ssh-key-material-0123456789", VAULT_PASSWORD: "vault-password-0123456789" },
  },
  "docs/inventory.md": {
    files: {
      // The page shows this file before checking it.
      "inventories/lab/hosts":
        "# a lab inventory with mistakes\n[production]\nlocalhost ansible_connection=local\n\n[monitoring]\nprom prometheus_url=http://192.168.0.200:9090\n",
      // Line 3 is not key=value: the page's "Errors" example.
      "inventories/prod/hosts": "[app]\napp1\napp2 this-is-not-key-value\n",
    },
  },
  "docs/failover.md": {
    // The route example: the primary group's runners are offline, the deploy workflow's ref is known.
    scenario: "failover.yml",
    env: { GITHUB_WORKFLOW_REF: "acme/platform/.github/workflows/deploy.yml@refs/heads/main" },
    before: ["prod-a-1", "prod-a-2"].map(
      (runner) => `curl -sf -X PATCH "$GITHUB_API_URL/_emulator/runners/${runner}" -H 'content-type: application/json' -d '{"status":"offline"}' >/dev/null`,
    ),
  },
  "docs/report.md": {
    // The hand-computed history of test/report/known.ts in the store, with production and staging.
    files: { "runwarden.yml": REPORT_CONFIG, "seed.sql": knownHistorySql() },
    before: ["runwarden history >/dev/null && sqlite3 .runwarden/state.db < seed.sql"],
  },
  "docs/deploy.md": {
    // The commit a deploy job would have; outside a runner the guards refuse it.
    env: { GITHUB_SHA: "3f9c2e1a5b7d9e0f1a2b3c4d5e6f7a8b9c0d1e2f" },
  },
  "docs/diagnose.md": {
    // The example workflow's run 30433601: deploy-primary failed when its runner lost the server.
    scenario: "failover.yml",
    scenarioAppend: [
      "runs:",
      "  - workflow: deploy.yml",
      '    title: "INFRA-472 deploy v1.4.2"',
      "    jobs:",
      '      route: { status: completed, conclusion: success, runner: GitHub Actions 2, outputs: { group: prod-primary, labels: \'["self-hosted","linux","x64","production"]\' } }',
      "      approve: { status: completed, conclusion: success, runner: GitHub Actions 3 }",
      "      deploy-primary:",
      "        status: completed",
      "        conclusion: failure",
      "        runner: prod-a-1",
      "        no_log: true",
      "        annotations:",
      '          - message: "The self-hosted runner: prod-a-1 lost communication with the server. Verify the machine is running and has a healthy network connection. Anything in your workflow that terminates the runner process, starves it for CPU/Memory, or blocks its network access can cause this error."',
      "",
    ].join("\n"),
  },
};
