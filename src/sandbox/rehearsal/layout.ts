/**
 * The sandbox folder: runwarden.yml (a primary and a secondary runner group, guards, preflight, the
 * deploy command, gates), the Ansible inventory of the hosts made for this run, the deploy playbook
 * and its releases, the GitHub scenario the emulator is seeded with, Prometheus' configuration and
 * the audit keys' place. Everything a team would have in its repository, written for this run.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import type { FileWriter } from "../../output/io.js";
import { APP_SOURCE } from "./app-source.js";

export const ORG = "acme";
export const REPO = "platform";
export const WORKFLOW_REF = `${ORG}/${REPO}/.github/workflows/deploy.yml@refs/heads/main`;
export const PRIMARY_RUNNER = "prod-a-1";
export const SECONDARY_RUNNER = "prod-b-1";
export const RUNNER_LABELS = ["self-hosted", "linux", "x64", "production"] as const;

/** The commits the acts deploy, oldest first (each the parent of the next). */
export const COMMITS = {
  A: { sha: "a17c0de5e1f2a3b4c5d6e7f8091a2b3c4d5e6f70", message: "INFRA-101: checkout shows delivery dates" },
  B: { sha: "b2e4f6a8c0d1e3f5a7b9c1d3e5f7a9b1c3d5e7f9", message: "INFRA-102: faster basket page" },
  C: { sha: "c3f5a7b9d1e3f5a7b9c1d3e5f7a9b1c3d5e7f9a1", message: "INFRA-103: new database pool settings" },
} as const;
export type CommitKey = keyof typeof COMMITS;

/** What each release's manifest says (the playbook reads it): C's config is invalid on web-02. */
const RELEASES: Record<CommitKey, { config_valid_on: readonly string[] }> = {
  A: { config_valid_on: ["web-01", "web-02"] },
  B: { config_valid_on: ["web-01", "web-02"] },
  C: { config_valid_on: ["web-01"] },
};

export interface LayoutPaths {
  readonly dir: string;
  readonly config: string;
  readonly inventory: string;
  readonly scenario: string;
  readonly appScript: string;
  readonly ansibleCfg: string;
  readonly signingKey: string;
  readonly checkpoints: string;
  readonly store: string;
  readonly logs: string;
  readonly prometheusDir: string;
}

export function layoutPaths(dir: string): LayoutPaths {
  return {
    dir,
    config: join(dir, "runwarden.yml"),
    inventory: join(dir, "inventory", "hosts"),
    scenario: join(dir, "github-scenario.yml"),
    appScript: join(dir, "app", "app.mjs"),
    ansibleCfg: join(dir, "ansible.cfg"),
    signingKey: join(dir, "keys", "audit-signing.key"),
    checkpoints: join(dir, "state", "audit-checkpoints.jsonl"),
    store: join(dir, "state", "runwarden.db"),
    logs: join(dir, "logs"),
    prometheusDir: join(dir, "prometheus"),
  };
}

const PLAYBOOK = `# The sandbox's deploy: every production host serves the release's version (its /version).
# The release manifest (releases/<sha>.json) stands in for a build artifact.
- hosts: production
  gather_facts: false
  vars:
    release: "{{ lookup('file', playbook_dir + '/../releases/' + app_version + '.json') | from_json }}"
  tasks:
    - name: drain the load balancer
      pause:
        seconds: "{{ lookup('env', 'SANDBOX_DRAIN_SECONDS') | default('0', true) | int }}"
      run_once: true
      when: (lookup('env', 'SANDBOX_DRAIN_SECONDS') | default('0', true) | int) > 0

    - name: validate the release's configuration
      assert:
        that: inventory_hostname in release.config_valid_on
        fail_msg: "release {{ app_version[:7] }}: db.pool.max_size missing from the configuration for {{ inventory_hostname }}"
        quiet: true

    - name: write the version
      copy:
        dest: "{{ app_dir }}/version"
        content: "{{ app_version }}\\n"
`;

