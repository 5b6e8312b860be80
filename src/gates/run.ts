/**
 * The gate engine: every planned gate measured on its schedule (`initial_delay`, then every
 * `interval`), concurrently, until its policy decides (policy.ts). A gate whose measurements were
 * all errors can never pass; a cancelled or timed-out gate is `error`, never `pass`.
 */
import type { CheckRunContext } from "../checks/types.js";
import { formatMs } from "../checks/format.js";
import type { Verdict } from "../model/check.js";
import { systemClock, type Clock } from "./clock.js";
import type { GatePlan } from "./plan.js";
import { decide } from "./policy.js";
import type { GateReport, GateResult, Measurement, MeasurementOutcome } from "./types.js";

export interface GateRunOptions {
  readonly context: CheckRunContext;
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** The caller's cancellation. */
  readonly signal?: AbortSignal;
  /** All gates end by then (undecided gates: `error`). Default: no deadline of its own. */
  readonly deadlineMs?: number;
  /** When an enforced gate fails, stop the others (they end as `error`, "stopped"). Default true. */
  readonly failFast?: boolean;
  /** Called after each measurement. */
  readonly onMeasurement?: (gate: string, measurement: Measurement) => void;
}

function reasonText(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name !== "AbortError" ? reason.message : "cancelled";
}

function masked(ctx: CheckRunContext, outcome: MeasurementOutcome): MeasurementOutcome {
  const mask = ctx.masker;
  if (mask === undefined) return outcome;
  return {
    ...outcome,
    summary: mask.mask(outcome.summary),
    ...(outcome.evidence === undefined ? {} : { evidence: outcome.evidence.map((e) => mask.mask(e)) }),
  };
}

async function runGate(plan: GatePlan, options: GateRunOptions, clock: Clock, signal: AbortSignal): Promise<GateResult> {
  const started = clock.now();
  const measurements: Measurement[] = [];
  const mask = (text: string) => (options.context.masker === undefined ? text : options.context.masker.mask(text));
  const result = (verdict: Verdict, reason: string): GateResult => ({
    name: plan.name,
    verdict,
    reason: mask(reason),
    dryRun: plan.policy.dryRun,
    probe: mask(plan.probe),
    measurements,
    durationMs: clock.now() - started,
  });
  await clock.sleep(plan.policy.initialDelayMs, signal);
  for (let index = 0; ; index++) {
    if (signal.aborted) return result("error", `not decided after ${measurements.length} measurement(s): ${reasonText(signal)}`);
    const at = clock.now();
    const t0 = performance.now();
    const outcome = masked(options.context, await plan.measure(options.context, signal));
    if (signal.aborted && outcome.status !== "pass") return result("error", `not decided after ${measurements.length} measurement(s): ${reasonText(signal)}`);
    const measurement: Measurement = { ...outcome, at: new Date(at).toISOString(), index, durationMs: Math.round(performance.now() - t0) };
    measurements.push(measurement);
    options.onMeasurement?.(plan.name, measurement);
    const decision = decide(plan.policy, measurements);
    if (decision.done) return result(decision.verdict, decision.reason);
    const nextAt = started + plan.policy.initialDelayMs + (index + 1) * plan.policy.intervalMs;
    await clock.sleep(nextAt - clock.now(), signal);
  }
}

/** Overall verdict: dry-run gates are reported but not counted. */
export function gatesVerdict(gates: readonly Pick<GateResult, "verdict" | "dryRun">[]): Verdict {
  const enforced = gates.filter((gate) => !gate.dryRun);
  if (enforced.some((gate) => gate.verdict === "fail")) return "fail";
  if (enforced.some((gate) => gate.verdict === "error")) return "error";
  return "pass";
}

export async function runGates(plans: readonly GatePlan[], options: GateRunOptions): Promise<GateReport> {
  const clock = options.clock ?? systemClock;
  const started = performance.now();
  const stop = new AbortController();
  const signals = [stop.signal, ...(options.signal === undefined ? [] : [options.signal])];
  const timer =
    options.deadlineMs === undefined
      ? undefined
      : setTimeout(() => stop.abort(new Error(`gate deadline of ${formatMs(options.deadlineMs ?? 0)} passed`)), options.deadlineMs);
  const signal = AbortSignal.any(signals);
  try {
    const gates = await Promise.all(
      plans.map(async (plan) => {
        const gate = await runGate(plan, options, clock, signal);
        if ((options.failFast ?? true) && gate.verdict === "fail" && !gate.dryRun && !stop.signal.aborted) {
          stop.abort(new Error(`stopped: gate '${plan.name}' failed`));
        }
        return gate;
      }),
    );
    return { verdict: gatesVerdict(gates), gates, durationMs: Math.round(performance.now() - started) };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
