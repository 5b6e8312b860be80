/** Running one probe the way the preflight runner does, for probe tests. */
import { defineCheck } from "../../src/checks/harness.js";
import type { CheckRunContext, Probe } from "../../src/checks/types.js";
import type { CheckResult } from "../../src/model/check.js";

export const context: CheckRunContext = { env: { PATH: process.env.PATH ?? "" }, now: () => Date.now() };

export function runProbe(probe: Probe, ctx: CheckRunContext = context, signal = new AbortController().signal): Promise<CheckResult> {
  return defineCheck({ id: "test", kind: "test" }, probe).run(ctx, signal);
}
