/**
 * The real metrics source: `runwarden serve` (the bundled executable) reading a runner fleet from
 * the GitHub emulator and deploys from a SQLite store the test writes to. The story: a history
 * recorded before Prometheus's first scrape, deploys recorded while it scrapes, then the primary
 * runner group's runners going offline in the emulator (one of them in the middle of a job).
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
import { startBinary, type RunningBinary } from "../helpers/cli.js";
import { control, exampleScenario, startEmulator } from "../sandbox/helpers.js";
import type { MetricsFeed } from "./exposition-feed.js";

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

export async function startServeFeed(): Promise<MetricsFeed> {
  const dir = mkdtempSync(join(tmpdir(), "rw-observe-serve-"));
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
  writeFileSync(join(dir, "runwarden.yml"), CONFIG);
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

  const server: RunningBinary = startBinary(["serve", "--listen", "127.0.0.1:0", "--refresh", "1s", "--config", join(dir, "runwarden.yml")], {
    cwd: dir,
    env: { GITHUB_API_URL: emulator.url, GITHUB_TOKEN: emulator.token, GITHUB_WORKFLOW_REF: "acme/platform/.github/workflows/deploy.yml@refs/heads/main" },
  });
  let out = "";
  const target = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const listening = /listening on http:\/\/([^\s/]+)/.exec(out);
      if (listening?.[1] !== undefined) {
        server.child.stdout.off("data", onData);
        resolve(listening[1]);
      }
    };
    server.child.stdout.on("data", onData);
    server.done.then((run) => reject(new Error(`runwarden serve exited ${run.code}: ${run.stdout}${run.stderr}`)), reject);
  });
  return {
    target,
    primaryGroup: "primary",
    productionDeploys: 12,
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
      if (server.child.exitCode === null) server.child.kill("SIGTERM");
      await server.done.catch(() => undefined);
      await store.close();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
