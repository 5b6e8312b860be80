/**
 * A small history whose figures are computed by hand (docs/report.md walks through the same cases).
 * Production, deploy k starting at T0 + k hours:
 *   101 success 300 s, queued 20 s
 *   102 attempt 1 failure (application) 120 s; attempt 2 success 240 s, queued 10 s → a re-run that counts once, as a success
 *   103 primary failure (runner) 100 s, secondary starts 150 s after the primary and runs 200 s → failover, success, 350 s, queued 30 s
 *   104 superseded (skipped) → cancelled, not counted
 *   105 failure (application) 660 s, queued 40 s
 *   106 success 480 s, queued 15 s
 *   107 refused by a guard 5 s, queued 5 s → failure (guard)
 *   108 success 200 s, queued 25 s
 *   109 still running → not counted
 *   110 primary failure (infrastructure) 60 s, secondary 100 s later fails (target) after 90 s → failover, failure, 190 s, queued 60 s
 * Counted: 8 deploys, 5 succeeded → success rate 0.625. Run times sorted: 5 190 200 240 300 350 480 660 →
 * p50 = rank ⌈0.5·8⌉ = 4 → 240 s; p95 = rank ⌈0.95·8⌉ = 8 → 660 s. Queue sorted: 5 10 15 20 25 30 40 60 → p50 20 s, p95 60 s.
 * MTTR: 105 ends T0+5h+660 s, 106 ends T0+6h+480 s (3420 s); 107 ends T0+7h+5 s, 108 ends T0+8h+200 s (3795 s) → 3607.5 s; 110 still open.
 * Staging: 20 successes running 1…20 min → p50 rank 10 = 600 s, p95 rank 19 = 1140 s.
 */
import { HOUR, SECOND, type DeploySpec, type Execution } from "./history.js";

export function knownHistory(t0: number): DeploySpec[] {
  const at = (k: number, offsetSeconds = 0) => t0 + k * HOUR + offsetSeconds * SECOND;
  const one = (k: number, outcome: Execution["outcome"], seconds: number | undefined, queued: number, failureClass?: Execution["failureClass"]): Execution => ({
    attempt: 1,
    outcome,
    queuedAt: at(k, -queued),
    startedAt: at(k),
    ...(seconds === undefined ? {} : { seconds }),
    ...(failureClass === undefined ? {} : { failureClass }),
  });
  const production: DeploySpec[] = [
    { environment: "production", runId: 101, executions: [one(1, "success", 300, 20)] },
    {
      environment: "production",
      runId: 102,
      executions: [one(2, "failure", 120, 8, "application"), { attempt: 2, outcome: "success", queuedAt: at(2, 1790), startedAt: at(2, 1800), seconds: 240 }],
    },
    {
      environment: "production",
      runId: 103,
      executions: [one(3, "failure", 100, 30, "runner"), { attempt: 1, outcome: "success", queuedAt: at(3, 120), startedAt: at(3, 150), seconds: 200 }],
    },
    { environment: "production", runId: 104, executions: [one(4, "skipped", 3, 12)] },
    { environment: "production", runId: 105, executions: [one(5, "failure", 660, 40, "application")] },
    { environment: "production", runId: 106, executions: [one(6, "success", 480, 15)] },
    { environment: "production", runId: 107, executions: [one(7, "refused", 5, 5, "guard")] },
    { environment: "production", runId: 108, executions: [one(8, "success", 200, 25)] },
    { environment: "production", runId: 109, executions: [one(9, "running", undefined, 9)] },
    {
      environment: "production",
      runId: 110,
      executions: [
        one(10, "failure", 60, 60, "infrastructure"),
        { attempt: 1, outcome: "failure", failureClass: "target", queuedAt: at(10, 70), startedAt: at(10, 100), seconds: 90 },
      ],
    },
  ];
  const staging: DeploySpec[] = Array.from({ length: 20 }, (_, i) => ({
    environment: "staging",
    runId: 201 + i,
    executions: [one(11 + i, "success", (i + 1) * 60, 10)],
  }));
  return [...production, ...staging];
}
