/**
 * A runwarden.yml, a SQLite store with a known deploy history and audit events, and the GitHub
 * emulator seeded with examples/scenarios/failover.yml: what the metrics tests scrape.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AUDIT_MIGRATIONS, createAuditContext, recordAudit, type AuditEvent } from "../../src/audit/index.js";
import { Masker } from "../../src/mask/index.js";
import { loadScenario } from "../../src/sandbox/github/scenario.js";
import { startGithubEmulator, type RunningEmulator } from "../../src/sandbox/github/server.js";
import { openStore } from "../../src/store/index.js";
import type { DeployOutcome, Store } from "../../src/store/types.js";
import type { FailureClass } from "../../src/diagnose/signatures.js";
import { repoRoot } from "../helpers/cli.js";

export const METRICS_CONFIG = `
github:
  repository: acme/platform
  min_runner_version: 2.320.0
  retries: 1
inventory: hosts
store: sqlite:state.db
environments:
  production:
    hosts: production
    runner_groups:
      - { name: primary, group: prod-primary, labels: [self-hosted, linux, x64, production], min_idle: 1 }
      - { name: secondary, group: prod-secondary, labels: [self-hosted, linux, x64, production], approved_for_failover: true }
    route:
      workflow: .github/workflows/deploy.yml
  staging:
    hosts: staging
    runner_groups:
      - { name: primary, group: prod-primary, labels: [self-hosted, linux], min_idle: 1 }
`;

export const INVENTORY = `
[runners]
runner1.example.internal ansible_host=runner1.example.internal
runner2.example.internal ansible_host=runner2.example.internal monitoring_port=9101

[app]
app1.example.internal ansible_host=app1.example.internal

[production:children]
app

[staging]
stage1.example.internal monitoring_host=stage1-metrics.example.internal monitoring_port=9200
`;

export interface SeedAttempt {
  readonly environment: string;
  readonly outcome: DeployOutcome | null;
  readonly failureClass?: FailureClass | null;
  readonly failover?: boolean;
  readonly queuedSeconds?: number;
  readonly seconds: number;
}

/** The history the tests check against (started a day ago, one minute apart). */
export const HISTORY: readonly SeedAttempt[] = [
  { environment: "production", outcome: "success", seconds: 200, queuedSeconds: 10 },
  { environment: "production", outcome: "success", seconds: 500, queuedSeconds: 40 },
  { environment: "production", outcome: "failure", failureClass: "runner", seconds: 100, queuedSeconds: 700 },
  { environment: "production", outcome: "success", failover: true, seconds: 700, queuedSeconds: 20 },
  { environment: "production", outcome: "refused", failureClass: "guard", seconds: 5 },
  { environment: "production", outcome: "aborted", seconds: 50 },
  { environment: "production", outcome: "skipped", seconds: 3 },
  { environment: "production", outcome: null, seconds: 0 },
  { environment: "staging", outcome: "success", seconds: 40 },
  { environment: "staging", outcome: "failure", failureClass: "application", seconds: 1000 },
];

export const EVENTS: readonly AuditEvent[] = [
  { type: "route.decision", environment: "production", considered: [], chosen: "primary", failover: false, drill: false, reasons: [] },
  { type: "route.decision", environment: "production", considered: [], chosen: "secondary", failover: true, drill: false, reasons: [] },
  { type: "route.decision", environment: "production", considered: [], chosen: null, failover: false, drill: false, reasons: [], run_id: 987654321 },
  { type: "gate.verdict", environment: "production", gate: "version live", verdict: "pass", reason: null, probes: [], sha: "0123456789abcdef" },
  { type: "gate.verdict", environment: "production", gate: "error ratio", verdict: "fail", reason: "too many 5xx", probes: [] },
  {
    type: "watchdog.reroute",
    environment: "production",
    target_run_id: 4242,
    from_group: "primary",
    to_group: "secondary",
    reason: "queued too long",
    queued_ms: 400_000,
    runner: "prod-a-1",
  },
];

export const DAY_AGO = Date.now() - 86_400_000;

export interface Fixture {
  readonly dir: string;
  readonly configPath: string;
  readonly dbPath: string;
}

export function writeConfig(config: string = METRICS_CONFIG): Fixture {
  const dir = mkdtempSync(join(tmpdir(), "rw-metrics-"));
  const configPath = join(dir, "runwarden.yml");
  writeFileSync(configPath, config);
  writeFileSync(join(dir, "hosts"), INVENTORY);
  return { dir, configPath, dbPath: join(dir, "state.db") };
}

/** Records `history` and `events` in the fixture's store, as deploy and route would. */
export async function seedStore(fixture: Fixture, history: readonly SeedAttempt[] = HISTORY, events: readonly AuditEvent[] = EVENTS): Promise<void> {
  const store = await openStore({ kind: "sqlite", path: fixture.dbPath }, { migrations: [AUDIT_MIGRATIONS] });
  try {
    await seedInto(store, history, events);
  } finally {
    await store.close();
  }
}

/** Records `history` and `events` in an open store (opened with the audit migrations); returns the ids of unfinished attempts. */
export async function seedInto(store: Store, history: readonly SeedAttempt[] = HISTORY, events: readonly AuditEvent[] = EVENTS): Promise<number[]> {
  const unfinished: number[] = [];
  {
    let n = 0;
    for (const attempt of history) {
      n += 1;
      const startedAt = DAY_AGO + n * 60_000;
      const started = await store.history.start({
        environment: attempt.environment,
        sha: `${n}`.padStart(40, "a"),
        ref: "refs/heads/main",
        runId: String(1_000_000 + n),
        runAttempt: 1,
        actor: "octocat",
        runner: `prod-a-${n}`,
        runnerGroup: "primary",
        startedAt,
        ...(attempt.queuedSeconds === undefined ? {} : { queuedAt: startedAt - attempt.queuedSeconds * 1000 }),
      });
      if (started.status !== "written") throw new Error("seed attempt fenced");
      if (attempt.outcome === null) {
        unfinished.push(started.id);
        continue;
      }
      await store.history.finish(started.id, {
        outcome: attempt.outcome,
        failureClass: attempt.failureClass ?? null,
        failover: attempt.failover ?? false,
        deploymentId: undefined,
        hosts: [],
        finishedAt: startedAt + attempt.seconds * 1000,
      });
    }
    const ctx = createAuditContext({ masker: new Masker(), keys: { hmacKey: undefined, signingKey: undefined, publicKey: undefined } });
    for (const event of events) await recordAudit(store, event, ctx);
  }
  return unfinished;
}

export function startEmulator(): Promise<RunningEmulator> {
  return startGithubEmulator({ scenario: loadScenario(join(repoRoot, "examples/scenarios/failover.yml"), repoRoot) });
}

export function githubEnv(emulator: RunningEmulator): Record<string, string> {
  return {
    GITHUB_API_URL: emulator.url,
    GITHUB_TOKEN: emulator.token,
    GITHUB_WORKFLOW_REF: "acme/platform/.github/workflows/deploy.yml@refs/heads/main",
    GITHUB_REF: "refs/heads/main",
  };
}
