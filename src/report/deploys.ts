/**
 * From executions to deploys: a deploy is one run of the deploy workflow for one environment, and
 * only its latest attempt counts (a re-run replaces what the run said before). Inside that attempt
 * the executions are taken in order: the last one decides the outcome (a failover that succeeded is
 * a success), more than one means the deploy failed over. One pass, any input order.
 */
import type { AttemptOutcome, Deploy, DeployAttempt } from "./types.js";

/** What one run's latest attempt has shown so far: primitives only, so that the executions themselves can go. */
interface Folding {
  attempt: number;
  executions: number;
  running: boolean;
  firstSeq: number;
  startedAt: number;
  queuedAt: number | null;
  lastSeq: number;
  outcome: AttemptOutcome;
  failureClass: string | null;
  finishedAt: number | null;
}

function start(execution: DeployAttempt): Folding {
  return {
    attempt: execution.runAttempt,
    executions: 1,
    running: execution.outcome === "running",
    firstSeq: execution.seq,
    startedAt: execution.startedAt,
    queuedAt: execution.queuedAt,
    lastSeq: execution.seq,
    outcome: execution.outcome,
    failureClass: execution.failureClass,
    finishedAt: execution.finishedAt,
  };
}

function fold(folding: Folding | undefined, execution: DeployAttempt): Folding {
  if (folding === undefined || execution.runAttempt > folding.attempt) return start(execution);
  if (execution.runAttempt === folding.attempt) {
    if (execution.seq < folding.firstSeq) {
      folding.firstSeq = execution.seq;
      folding.startedAt = execution.startedAt;
      folding.queuedAt = execution.queuedAt;
    }
    if (execution.seq > folding.lastSeq) {
      folding.lastSeq = execution.seq;
      folding.outcome = execution.outcome;
      folding.failureClass = execution.failureClass;
      folding.finishedAt = execution.finishedAt;
    }
    folding.executions += 1;
    folding.running ||= execution.outcome === "running";
  }
  return folding;
}

function deployOf(environment: string, runId: string, f: Folding): Deploy {
  const outcome = f.running ? "running" : f.outcome;
  return {
    environment,
    runId,
    runAttempt: f.attempt,
    outcome,
    failureClass: outcome === "failure" ? f.failureClass : null,
    failover: f.executions > 1,
    durationMs: f.running || f.finishedAt === null ? null : Math.max(0, f.finishedAt - f.startedAt),
    queueMs: f.queuedAt === null ? null : Math.max(0, f.startedAt - f.queuedAt),
    startedAt: f.startedAt,
    finishedAt: f.running ? null : f.finishedAt,
  };
}

/** Folds executions into deploys as they come (a page at a time): one small record per run is kept, not the executions. */
export class DeployFolder {
  readonly #runs = new Map<string, Map<string, Folding>>();

  add(attempt: DeployAttempt): void {
    let environment = this.#runs.get(attempt.environment);
    if (environment === undefined) {
      environment = new Map();
      this.#runs.set(attempt.environment, environment);
    }
    environment.set(attempt.runId, fold(environment.get(attempt.runId), attempt));
  }

  /** The deploys folded so far (of one environment, or of all), in no particular order, made as they are read. */
  *deploys(environment?: string): Generator<Deploy> {
    for (const [name, runs] of this.#runs) {
      if (environment !== undefined && name !== environment) continue;
      for (const [runId, folding] of runs) yield deployOf(name, runId, folding);
    }
  }
}

/** Every deploy among `attempts`, in no particular order. */
export function deploysOf(attempts: Iterable<DeployAttempt>): Deploy[] {
  const folder = new DeployFolder();
  for (const attempt of attempts) folder.add(attempt);
  return [...folder.deploys()];
}
