/**
 * Turns a `Probe` into a `Check`: a time limit of its own (combined with the caller's signal), a
 * race against abort (so a probe that ignores its signal still ends on time), exceptions as
 * `error`, timing, and masking of every string that leaves the check.
 */
import type { CheckResult } from "../model/check.js";
import { errorText, formatMs } from "./format.js";
import type { Check, CheckRunContext, Outcome, Probe } from "./types.js";

export interface CheckMeta {
  readonly id: string;
  readonly kind: string;
  readonly host?: string;
  readonly warnOnly?: boolean;
}

/** Thrown into a probe's race when its signal aborts. */
class Aborted extends Error {}

function abortPromise(signal: AbortSignal): { promise: Promise<never>; dispose: () => void } {
  let dispose = () => {};
  const promise = new Promise<never>((_, reject) => {
    if (signal.aborted) {
      reject(new Aborted());
      return;
    }
    const onAbort = () => reject(new Aborted());
    signal.addEventListener("abort", onAbort, { once: true });
    dispose = () => signal.removeEventListener("abort", onAbort);
  });
  promise.catch(() => {});
  return { promise, dispose };
}

function cancelReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name !== "AbortError") return reason.message;
  return "cancelled";
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
      const own = new AbortController();
      const timer = setTimeout(() => own.abort(new Error(`timed out after ${formatMs(probe.timeoutMs)}`)), probe.timeoutMs);
      const combined = AbortSignal.any([signal, own.signal]);
      const abort = abortPromise(combined);
      let outcome: Outcome;
      try {
        outcome = await Promise.race([probe.body(ctx, combined), abort.promise]);
        if (combined.aborted && outcome.status !== "pass") outcome = aborted(own.signal, signal);
      } catch (e: unknown) {
        outcome = combined.aborted ? aborted(own.signal, signal) : { status: "error", summary: errorText(e) };
      } finally {
        clearTimeout(timer);
        abort.dispose();
      }
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

function aborted(own: AbortSignal, caller: AbortSignal): Outcome {
  if (own.aborted && !caller.aborted) return { status: "error", summary: cancelReason(own) };
  return { status: "error", summary: `not finished: ${cancelReason(caller)}` };
}

/** A probe that reports `error` without doing anything: for checks that could not be built. */
export function brokenProbe(summary: string, evidence: readonly string[] = []): Probe {
  return { timeoutMs: 1000, body: () => Promise.resolve({ status: "error", summary, evidence }) };
}
