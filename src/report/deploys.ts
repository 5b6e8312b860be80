/**
 * From executions to deploys: a deploy is one run of the deploy workflow for one environment, and
 * only its latest attempt counts (a re-run replaces what the run said before). Inside that attempt
 * the executions are taken in order: the last one decides the outcome (a failover that succeeded is
 * a success), more than one means the deploy failed over.
 */
import type { Deploy, DeployAttempt } from "./types.js";

function reduce(attempts: readonly DeployAttempt[]): Deploy | undefined {
  const latest = Math.max(...attempts.map((a) => a.runAttempt));
  const executions = attempts.filter((a) => a.runAttempt === latest).sort((a, b) => a.seq - b.seq);
  const first = executions[0];
  const last = executions.at(-1);
  if (first === undefined || last === undefined) return undefined;
  const running = executions.some((e) => e.outcome === "running");
  const outcome = running ? "running" : last.outcome;
  return {
    environment: first.environment,
    runId: first.runId,
    runAttempt: latest,
    outcome,
    failureClass: outcome === "failure" ? last.failureClass : null,
    failover: executions.length > 1,
    durationMs: running || last.finishedAt === null ? null : Math.max(0, last.finishedAt - first.startedAt),
    queueMs: first.queuedAt === null ? null : Math.max(0, first.startedAt - first.queuedAt),
    startedAt: first.startedAt,
    finishedAt: running ? null : last.finishedAt,
  };
}

/** Every deploy among `attempts`, in the order they started. */
export function deploysOf(attempts: Iterable<DeployAttempt>): Deploy[] {
  const runs = new Map<string, DeployAttempt[]>();
  for (const attempt of attempts) {
    const key = `${attempt.environment}\u0000${attempt.runId}`;
    const list = runs.get(key);
    if (list === undefined) runs.set(key, [attempt]);
    else list.push(attempt);
  }
  const deploys: Deploy[] = [];
  for (const list of runs.values()) {
    const deploy = reduce(list);
    if (deploy !== undefined) deploys.push(deploy);
  }
  return deploys.sort((a, b) => a.startedAt - b.startedAt || a.runId.localeCompare(b.runId));
}
