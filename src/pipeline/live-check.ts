/**
 * `--skip-if-live`: one measurement of each version gate, now. When every one passes — every host
 * already reports this commit — the deploy is skipped (re-running a deploy is safe and cheap); any
 * other measurement (a host on another version, one that does not answer) means deploy.
 */
import type { GatePlan } from "../gates/index.js";
import type { Io } from "../output/io.js";

export interface LiveCheck {
  readonly live: boolean;
  readonly detail: string;
}

export async function checkLive(plans: readonly GatePlan[], io: Io, signal: AbortSignal): Promise<LiveCheck> {
  const context = { env: io.env, now: io.now, masker: io.masker };
  const outcomes = await Promise.all(plans.map(async (plan) => ({ plan, outcome: await plan.measure(context, signal) })));
  const notLive = outcomes.filter(({ outcome }) => outcome.status !== "pass");
  if (notLive.length === 0) return { live: true, detail: outcomes.map(({ plan, outcome }) => `${plan.name}: ${outcome.summary}`).join("; ") };
  return { live: false, detail: `not live yet (${notLive.map(({ plan, outcome }) => `${plan.name}: ${outcome.summary}`).join("; ")}): deploying` };
}
