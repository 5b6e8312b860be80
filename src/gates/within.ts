/** Runs one measurement under its own time limit and the caller's signal; abort and exceptions become `error`. */
import { errorText, formatMs } from "../checks/format.js";
import type { MeasurementOutcome } from "./types.js";

export async function within(
  timeoutMs: number,
  signal: AbortSignal,
  body: (signal: AbortSignal) => Promise<MeasurementOutcome>,
): Promise<MeasurementOutcome> {
  const own = new AbortController();
  const timer = setTimeout(() => own.abort(new Error(`timed out after ${formatMs(timeoutMs)}`)), timeoutMs);
  const combined = AbortSignal.any([signal, own.signal]);
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(combined.reason instanceof Error ? combined.reason : new Error("cancelled"));
    if (combined.aborted) onAbort();
    else combined.addEventListener("abort", onAbort, { once: true });
  });
  aborted.catch(() => {});
  try {
    return await Promise.race([body(combined), aborted]);
  } catch (e: unknown) {
    const reason: unknown = combined.reason;
    const why = combined.aborted && reason instanceof Error ? reason.message : errorText(e);
    return { status: "error", summary: why };
  } finally {
    clearTimeout(timer);
    combined.removeEventListener("abort", onAbort);
  }
}
