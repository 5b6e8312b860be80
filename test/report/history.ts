/**
 * A deploy history written the same way to both sources: the store (through its own history API,
 * as `runwarden deploy` writes it) and the GitHub emulator (runs and deploy jobs, as GitHub records
 * the deploy workflow). One execution is one deploy job: the primary's, then the secondary's after
 * a failover; a re-run is a new attempt of the same run.
 */
import { parseScenario } from "../../src/sandbox/github/scenario.js";
import type { Scenario } from "../../src/sandbox/github/scenario-schema.js";
import { startRun, type Engine } from "../../src/sandbox/github/engine.js";
import type { Conclusion, JobState } from "../../src/sandbox/github/state.js";
import type { DeployOutcome, Store } from "../../src/store/types.js";

export type ExecutionOutcome = DeployOutcome | "running";

export interface Execution {
  readonly attempt: number;
  readonly outcome: ExecutionOutcome;
  readonly failureClass?: "runner" | "infrastructure" | "target" | "application" | "guard" | "unknown";
  readonly queuedAt: number;
  readonly startedAt: number;
  /** Seconds the execution ran (absent while running). */
  readonly seconds?: number;
}

export interface DeploySpec {
  readonly environment: string;
  readonly runId: number;
  readonly executions: readonly Execution[];
}

export const SECOND = 1000;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Writes every execution through the store's history API (unfenced, like a refusal before the lock). */
export async function writeToStore(store: Store, deploys: readonly DeploySpec[]): Promise<void> {
  for (const deploy of deploys) {
    for (const [index, execution] of deploy.executions.entries()) {
      const next = deploy.executions[index + 1];
      const started = await store.history.start({
        environment: deploy.environment,
        sha: "4c2a6f0e8b1d3a5c7e9f0b2d4a6c8e0f1a3b5c7d",
        ref: "refs/heads/main",
        runId: String(deploy.runId),
        runAttempt: execution.attempt,
        actor: "alice",
        runner: index === 0 ? "prod-a-1" : "prod-b-1",
        runnerGroup: next?.attempt === execution.attempt || index === 0 ? "primary" : "secondary",
        startedAt: execution.startedAt,
        queuedAt: execution.queuedAt,
      });
      if (started.status !== "written") throw new Error("fenced");
      if (execution.outcome === "running" || execution.seconds === undefined) continue;
      await store.history.finish(started.id, {
        outcome: execution.outcome,
        failureClass: execution.outcome === "success" || execution.outcome === "skipped" ? null : (execution.failureClass ?? "unknown"),
        failover: next !== undefined && next.attempt === execution.attempt,
        deploymentId: undefined,
        hosts: [],
        finishedAt: execution.startedAt + execution.seconds * SECOND,
      });
    }
  }
}

/** The emulator's scenario: one repository with the two-job deploy workflow of docs/failover.md. */
export function reportScenario(): Scenario {
  return parseScenario(
    `org: acme
repository: platform
rate_limit: { limit: 100000 }
runner_groups:
  - { name: prod-primary, visibility: selected, repositories: [platform] }
  - { name: prod-secondary, visibility: selected, repositories: [platform] }
runners:
  - { name: prod-a-1, group: prod-primary, labels: [self-hosted, linux, x64, production], version: 2.330.0 }
  - { name: prod-b-1, group: prod-secondary, labels: [self-hosted, linux, x64, production], version: 2.330.0 }
workflows:
  - file: deploy.yml
    name: deploy
    jobs:
      - { name: route, runs_on: [ubuntu-latest] }
      - { name: deploy-primary, needs: [route], runs_on: [self-hosted, production], group: prod-primary }
      - { name: deploy-secondary, needs: [deploy-primary], runs_on: [self-hosted, production], group: prod-secondary }
`,
    "report-scenario.yml",
  );
}

const CONCLUSION: Readonly<Record<DeployOutcome, Conclusion>> = {
  success: "success",
  failure: "failure",
  refused: "failure",
  aborted: "failure",
  skipped: "cancelled",
};

function place(job: JobState, execution: Execution | undefined, runnerName: string, groupName: string): void {
  if (execution === undefined) {
    job.status = "completed";
    job.conclusion = "skipped";
    job.completedAt = job.createdAt;
    return;
  }
  job.createdAt = execution.queuedAt;
  job.startedAt = execution.startedAt;
  job.runner = { id: groupName === "prod-primary" ? 1 : 2, name: runnerName, groupId: groupName === "prod-primary" ? 1 : 2, groupName };
  if (execution.outcome === "running" || execution.seconds === undefined) {
    job.status = "in_progress";
    return;
  }
  job.status = "completed";
  job.conclusion = CONCLUSION[execution.outcome];
  job.completedAt = execution.startedAt + execution.seconds * SECOND;
}

