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

function ranked(failed: readonly Deploy[]): FailureClassCount[] {
  const counts = new Map<string, number>();
  for (const deploy of failed) {
    const name = deploy.failureClass ?? "unclassified";
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts]
    .map(([failure_class, count]) => ({ failure_class, count }))
    .sort((a, b) => b.count - a.count || a.failure_class.localeCompare(b.failure_class));
}

/** Mean of (first failure's end → next success's end), over the completed deploys in the order they finished. */
function recovery(completed: readonly Deploy[]): { mttrMs: number | null; open: number } {
  const ordered = [...completed].sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0));
  let failingSince: number | undefined;
  let open = 0;
  let total = 0;
  let recovered = 0;
  for (const deploy of ordered) {
    const at = deploy.finishedAt ?? deploy.startedAt;
    if (deploy.outcome === "failure") {
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

export function environmentFigures(environment: string, deploys: readonly Deploy[], target: SloTarget, windowMs: number): EnvironmentFigures {
  const completed = deploys.filter((d) => d.outcome === "success" || d.outcome === "failure");
  const succeeded = completed.filter((d) => d.outcome === "success");
  const failed = completed.filter((d) => d.outcome === "failure");
  const run = spread(completed.flatMap((d) => (d.durationMs === null ? [] : [d.durationMs])));
  const queue = spread(completed.flatMap((d) => (d.queueMs === null ? [] : [d.queueMs])));
  const failovers = completed.filter((d) => d.failover);
  const reruns = completed.filter((d) => d.runAttempt > 1);
  const { mttrMs, open } = recovery(completed);
  const rate = completed.length === 0 ? null : succeeded.length / completed.length;
  const successRateMet = rate === null || rate >= target.successRate;
  const p95Met = run.p95 === null || run.p95 <= target.p95Ms;
  return {
    environment,
    deploys: completed.length,
    succeeded: succeeded.length,
    failed: failed.length,
    cancelled: deploys.filter((d) => d.outcome === "cancelled").length,
    running: deploys.filter((d) => d.outcome === "running").length,
    success_rate: rate,
    p50_seconds: seconds(run.p50),
    p95_seconds: seconds(run.p95),
    max_seconds: seconds(run.max),
    queued: queue.count,
    queue_p50_seconds: seconds(queue.p50),
    queue_p95_seconds: seconds(queue.p95),
    queue_max_seconds: seconds(queue.max),
    failovers: failovers.length,
    failovers_succeeded: failovers.filter((d) => d.outcome === "success").length,
    reruns: reruns.length,
    reruns_succeeded: reruns.filter((d) => d.outcome === "success").length,
    failure_classes: ranked(failed),
    mttr_seconds: seconds(mttrMs),
    open_failures: open,
    change_failure_rate: rate === null ? null : failed.length / completed.length,
    deploys_per_day: succeeded.length / (windowMs / DAY_MS),
    slo: {
      met: successRateMet && p95Met,
      success_rate_target: target.successRate,
      p95_target_seconds: target.p95Ms / 1000,
      success_rate_met: successRateMet,
      p95_met: p95Met,
    },
  };
}
