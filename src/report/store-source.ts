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

/** How a recorded outcome counts, decided in the query: no string per row for it. */
const COUNTS_AS: readonly AttemptOutcome[] = ["running", "success", "cancelled", "failure"];

/**
 * Each execution as a tuple (no object per row: a report reads every row of the window), with how
 * its outcome counts as an index into COUNTS_AS, and its failure class only when it failed (an
 * `aborted` execution without one is of class `aborted`).
 */
const COLUMNS = `id, run_id, run_attempt,
  CASE WHEN outcome IS NULL THEN 0 WHEN outcome = 'success' THEN 1 WHEN outcome = 'skipped' THEN 2 ELSE 3 END,
  CASE WHEN outcome IS NULL OR outcome IN ('success', 'skipped') THEN NULL
       ELSE COALESCE(failure_class, CASE WHEN outcome = 'aborted' THEN 'aborted' END) END,
  queued_at, started_at, finished_at`;

type Row = readonly [
  id: number,
  runId: string,
  runAttempt: number,
  countsAs: number,
  failureClass: string | null,
  queuedAt: number | null,
  startedAt: number,
  finishedAt: number | null,
];

function attemptOfRow(environment: string, row: Row): DeployAttempt {
  const [id, runId, runAttempt, countsAs, failureClass, queuedAt, startedAt, finishedAt] = row;
  return {
    environment,
    runId,
    runAttempt: Number(runAttempt),
    seq: Number(id),
    outcome: COUNTS_AS[countsAs] ?? "failure",
    failureClass,
    queuedAt: queuedAt === null ? null : Number(queuedAt),
    startedAt: Number(startedAt),
    finishedAt: finishedAt === null ? null : Number(finishedAt),
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
        tx.sql.tuples<Row>(`SELECT ${COLUMNS} FROM rw_deploy_attempts WHERE environment = ? AND id > ? AND started_at >= ? ORDER BY id LIMIT ?`, [
          environment,
          after,
          since,
          PAGE_ROWS,
        ]),
      );
      for (const row of rows) folder.add(attemptOfRow(environment, row));
      const last = rows.at(-1);
      if (last === undefined || rows.length < PAGE_ROWS) break;
      after = Number(last[0]);
    }
  }
  return folder;
}