const ANSIBLE_CFG = `# Ansible settings of the sandbox: SSH to the hosts made for this run with the run's key,
# no host key prompts (the hosts are new every run), no ControlPersist masters left behind.
[defaults]
host_key_checking = False
retry_files_enabled = False
timeout = 5
forks = 5
interpreter_python = /usr/bin/python3
nocolor = True

[ssh_connection]
ssh_args = -o ControlMaster=no -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o LogLevel=ERROR
pipelining = True
`;

export interface ConfigInputs {
  readonly mode: "netns" | "loopback";
  readonly publicKey: string;
  /** Prometheus runs (Debian's binary is installed): its preflight check and gate are configured. */
  readonly prometheus: boolean;
}

function runwardenConfig(inputs: ConfigInputs): Record<string, unknown> {
  const labels = [...RUNNER_LABELS];
  const app = "http://{{ ansible_host }}:{{ app_port }}";
  const preflight: unknown[] = [
    { command: { program: "ansible-playbook", min_version: "2.14" } },
    { file: { path: "playbooks/deploy.yml" } },
    { inventory: { forbid_loopback: inputs.mode === "netns", min_hosts: 2, require_vars: ["ansible_host", "app_port"] } },
    ...(inputs.mode === "netns" ? [{ tcp: { each_host: true, port: 22 } }] : []),
    { http: { url: `${app}/health`, each_host: true, max_latency: "2s" } },
    { github: { min_rate_limit: 100 } },
    ...(inputs.prometheus ? [{ prometheus: { ready: true } }] : []),
  ];
  return {
    github: { repository: `${ORG}/${REPO}` },
    inventory: "inventory/hosts",
    store: "sqlite:state/runwarden.db",
    monitoring: { prometheus_url: "{{ prometheus_url }}", timeout: "5s" },
    audit: { checkpoints: "state/audit-checkpoints.jsonl", public_key: inputs.publicKey },
    environments: {
      production: {
        hosts: "production",
        runner_groups: [
          { name: "primary", group: "prod-primary", labels, min_idle: 1 },
          { name: "secondary", group: "prod-secondary", labels, min_idle: 1, approved_for_failover: true },
        ],
        route: { workflow: ".github/workflows/deploy.yml", on_api_error: "fail", watchdog: { queue_timeout: "5m", max_reroutes: 3 } },
        guards: { branches: ["main"], require_protected_branch: true, require_environment_approval: true, change_ticket: "INFRA-[0-9]+" },
        preflight,
        deploy: {
          run: "ansible-playbook -i {{ inventory }} playbooks/deploy.yml -e app_version={{ sha | quote }}",
          timeout: "2m",
          kill_grace: "2s",
          lock_ttl: "6s",
          lock_timeout: "1m",
          secrets: ["DEPLOY_TOKEN"],
        },
        gates: [
          { name: "version live on every host", version: { url: `${app}/version`, json_path: "$.sha" }, interval: "1s", count: 1 },
          {
            name: "health answers fast",
            http: { url: `${app}/health`, each_host: true, json: { path: "$.status", equals: "ok" }, max_latency: "500ms" },
            interval: "1s",
            count: 2,
          },
          ...(inputs.prometheus
            ? [{ name: "every app scraped by Prometheus", prometheus: { query: 'min(up{job="app"})', condition: "result == 1", no_data: "fail" }, count: 1 }]
            : []),
        ],
      },
    },
  };
}

