/**
 * What runwarden's metrics describe in the live Prometheus test: a runner fleet in the GitHub
 * emulator and a SQLite store (deploy history and audit entries) under a runwarden.yml. The story:
 * a history recorded before Prometheus's first scrape, deploys (and route, gate and watchdog
 * entries) recorded while it scrapes, then the primary runner group's runners going offline in the
 * emulator, one of them in the middle of a job.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AuditEvent } from "../../src/audit/events.js";
import { AUDIT_MIGRATIONS } from "../../src/audit/migrations.js";
import { createAuditContext, recordAudit, type AuditContext } from "../../src/audit/record.js";
import { Masker } from "../../src/mask/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { control, exampleScenario, startEmulator } from "../sandbox/helpers.js";

/** A source of runwarden metrics that Prometheus scrapes, moved through the story. */
export interface MetricsFeed {
  /** host:port for Prometheus. */
  readonly target: string;
  /** The `group` label of production's primary runner group. */
  readonly primaryGroup: string;
  /** `sum(runwarden_deploys_total{environment="production"})` once recordDeploys is scraped. */
  readonly productionDeploys: number;
  /** Deploys recorded since the first scrape: production 9 succeeded + 1 failed, staging 4 succeeded. */
  recordDeploys(): Promise<void>;
  /** The production primary runner group loses its runners. */
  primaryOffline(): Promise<void>;
  /** The metrics endpoint goes away (the service stops). */
  stopSource(): Promise<void>;
  close(): Promise<void>;
}

export interface World {
  readonly dir: string;
  readonly configPath: string;
  /** The environment runwarden runs with (the emulator's URL and token, the deploy workflow). */
  readonly env: Record<string, string>;
  recordDeploys(): Promise<void>;
  primaryOffline(): Promise<void>;
  close(): Promise<void>;
}

const CONFIG = `
github:
  repository: acme/platform
  min_runner_version: 2.320.0
inventory: hosts
store: sqlite:state.db
environments:
  production:
    hosts: production
    runner_groups:
      - { name: primary, group: prod-primary, labels: [self-hosted, linux, x64, production], min_idle: 1 }
      - { name: secondary, group: prod-secondary, labels: [self-hosted, linux, x64, production], approved_for_failover: true }
  staging:
    hosts: staging
    runner_groups:
      - { name: staging, group: staging, labels: [self-hosted, linux, x64, staging] }
`;

let attempt = 0;
async function deploy(store: Store, environment: string, outcome: "success" | "failure", seconds: number, queued: number, failover = false): Promise<void> {
  attempt += 1;
  const startedAt = Date.now() - seconds * 1000;
  const started = await store.history.start({
    environment,
    sha: attempt.toString(16).padStart(40, "0"),
    ref: "refs/heads/main",
    runId: String(1000 + attempt),
    runAttempt: 1,
    actor: "alice",
    runner: failover ? "prod-b-1" : "prod-a-1",
    runnerGroup: failover ? "prod-secondary" : "prod-primary",
    startedAt,
    queuedAt: startedAt - queued * 1000,
  });
  if (started.status !== "written") throw new Error(`attempt ${attempt} was fenced`);
  await store.history.finish(started.id, {
    outcome,
    failureClass: outcome === "failure" ? "target" : null,
    failover,
    deploymentId: undefined,
    hosts: [],
    finishedAt: Date.now(),
  });
}

/** What route, the gates and the watchdog write to the audit chain, which serve counts. */
function events(environment: string, failover: boolean): AuditEvent[] {
  return [
    { type: "route.decision", environment, considered: [], chosen: failover ? "secondary" : "primary", failover, drill: false, reasons: [] },
    { type: "gate.verdict", environment, gate: "version-live", verdict: "pass", reason: null, probes: [] },
    {
      type: "watchdog.reroute",
      environment,
      target_run_id: 1000 + attempt,
      from_group: "primary",
      to_group: null,
      reason: "queued past queue_timeout",
      queued_ms: 900_000,
    },
  ];
}

export async function startWorld(): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), "rw-observe-"));
  const scenario = exampleScenario("two-groups.yml");
  const emulator: RunningEmulator = await startEmulator({
    ...scenario,
    runner_groups: [
      ...scenario.runner_groups,
      {
        name: "staging",
        visibility: "selected",
        repositories: ["platform"],
        restricted_to_workflows: false,
        selected_workflows: [],
        allows_public_repositories: false,
      },
    ],
    runners: [
      ...scenario.runners,
      {
        name: "stg-1",
        scope: "org",
        group: "staging",
        labels: ["self-hosted", "linux", "x64", "staging"],
        status: "online",
        busy: false,
        version: "2.330.0",
        os: "Linux",
        ephemeral: false,
      },
    ],
  });
  const configPath = join(dir, "runwarden.yml");
  writeFileSync(configPath, CONFIG);
  const store = await openStore({ kind: "sqlite", path: join(dir, "state.db") }, { migrations: [AUDIT_MIGRATIONS] });
  const audit: AuditContext = createAuditContext({ masker: new Masker(), keys: { hmacKey: undefined, signingKey: undefined, publicKey: undefined } });
  const record = async (environment: string, failover: boolean) => {
    for (const event of events(environment, failover)) await recordAudit(store, event, audit);
  };
  // History before the first scrape: it sets the series; increase() counts only what follows.
  await deploy(store, "production", "success", 240, 20);
  await deploy(store, "production", "failure", 700, 40);
  await deploy(store, "staging", "success", 120, 10);
  await record("production", false);
  return {
    dir,
    configPath,
    env: { GITHUB_API_URL: emulator.url, GITHUB_TOKEN: emulator.token, GITHUB_WORKFLOW_REF: "acme/platform/.github/workflows/deploy.yml@refs/heads/main" },
    async recordDeploys() {
      for (let i = 0; i < 8; i += 1) await deploy(store, "production", "success", 200 + i * 30, 15 + i);
      await deploy(store, "production", "success", 500, 30, true);
      await deploy(store, "production", "failure", 650, 90);
      for (let i = 0; i < 4; i += 1) await deploy(store, "staging", "success", 90 + i * 10, 5);
      await record("production", true);
    },
    async primaryOffline() {
      await control(emulator, "PATCH", "/runners/prod-a-1", { status: "offline" });
      // prod-a-2 is busy in the scenario: it dies in the middle of its job.
      await control(emulator, "PATCH", "/runners/prod-a-2", { status: "offline" });
    },
    async close() {
      await store.close();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
