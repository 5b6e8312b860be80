/**
 * Results of checks and the verdicts built from them (DESIGN.md §3, "Units and results").
 * `fail` = the thing is unhealthy; `error` = we could not tell (timeout, provider down).
 * Callers decide what `error` means; gates and preflight treat it as not-pass (fail closed).
 */

export type CheckStatus = "pass" | "warn" | "fail" | "error";

/** The verdict of a whole run (preflight, gates): `error` = undecided, never a pass. */
export type Verdict = "pass" | "fail" | "error";

export interface CheckResult {
  /** Unique within one run, e.g. `disk /` or `http version [web-02]`. */
  readonly id: string;
  /** The probe kind (`http`, `tcp`, `prometheus`, …). */
  readonly kind: string;
  readonly status: CheckStatus;
  /** One line: what was found (and what was expected when it is not healthy). Masked. */
  readonly summary: string;
  /** Supporting lines (addresses, log lines, body excerpts). Masked. */
  readonly evidence: readonly string[];
  readonly durationMs: number;
  /** The inventory host this result is about (checks expanded with `each_host`). */
  readonly host?: string;
}

const RANK: Readonly<Record<CheckStatus, number>> = { pass: 0, warn: 1, error: 2, fail: 3 };

/** The most severe of `statuses` (fail > error > warn > pass); `pass` for none. */
export function worstStatus(statuses: Iterable<CheckStatus>): CheckStatus {
  let worst: CheckStatus = "pass";
  for (const status of statuses) if (RANK[status] > RANK[worst]) worst = status;
  return worst;
}

/** Verdict of a set of results: any fail → fail; else any error → error; else pass (warnings allowed). */
export function verdictOf(statuses: Iterable<CheckStatus>): Verdict {
  const worst = worstStatus(statuses);
  return worst === "fail" ? "fail" : worst === "error" ? "error" : "pass";
}

/** Exit code of a verdict: pass 0, fail 1, error (could not tell) 3. */
export function verdictExit(verdict: Verdict): 0 | 1 | 3 {
  return verdict === "pass" ? 0 : verdict === "fail" ? 1 : 3;
}
