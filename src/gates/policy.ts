/**
 * The decision rules of a gate (docs/gates.md), pure: measurements in, "keep measuring" or a
 * verdict with its reason out. Fail closed:
 * - errors (could not measure) never count as successes; they are retried on the next interval and
 *   do not use up `count`; more than `consecutive_error_limit` in a row ends the gate with `error`;
 * - `no_data` follows the gate's policy: `fail` counts as a failure, `pass` as a success,
 *   `inconclusive` ends the gate at once with `error` (it can no longer pass);
 * - more than `failure_limit` failures ends the gate with `fail`;
 * - the gate passes only after `count` counted measurements with at least `min_successes` successes.
 */
import type { Gate } from "../config/schema.js";
import type { Verdict } from "../model/check.js";
import type { MeasurementOutcome } from "./types.js";

export type NoDataPolicy = "fail" | "pass" | "inconclusive";

export interface GatePolicy {
  readonly initialDelayMs: number;
  readonly intervalMs: number;
  /** Counted measurements (passes and failures) to take. */
  readonly count: number;
  readonly failureLimit: number;
  readonly consecutiveErrorLimit: number;
  readonly minSuccesses: number;
  readonly noData: NoDataPolicy;
  readonly dryRun: boolean;
}

export function policyOf(gate: Gate): GatePolicy {
  return {
    initialDelayMs: gate.initial_delay,
    intervalMs: gate.interval,
    count: gate.count,
    failureLimit: gate.failure_limit,
    consecutiveErrorLimit: gate.consecutive_error_limit,
    minSuccesses: gate.min_successes,
    noData: gate.no_data,
    dryRun: gate.dry_run,
  };
}

export type Decision = { readonly done: false } | { readonly done: true; readonly verdict: Verdict; readonly reason: string };

export interface Tally {
  readonly successes: number;
  readonly failures: number;
  readonly errors: number;
  readonly consecutiveErrors: number;
  readonly noData: number;
}

export function tally(policy: GatePolicy, measurements: readonly Pick<MeasurementOutcome, "status">[]): Tally {
  let successes = 0;
  let failures = 0;
  let errors = 0;
  let consecutiveErrors = 0;
  let noData = 0;
  for (const { status } of measurements) {
    if (status === "error") {
      errors += 1;
      consecutiveErrors += 1;
      continue;
    }
    consecutiveErrors = 0;
    if (status === "no_data") noData += 1;
    const effective = status === "no_data" ? policy.noData : status;
    if (effective === "pass") successes += 1;
    else if (effective === "fail") failures += 1;
  }
  return { successes, failures, errors, consecutiveErrors, noData };
}

function last(measurements: readonly MeasurementOutcome[], statuses: readonly string[]): string {
  const found = [...measurements].reverse().find((m) => statuses.includes(m.status));
  return found === undefined ? "" : ` — last: ${found.summary}`;
}

export function decide(policy: GatePolicy, measurements: readonly MeasurementOutcome[]): Decision {
  const t = tally(policy, measurements);
  const latest = measurements.at(-1);
  if (latest?.status === "no_data" && policy.noData === "inconclusive") {
    return {
      done: true,
      verdict: "error",
      reason: `no data at measurement ${measurements.length} and no_data is inconclusive: the gate cannot pass${last(measurements, ["no_data"])}`,
    };
  }
  if (t.failures > policy.failureLimit) {
    return {
      done: true,
      verdict: "fail",
      reason: `${t.failures} failed measurement(s), more than failure_limit ${policy.failureLimit}${last(measurements, ["fail", "no_data"])}`,
    };
  }
  if (t.consecutiveErrors > policy.consecutiveErrorLimit) {
    return {
      done: true,
      verdict: "error",
      reason: `${t.consecutiveErrors} consecutive measurement errors, more than consecutive_error_limit ${policy.consecutiveErrorLimit}: could not measure (provider suspect), failing closed${last(measurements, ["error"])}`,
    };
  }
  const counted = t.successes + t.failures;
  const retried = t.errors > 0 ? `; ${t.errors} error(s) retried` : "";
  if (counted >= policy.count || t.successes + (policy.count - counted) < policy.minSuccesses) {
    if (t.successes >= policy.minSuccesses) {
      return { done: true, verdict: "pass", reason: `${t.successes} of ${counted} measurement(s) passed (min_successes ${policy.minSuccesses})${retried}` };
    }
    return {
      done: true,
      verdict: "fail",
      reason: `${t.successes} successful measurement(s), fewer than min_successes ${policy.minSuccesses}${retried}${last(measurements, ["fail", "no_data"])}`,
    };
  }
  return { done: false };
}