function scenario(): Record<string, unknown> {
  const labels = [...RUNNER_LABELS];
  const commits = Object.values(COMMITS);
  return {
    org: ORG,
    repository: REPO,
    default_branch: "main",
    runner_groups: [
      { name: "prod-primary", visibility: "selected", repositories: [REPO] },
      { name: "prod-secondary", visibility: "selected", repositories: [REPO], restricted_to_workflows: true, selected_workflows: [WORKFLOW_REF] },
    ],
    runners: [
      { name: PRIMARY_RUNNER, group: "prod-primary", labels },
      { name: SECONDARY_RUNNER, group: "prod-secondary", labels },
    ],
    workflows: [
      {
        file: "deploy.yml",
        name: "deploy",
        jobs: [
          { name: "route", runs_on: ["ubuntu-latest"] },
          { name: "approve", needs: ["route"], runs_on: ["ubuntu-latest"] },
          {
            name: "deploy-primary",
            needs: ["route", "approve"],
            group: "${{ needs.route.outputs.group }}",
            runs_on: ["${{ fromJSON(needs.route.outputs.labels) }}"],
          },
          {
            name: "classify",
            needs: ["route", "deploy-primary"],
            if: "${{ !cancelled() && needs.deploy-primary.result == 'failure' }}",
            runs_on: ["ubuntu-latest"],
          },
          {
            name: "deploy-secondary",
            needs: ["route", "classify"],
            if: "${{ !cancelled() && needs.classify.result == 'success' && needs.classify.outputs.failover == 'true' }}",
            group: "${{ needs.classify.outputs.group }}",
            runs_on: ["${{ fromJSON(needs.classify.outputs.labels) }}"],
          },
          {
            name: "verify",
            needs: ["deploy-primary", "deploy-secondary"],
            if: "${{ !cancelled() && (needs.deploy-primary.result == 'success' || needs.deploy-secondary.result == 'success') }}",
            runs_on: ["ubuntu-latest"],
          },
        ],
      },
    ],
    environments: [{ name: "production", reviewers: ["alice", "bob"], prevent_self_review: true, deployment_branch_policy: "protected" }],
    branches: [{ name: "main", protection: { required_approving_review_count: 1, enforce_admins: true } }],
    commits: commits.map((commit, index) => ({
      sha: commit.sha,
      message: commit.message,
      author: "alice",
      ...(index === 0 ? {} : { parents: [commits[index - 1]?.sha] }),
    })),
    runs: [
      {
        workflow: "deploy.yml",
        title: "INFRA-099: deploy queued before the sandbox started",
        sha: COMMITS.A.sha,
        jobs: {
          route: {
            status: "completed",
            conclusion: "success",
            runner: "GitHub Actions 1",
            outputs: { group: "prod-primary", labels: JSON.stringify(labels), name: "primary" },
          },
          approve: { status: "completed", conclusion: "success", runner: "GitHub Actions 2" },
          "deploy-primary": { status: "queued", queued_for: "7m" },
        },
      },
    ],
  };
}

/** Writes every file of the sandbox folder except the inventory and runwarden.yml (they need the hosts and keys). */
export function writeStaticFiles(paths: LayoutPaths, files: FileWriter): void {
  for (const sub of ["app", "inventory", "keys", "state", "logs", "playbooks", "releases", "prometheus"]) mkdirSync(join(paths.dir, sub), { recursive: true });
  files.write(paths.appScript, APP_SOURCE);
  files.write(join(paths.dir, "playbooks", "deploy.yml"), PLAYBOOK);
  files.write(paths.ansibleCfg, ANSIBLE_CFG);
  for (const [key, release] of Object.entries(RELEASES))
    files.write(join(paths.dir, "releases", `${COMMITS[key as CommitKey].sha}.json`), `${JSON.stringify(release)}\n`);
  files.write(paths.scenario, `# The GitHub the sandbox emulates (docs/sandbox.md, "Scenario files").\n${stringify(scenario())}`);
}

/** Writes the inventory (hosts and where Prometheus is) and runwarden.yml. */
export function writeConfigFiles(paths: LayoutPaths, files: FileWriter, inventoryText: string, prometheusUrl: string, inputs: ConfigInputs): void {
  files.write(paths.inventory, `${inventoryText}\n[all:vars]\nprometheus_url=${prometheusUrl}\n`);
  files.write(paths.config, `# runwarden sandbox configuration (docs/config-reference.md)\n${stringify(runwardenConfig(inputs))}`);
}
