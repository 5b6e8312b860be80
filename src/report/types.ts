/**
 * What the deploy report is computed from: one `DeployAttempt` per execution of a deploy job
 * (a store row, or a deploy job GitHub recorded), whatever the source. Times are milliseconds
 * since the epoch.
 */

/** How one execution ended, as the report counts it. */
export type AttemptOutcome = "success" | "failure" | "cancelled" | "running";

export interface DeployAttempt {
  readonly environment: string;
  /** The workflow run: a deploy is one run of the deploy workflow for one environment. */
  readonly runId: string;
  /** The run's attempt (a re-run is a new attempt of the same run). */
  readonly runAttempt: number;
  /** Order inside the run attempt (the primary's deploy before the secondary's after a failover). */
  readonly seq: number;
  readonly outcome: AttemptOutcome;
  /** The failure's class when known (`runner`, `application`, …); null when not classified. */
  readonly failureClass: string | null;
  /** When GitHub queued the job, when known. */
  readonly queuedAt: number | null;
  readonly startedAt: number;
  readonly finishedAt: number | null;
}

/** One deploy: the latest attempt of one run, reduced to what the figures need. */
export interface Deploy {
  readonly environment: string;
  readonly runId: string;
  readonly runAttempt: number;
  /** The last execution's outcome: a failover that succeeded is a success. */
  readonly outcome: AttemptOutcome;
  readonly failureClass: string | null;
  /** More than one execution in the latest attempt: the deploy failed over. */
  readonly failover: boolean;
  /** First execution's start → last execution's end (null while running). */
  readonly durationMs: number | null;
  /** First execution's queue → start (null when the queue time was not recorded). */
  readonly queueMs: number | null;
  readonly startedAt: number;
  readonly finishedAt: number | null;
}

/** The objectives one environment is judged against. */
export interface SloTarget {
  /** 0–1. */
  readonly successRate: number;
  readonly p95Ms: number;
}
