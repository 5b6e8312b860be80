/**
 * Runs checks with bounded concurrency under one signal. Checks not started when the signal aborts
 * are reported as `error` ("not run") without running; results keep the order of `checks`.
 */
import type { CheckResult } from "../model/check.js";
import type { Check, CheckRunContext } from "./types.js";

export interface RunAllOptions {
  readonly context: CheckRunContext;
  readonly signal: AbortSignal;
  /** Checks in flight at once. Default 32. */
  readonly concurrency?: number;
  /** Called as each check finishes, in completion order. */
  readonly onResult?: (result: CheckResult, index: number) => void;
}

export const DEFAULT_CONCURRENCY = 32;

function notRun(check: Check, signal: AbortSignal): CheckResult {
  const reason: unknown = signal.reason;
  const why = reason instanceof Error && reason.name !== "AbortError" ? reason.message : "cancelled";
  return {
    id: check.id,
    kind: check.kind,
    status: "error",
    summary: `not run: ${why}`,
    evidence: [],
    durationMs: 0,
    ...(check.host === undefined ? {} : { host: check.host }),
  };
}

export async function runAll(checks: readonly Check[], options: RunAllOptions): Promise<CheckResult[]> {
  const results: (CheckResult | undefined)[] = new Array<CheckResult | undefined>(checks.length).fill(undefined);
  const limit = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < checks.length) {
      const index = next++;
      const check = checks[index];
      if (check === undefined) continue;
      const result = options.signal.aborted ? notRun(check, options.signal) : await check.run(options.context, options.signal);
      results[index] = result;
      options.onResult?.(result, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, checks.length) }, worker));
  return results.map((result, index) => result ?? notRun(checks[index] as Check, options.signal));
}
