/**
 * Waiting in line for a lock, the same for every backend: try, and while someone holds it or is
 * ahead, report who and since when, poll again, give up at `lock_timeout` or on abort (leaving the
 * line either way). A backend supplies the `Line`: one atomic step, and leaving.
 */
import type { AcquireRequest, LockHolder } from "./types.js";

export type LineStep =
  | { readonly kind: "acquired"; readonly holder: LockHolder; readonly tookOverFrom: LockHolder | undefined }
  | { readonly kind: "waiting"; readonly holder: LockHolder | undefined; readonly ahead: number };

export interface Line {
  /** Takes the lock when it is free and this waiter is first; otherwise joins or keeps its place. */
  step(): Promise<LineStep>;
  /** Leaves the line (after a timeout or abort). */
  leave(): Promise<void>;
}

export interface WaitOptions {
  /** Pause between polls of the first waiter in line (jittered ±25 %; later waiters poll less often). */
  readonly pollMs: number;
  /** Interval between two `onWait` reports when nothing changed. */
  readonly reportEveryMs: number;
  readonly clock: () => number;
}

export type WaitOutcome =
  | { readonly kind: "acquired"; readonly holder: LockHolder; readonly tookOverFrom: LockHolder | undefined; readonly waitedMs: number }
  | { readonly kind: "timeout"; readonly holder: LockHolder | undefined; readonly waitedMs: number }
  | { readonly kind: "cancelled"; readonly waitedMs: number };

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

export async function waitInLine(request: AcquireRequest, line: Line, options: WaitOptions): Promise<WaitOutcome> {
  const started = options.clock();
  let lastReport: { at: number; token: number | undefined; ahead: number } | undefined;
  for (;;) {
    if (request.signal?.aborted === true) {
      await line.leave();
      return { kind: "cancelled", waitedMs: options.clock() - started };
    }
    let step: LineStep;
    try {
      step = await line.step();
    } catch (err: unknown) {
      // The backend hiccuped (a connection refused under load): try again until lock_timeout.
      if (options.clock() - started >= request.timeoutMs) throw err;
      await pause(options.pollMs * 4, request.signal);
      continue;
    }
    const now = options.clock();
    const waitedMs = now - started;
    if (step.kind === "acquired") return { ...step, waitedMs };
    if (waitedMs >= request.timeoutMs) {
      await line.leave();
      return { kind: "timeout", holder: step.holder, waitedMs };
    }
    const changed = lastReport === undefined || lastReport.token !== step.holder?.token || lastReport.ahead !== step.ahead;
    if (request.onWait !== undefined && (changed || now - (lastReport?.at ?? 0) >= options.reportEveryMs)) {
      lastReport = { at: now, token: step.holder?.token, ahead: step.ahead };
      request.onWait({ environment: request.environment, holder: step.holder, ahead: step.ahead, waitedMs });
    }
    // Only the first in line needs to look often; the k-th looks about k times less often.
    const jitter = options.pollMs * Math.min(1 + step.ahead, 5) * (0.75 + Math.random() * 0.5);
    await pause(Math.min(jitter, Math.max(1, request.timeoutMs - waitedMs)), request.signal);
  }
}