/** Adds the runs and jobs of `deploys` to a running emulator's state, each job as GitHub would record it. */
export function writeToEmulator(engine: Engine, deploys: readonly DeploySpec[]): void {
  const workflow = [...engine.state.workflows.values()].find((w) => w.path.endsWith("deploy.yml"));
  if (workflow === undefined) throw new Error("no deploy workflow in the scenario");
  for (const deploy of deploys) {
    const first = deploy.executions[0];
    if (first === undefined) continue;
    const createdAt = first.queuedAt - 60 * SECOND;
    const run = startRun(engine, workflow, { event: "workflow_dispatch", branch: "main", actor: "alice", id: deploy.runId, createdAt }, false);
    const attempts = [...new Set(deploy.executions.map((e) => e.attempt))].sort((a, b) => a - b);
    for (const attempt of attempts) {
      if (attempt > 1) {
        run.attempt = attempt;
        for (const def of workflow.jobs) {
          const id = engine.ids.take("job");
          const base = [...engine.state.jobs.values()].find((job) => job.runId === run.id && job.def.name === def.name);
          if (base === undefined) throw new Error("no job to re-run");
          engine.state.jobs.set(id, { ...base, id, attempt, annotations: [], outputs: {} });
        }
      }
      const jobs = [...engine.state.jobs.values()].filter((job) => job.runId === run.id && job.attempt === attempt);
      const [primary, secondary] = deploy.executions.filter((e) => e.attempt === attempt);
      for (const job of jobs) {
        if (job.def.name === "route") {
          job.status = "completed";
          job.conclusion = "success";
          job.createdAt = createdAt;
          job.startedAt = createdAt;
          job.completedAt = createdAt + SECOND;
        } else if (job.def.name === "deploy-primary") place(job, primary, "prod-a-1", "prod-primary");
        else place(job, secondary, "prod-b-1", "prod-secondary");
      }
    }
    run.updatedAt = Math.max(...deploy.executions.map((e) => e.startedAt + (e.seconds ?? 0) * SECOND));
  }
}

/** A deterministic pseudo-random history of `count` production deploys over the last `days` days. */
export function generatedHistory(count: number, now: number, days: number, firstRunId = 50_000): DeploySpec[] {
  let seed = 20_261_202;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const between = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  // GitHub records whole seconds.
  const start = Math.floor(now / SECOND) * SECOND - days * DAY;
  const step = Math.floor((days * DAY) / (count + 1) / SECOND) * SECOND;
  const deploys: DeploySpec[] = [];
  for (let i = 0; i < count; i++) {
    const queuedAt = start + (i + 1) * step;
    const startedAt = queuedAt + between(1, 240) * SECOND;
    const pick = random();
    const run = (attempt: number, outcome: ExecutionOutcome, at: number, failureClass?: Execution["failureClass"]): Execution => ({
      attempt,
      outcome,
      queuedAt: at - between(1, 120) * SECOND,
      startedAt: at,
      ...(outcome === "running" ? {} : { seconds: between(60, 900) }),
      ...(failureClass === undefined ? {} : { failureClass }),
    });
    let executions: Execution[];
    if (pick < 0.78) executions = [{ ...run(1, "success", startedAt), queuedAt }];
    else if (pick < 0.85) executions = [{ ...run(1, "failure", startedAt, "application"), queuedAt }];
    else if (pick < 0.9)
      executions = [{ ...run(1, "failure", startedAt, "runner"), queuedAt }, run(2, random() < 0.8 ? "success" : "failure", startedAt + HOUR, "unknown")];
    else if (pick < 0.95) {
      const primary: Execution = { ...run(1, "failure", startedAt, "runner"), queuedAt };
      executions = [primary, run(1, random() < 0.75 ? "success" : "failure", startedAt + ((primary.seconds ?? 0) + between(30, 300)) * SECOND, "target")];
    } else if (pick < 0.98) executions = [{ ...run(1, "skipped", startedAt), queuedAt }];
    else executions = [{ ...run(1, "refused", startedAt, "guard"), queuedAt }];
    deploys.push({ environment: "production", runId: firstRunId + i, executions });
  }
  return deploys;
}
