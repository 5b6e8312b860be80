/** The decision rules, pure: measurements in, verdict out (docs/gates.md). */
import { describe, expect, it } from "vitest";
import { decide, type GatePolicy } from "../../src/gates/policy.js";
import type { MeasurementOutcome, MeasurementStatus } from "../../src/gates/types.js";

const policy = (over: Partial<GatePolicy> = {}): GatePolicy => ({
  initialDelayMs: 0,
  intervalMs: 10,
  count: 5,
  failureLimit: 1,
  consecutiveErrorLimit: 4,
  minSuccesses: 4,
  noData: "fail",
  dryRun: false,
  ...over,
});

const run = (p: GatePolicy, statuses: readonly MeasurementStatus[]) => {
  const taken: MeasurementOutcome[] = [];
  for (const status of statuses) {
    taken.push({ status, summary: `${status} #${taken.length + 1}` });
    const decision = decide(p, taken);
    if (decision.done) return { ...decision, taken: taken.length };
  }
  return { done: false as const, taken: taken.length };
};

describe("gate decisions", () => {
  it("passes after count measurements with enough successes", () => {
    expect(run(policy(), ["pass", "pass", "fail", "pass", "pass"])).toMatchObject({ verdict: "pass", taken: 5 });
    expect(run(policy(), ["pass", "pass", "pass", "pass"])).toMatchObject({ done: false });
  });

  it("fails as soon as failures exceed failure_limit, naming the last failure", () => {
    const decision = run(policy(), ["pass", "fail", "fail", "pass", "pass"]);
    expect(decision).toMatchObject({ verdict: "fail", taken: 3 });
    expect(decision.done && decision.reason).toMatch(/2 failed measurement\(s\), more than failure_limit 1 — last: fail #3/);
  });

  it("never passes when every measurement is an error (Argo #4479): fails closed after the error budget", () => {
    const decision = run(
      policy(),
      Array.from({ length: 20 }, () => "error" as const),
    );
    expect(decision).toMatchObject({ verdict: "error", taken: 5 });
    expect(decision.done && decision.reason).toMatch(/5 consecutive measurement errors.*failing closed/);
    expect(run(policy({ consecutiveErrorLimit: 0 }), ["error"])).toMatchObject({ verdict: "error", taken: 1 });
  });

  it("retries errors without using up count, so tolerated errors do not make a pass", () => {
    const decision = run(policy({ count: 3, failureLimit: 0, minSuccesses: 3 }), ["pass", "error", "pass", "error", "error", "pass"]);
    expect(decision).toMatchObject({ verdict: "pass", taken: 6 });
    expect(decision.done && decision.reason).toMatch(/3 of 3 .*3 error\(s\) retried/);
  });

  it("requires min_successes: fails once it can no longer be reached", () => {
    const strict = policy({ count: 4, failureLimit: 2, minSuccesses: 4 });
    expect(run(strict, ["pass", "fail", "pass", "pass"])).toMatchObject({ verdict: "fail", taken: 2 });
  });

  it("applies the no_data policy: fail counts as a failure, pass as a success, inconclusive ends undecided", () => {
    expect(run(policy({ noData: "fail", failureLimit: 0, minSuccesses: 5 }), ["no_data"])).toMatchObject({ verdict: "fail", taken: 1 });
    expect(run(policy({ noData: "pass" }), ["no_data", "no_data", "pass", "no_data", "pass"])).toMatchObject({ verdict: "pass", taken: 5 });
    const inconclusive = run(policy({ noData: "inconclusive" }), ["pass", "no_data", "pass"]);
    expect(inconclusive).toMatchObject({ verdict: "error", taken: 2 });
    expect(inconclusive.done && inconclusive.reason).toMatch(/cannot pass/);
  });

  it("a no-data measurement resets the consecutive-error run (it was an answer)", () => {
    expect(run(policy({ noData: "pass", consecutiveErrorLimit: 1 }), ["error", "no_data", "error", "pass", "pass", "pass", "pass"])).toMatchObject({
      verdict: "pass",
    });
  });
});
