/**
 * The one race between a piece of work and its time: the work runs under its own time limit joined
 * with the caller's signal, and the race ends as soon as that joined signal aborts — so work that
 * ignores its signal still ends on time. Used by checks (harness.ts) and by gate measurements
 * (gates/within.ts); each turns the settled race into its own result.
 */
import { formatMs } from "./format.js";

/** What ended the work early: its own time limit, or the caller (deadline, Ctrl-C, fail-fast). */
export interface Stop {
  readonly by: "timeout" | "caller";
  /** `timed out after 300 ms`, `interrupted by SIGINT`, `cancelled` … */
  readonly reason: string;
}

/** How the race ended: what the work returned or threw, and whether its signal had aborted by then. */
export type Settled<T> =
  | { readonly kind: "returned"; readonly value: T; readonly stopped: Stop | undefined }
  | { readonly kind: "threw"; readonly error: unknown; readonly stopped: Stop | undefined };

/** A signal's abort reason as text: the message of an `Error` reason, else `cancelled`. */
export function abortReasonText(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name !== "AbortError") return reason.message;
  return "cancelled";
}

/** Rejects the race when the work's signal aborts; never seen outside this file. */
const ABORTED = new Error("aborted");

/**
 * Runs `work` with a signal that aborts after `timeoutMs` or when `signal` does, whichever comes
 * first, and settles at the first of: the work returning, the work throwing, that signal aborting.
 * Never throws. When both the caller and the time limit stopped the work, the caller is named.
 */
export async function abortable<T>(timeoutMs: number, signal: AbortSignal, work: (signal: AbortSignal) => Promise<T>): Promise<Settled<T>> {
  const own = new AbortController();
  const timer = setTimeout(() => own.abort(new Error(`timed out after ${formatMs(timeoutMs)}`)), timeoutMs);
  const combined = AbortSignal.any([signal, own.signal]);
  let onAbort = (): void => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(ABORTED);
    if (combined.aborted) onAbort();
    else combined.addEventListener("abort", onAbort, { once: true });
  });
  aborted.catch(() => {});
  const stopped = (): Stop | undefined => {
    if (!combined.aborted) return undefined;
    if (signal.aborted) return { by: "caller", reason: abortReasonText(signal) };
    return { by: "timeout", reason: abortReasonText(own.signal) };
  };
  try {
    const value = await Promise.race([work(combined), aborted]);
    return { kind: "returned", value, stopped: stopped() };
  } catch (error: unknown) {
    return { kind: "threw", error, stopped: stopped() };
  } finally {
    clearTimeout(timer);
    combined.removeEventListener("abort", onAbort);
  }
}
