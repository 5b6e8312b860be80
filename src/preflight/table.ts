/** Rows for a text table of preflight results (the renderer itself lives in src/output/). */
import { formatMs } from "../checks/format.js";
import type { CheckResult, CheckStatus } from "../model/check.js";
import type { PreflightReport } from "./run.js";

export interface TableRow {
  readonly status: CheckStatus;
  readonly check: string;
  readonly summary: string;
  readonly duration: string;
}

const ORDER: Readonly<Record<CheckStatus, number>> = { fail: 0, error: 1, warn: 2, pass: 3 };

/** One row per result, the worst first (stable within a status), durations as text. */
export function toTableRows(report: Pick<PreflightReport, "results">): TableRow[] {
  return [...report.results]
    .map((result: CheckResult, index) => ({ result, index }))
    .sort((a, b) => ORDER[a.result.status] - ORDER[b.result.status] || a.index - b.index)
    .map(({ result }) => ({ status: result.status, check: result.id, summary: result.summary, duration: formatMs(result.durationMs) }));
}
