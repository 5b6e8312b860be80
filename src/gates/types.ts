/** Gate results as data: measurements, per-gate verdicts with a reason, one overall verdict. */
import type { Verdict } from "../model/check.js";

/** One measurement: `no_data` (an empty query result) is kept apart; the gate's policy decides what it means. */
export type MeasurementStatus = "pass" | "fail" | "error" | "no_data";

export interface MeasurementOutcome {
  readonly status: MeasurementStatus;
  /** Masked. */
  readonly summary: string;
  /** The measured value when there is one (a query result); non-finite values as text (`NaN`, `+Inf`). */
  readonly value?: number | string;
  readonly evidence?: readonly string[];
}

export interface Measurement extends MeasurementOutcome {
  /** When it started (ISO 8601). */
  readonly at: string;
  /** 0-based, in order taken (errors included). */
  readonly index: number;
  readonly durationMs: number;
}

export interface GateResult {
  readonly name: string;
  readonly verdict: Verdict;
  /** Why, in one line: counts against the limits, and the last telling measurement. Masked. */
  readonly reason: string;
  /** Measured and reported, but not part of the overall verdict. */
  readonly dryRun: boolean;
  /** What was measured, e.g. `http ×3 hosts` or `prometheus: <query>`. */
  readonly probe: string;
  readonly measurements: readonly Measurement[];
  readonly durationMs: number;
}

export interface GateReport {
  /** `fail` if any enforced gate failed; else `error` if any could not decide; else `pass`. */
  readonly verdict: Verdict;
  readonly gates: readonly GateResult[];
  readonly durationMs: number;
}
