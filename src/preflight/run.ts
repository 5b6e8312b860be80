/**
 * The preflight runner: every check concurrently (bounded, default 32) under one deadline, progress
 * reported per result, one verdict. Pure data: rendering belongs to the caller.
 *
 * Verdict: `fail` when any check fails; else `error` when a check could not tell (so nothing can be
 * concluded); else `pass` (warnings allowed). `warn_only` checks report failures and errors as
 * warnings and never block.
 */
import { formatMs } from "../checks/format.js";
import { DEFAULT_CONCURRENCY, runAll } from "../checks/run-all.js";
import type { Check, CheckRunContext } from "../checks/types.js";
import { verdictOf, type CheckResult, type CheckStatus, type Verdict } from "../model/check.js";

export interface PreflightOptions {
  readonly context: CheckRunContext;
  /** Checks in flight at once. Default 32. */
  readonly concurrency?: number;
  /** The whole preflight ends by then: running checks are cancelled, unstarted ones are not run. Default 60 s. */
  readonly deadlineMs?: number;
  /** The caller's cancellation (e.g. SIGINT). */
  readonly signal?: AbortSignal;
  /** Called after each check: `done` of `total` finished, `latest` the one that just did. */
  readonly onProgress?: (done: number, total: number, latest: CheckResult) => void;
}

export interface PreflightReport {
  readonly verdict: Verdict;
  /** In the order of the checks given. */
  readonly results: readonly CheckResult[];
  readonly counts: Readonly<Record<CheckStatus, number>>;
  readonly durationMs: number;
  readonly deadlineMs: number;
}

export const DEFAULT_PREFLIGHT_DEADLINE_MS = 60_000;

/** A warn_only check's failure or error, reported as a warning. */
function downgrade(result: CheckResult): CheckResult {
  if (result.status !== "fail" && result.status !== "error") return result;
  return { ...result, status: "warn", summary: `${result.summary} (warn_only: was ${result.status})` };
}

export async function runPreflight(checks: readonly Check[], options: PreflightOptions): Promise<PreflightReport> {
  const started = performance.now();
  const deadlineMs = options.deadlineMs ?? DEFAULT_PREFLIGHT_DEADLINE_MS;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error(`preflight deadline of ${formatMs(deadlineMs)} passed`)), deadlineMs);
  const signal = options.signal === undefined ? deadline.signal : AbortSignal.any([options.signal, deadline.signal]);
  let done = 0;
  try {
    const raw = await runAll(checks, {
      context: options.context,
      signal,
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
      onResult: (result, index) => {
        done += 1;
        options.onProgress?.(done, checks.length, checks[index]?.warnOnly === true ? downgrade(result) : result);
      },
    });
    const results = raw.map((result, index) => (checks[index]?.warnOnly === true ? downgrade(result) : result));
    const counts: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, error: 0 };
    for (const result of results) counts[result.status] += 1;
    return { verdict: verdictOf(results.map((r) => r.status)), results, counts, durationMs: Math.round(performance.now() - started), deadlineMs };
  } finally {
    clearTimeout(timer);
  }
}
