/**
 * The figures of one environment's deploys over a window: counts, success rate, run and queue time
 * percentiles, failovers, re-runs, failure classes, MTTR, the DORA figures and the SLO verdict.
 * Pure: deploys in, data out (docs/report.md says how each case counts).
 */
import { spread } from "./percentile.js";
import type { Deploy, SloTarget } from "./types.js";
import { DAY_MS } from "./window.js";

export interface FailureClassCount {
  readonly failure_class: string;
  readonly count: number;
}

export interface SloVerdict {
  /** Both objectives held (true when there was nothing to judge). */
  readonly met: boolean;
  readonly success_rate_target: number;
  readonly p95_target_seconds: number;
  readonly success_rate_met: boolean;
  readonly p95_met: boolean;
}

export interface EnvironmentFigures {
  readonly environment: string;
  /** Completed deploys that count: succeeded + failed (cancelled and running ones do not). */
  readonly deploys: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Cancelled before they decided anything (superseded by a newer deploy, cancelled in the queue). */
  readonly cancelled: number;
  /** Not finished yet. */
  readonly running: number;
  /** succeeded / deploys, 0–1; null without deploys. */
  readonly success_rate: number | null;
  readonly p50_seconds: number | null;
  readonly p95_seconds: number | null;
  readonly max_seconds: number | null;
  /** Deploys whose queue time is known. */
  readonly queued: number;
  readonly queue_p50_seconds: number | null;
  readonly queue_p95_seconds: number | null;
  readonly queue_max_seconds: number | null;
  readonly failovers: number;
  readonly failovers_succeeded: number;
  /** Deploys whose latest attempt is a re-run (attempt > 1), and how many of them succeeded. */
  readonly reruns: number;
  readonly reruns_succeeded: number;
  /** Failed deploys by class, most frequent first. */
  readonly failure_classes: readonly FailureClassCount[];
  /** Mean time from a failed deploy to the next successful one; null when none recovered. */
  readonly mttr_seconds: number | null;
  /** Failures since the last success (still unresolved at the end of the window). */
  readonly open_failures: number;
  /** failed / deploys (DORA change failure rate); null without deploys. */
  readonly change_failure_rate: number | null;
  /** Successful deploys per day over the window (DORA deploy frequency). */
  readonly deploys_per_day: number;
  readonly slo: SloVerdict;
}

const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1000);

function ranked(counts: ReadonlyMap<string, number>): FailureClassCount[] {
  return [...counts]
    .map(([failure_class, count]) => ({ failure_class, count }))
    .sort((a, b) => b.count - a.count || a.failure_class.localeCompare(b.failure_class));
}

/**
 * Mean of (first failure's end → next success's end), over the completed deploys in the order they
 * finished. Each end is encoded as `2 · time + (0 failure | 1 success)` in a Float64Array (exact
 * below 2^53) so that one native sort orders them, a failure before a success at the same instant.
 */
function recovery(endings: readonly number[]): { mttrMs: number | null; open: number } {
  const ends = Float64Array.from(endings).sort();
  let failingSince: number | undefined;
  let open = 0;
  let total = 0;
  let recovered = 0;
  for (const end of ends) {
    const at = Math.floor(end / 2);
    if (end % 2 === 0) {
      failingSince ??= at;
      open += 1;
    } else if (failingSince !== undefined) {
      total += at - failingSince;
      recovered += 1;
      failingSince = undefined;
      open = 0;
    }
  }
  return { mttrMs: recovered === 0 ? null : total / recovered, open };
}

export function environmentFigures(environment: string, deploys: Iterable<Deploy>, target: SloTarget, windowMs: number): EnvironmentFigures {
  const durations: number[] = [];
  const queues: number[] = [];
  /** Each completed deploy's end, `2 · time + (0 failure | 1 success)` (see `recovery`). */
  const endings: number[] = [];
  const classes = new Map<string, number>();
  let succeeded = 0;
  let failed = 0;
  let cancelled = 0;
  let running = 0;
  let failovers = 0;
  let failoversSucceeded = 0;
  let reruns = 0;
  let rerunsSucceeded = 0;
  for (const deploy of deploys) {
    if (deploy.outcome === "cancelled") cancelled += 1;
    if (deploy.outcome === "running") running += 1;
    if (deploy.outcome !== "success" && deploy.outcome !== "failure") continue;
    const ok = deploy.outcome === "success";
    endings.push(2 * (deploy.finishedAt ?? deploy.startedAt) + (ok ? 1 : 0));
    if (ok) succeeded += 1;
    else {
      failed += 1;
      const name = deploy.failureClass ?? "unclassified";
      classes.set(name, (classes.get(name) ?? 0) + 1);
    }
    if (deploy.durationMs !== null) durations.push(deploy.durationMs);
    if (deploy.queueMs !== null) queues.push(deploy.queueMs);
    if (deploy.failover) {
      failovers += 1;
      if (ok) failoversSucceeded += 1;
    }
    if (deploy.runAttempt > 1) {
      reruns += 1;
      if (ok) rerunsSucceeded += 1;
    }
  }
  const completed = succeeded + failed;
  const run = spread(durations);
  const queue = spread(queues);
  const { mttrMs, open } = recovery(endings);
  const rate = completed === 0 ? null : succeeded / completed;
  const successRateMet = rate === null || rate >= target.successRate;
  const p95Met = run.p95 === null || run.p95 <= target.p95Ms;
  return {
    environment,
    deploys: completed,
    succeeded,
    failed,
    cancelled,
    running,
    success_rate: rate,
    p50_seconds: seconds(run.p50),
    p95_seconds: seconds(run.p95),
    max_seconds: seconds(run.max),
    queued: queue.count,
    queue_p50_seconds: seconds(queue.p50),
    queue_p95_seconds: seconds(queue.p95),
    queue_max_seconds: seconds(queue.max),
    failovers,
    failovers_succeeded: failoversSucceeded,
    reruns,
    reruns_succeeded: rerunsSucceeded,
    failure_classes: ranked(classes),
    mttr_seconds: seconds(mttrMs),
    open_failures: open,
    change_failure_rate: rate === null ? null : failed / completed,
    deploys_per_day: succeeded / (windowMs / DAY_MS),
    slo: {
      met: successRateMet && p95Met,
      success_rate_target: target.successRate,
      p95_target_seconds: target.p95Ms / 1000,
      success_rate_met: successRateMet,
      p95_met: p95Met,
    },
  };
}
