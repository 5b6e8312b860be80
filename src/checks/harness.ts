/**
 * Turns a `Probe` into a `Check`: a time limit of its own (combined with the caller's signal), a
 * race against abort (abortable.ts: a probe that ignores its signal still ends on time), exceptions
 * as `error`, timing, and masking of every string that leaves the check.
 */
import type { CheckResult } from "../model/check.js";
import { abortable, type Settled } from "./abortable.js";
import { errorText } from "./format.js";
import type { Check, CheckRunContext, Outcome, Probe } from "./types.js";

export interface CheckMeta {
  readonly id: string;
  readonly kind: string;
  readonly host?: string;
  readonly warnOnly?: boolean;
}

export function defineCheck(meta: CheckMeta, probe: Probe): Check {
  const { id, kind, host } = meta;
  return {
    id,
    kind,
    ...(host === undefined ? {} : { host }),
    timeoutMs: probe.timeoutMs,
    warnOnly: meta.warnOnly ?? false,
    async run(ctx: CheckRunContext, signal: AbortSignal): Promise<CheckResult> {
      const started = performance.now();
      const settled = await abortable(probe.timeoutMs, signal, (inner) => probe.body(ctx, inner));
      const outcome = outcomeOf(settled);
      const mask = (text: string) => (ctx.masker === undefined ? text : ctx.masker.mask(text));
      return {
        id,
        kind,
        status: outcome.status,
        summary: mask(outcome.summary),
        evidence: (outcome.evidence ?? []).map(mask),
        durationMs: Math.round(performance.now() - started),
        ...(host === undefined ? {} : { host }),
      };
    },
  };
}

/** A probe stopped before it could pass is an `error` saying why; an exception is an `error` naming it. */
function outcomeOf(settled: Settled<Outcome>): Outcome {
  const { stopped } = settled;
  if (stopped !== undefined && (settled.kind === "threw" || settled.value.status !== "pass")) {
    return { status: "error", summary: stopped.by === "timeout" ? stopped.reason : `not finished: ${stopped.reason}` };
  }
  return settled.kind === "returned" ? settled.value : { status: "error", summary: errorText(settled.error) };
}

/** A probe that reports `error` without doing anything: for checks that could not be built. */
export function brokenProbe(summary: string, evidence: readonly string[] = []): Probe {
  return { timeoutMs: 1000, body: () => Promise.resolve({ status: "error", summary, evidence }) };
}
