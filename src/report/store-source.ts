/**
 * Executions from the store's deploy history (`rw_deploy_attempts`), started within the window.
 * How a recorded outcome counts: `success` succeeded; `failure`, `refused` (a guard or preflight
 * said no: production did not get the change) and `aborted` (runwarden was stopped half way)
 * failed; `skipped` (superseded: a newer commit was already live or on its way) is cancelled;
 * no outcome yet is running.
 */
import type { Store } from "../store/types.js";
import { DeployFolder } from "./deploys.js";
import type { AttemptOutcome, DeployAttempt } from "./types.js";

interface Row {
  readonly id: number;
  readonly environment: string;
  readonly run_id: string;
  readonly run_attempt: number;
  readonly outcome: string | null;
  readonly failure_class: string | null;
  readonly runner_group: string | null;
  readonly queued_at: number | null;
  readonly started_at: number;
  readonly finished_at: number | null;
}

const COUNTS_AS: Readonly<Record<string, AttemptOutcome>> = {
  success: "success",
  failure: "failure",
  refused: "failure",
  aborted: "failure",
  skipped: "cancelled",
};

export function attemptOfRow(row: Row): DeployAttempt {
  const outcome = row.outcome === null ? "running" : (COUNTS_AS[row.outcome] ?? "failure");
  return {
    environment: row.environment,
    runId: row.run_id,
    runAttempt: Number(row.run_attempt),
    seq: Number(row.id),
    outcome,
    failureClass: outcome === "failure" ? (row.failure_class ?? (row.outcome === "aborted" ? "aborted" : null)) : null,
    runnerGroup: row.runner_group,
    queuedAt: row.queued_at === null ? null : Number(row.queued_at),
    startedAt: Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
  };
}

/** Rows read per transaction: memory stays bounded by a page, and a writer never waits long. */
export const PAGE_ROWS = 5000;

/**
 * The deploys of `environments` whose executions started at or after `since`: each environment read
 * a page at a time in id order (the `(environment, id)` index: no sort), folded as it comes.
 */
export async function storeDeploys(store: Store, environments: readonly string[], since: number): Promise<DeployFolder> {
  const folder = new DeployFolder();
  for (const environment of new Set(environments)) {
    for (let after = 0; ; ) {
      const rows = await store.transaction((tx) =>
        tx.sql.all<Row>(
          `SELECT id, environment, run_id, run_attempt, outcome, failure_class, runner_group, queued_at, started_at, finished_at
           FROM rw_deploy_attempts WHERE environment = ? AND id > ? AND started_at >= ? ORDER BY id LIMIT ?`,
          [environment, after, since, PAGE_ROWS],
        ),
      );
      for (const row of rows) folder.add(attemptOfRow(row));
      const last = rows.at(-1);
      if (last === undefined || rows.length < PAGE_ROWS) break;
      after = Number(last.id);
    }
  }
  return folder;
}
