/** Time for the gate engine, injected so tests and simulations need not wait. */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || signal.aborted) {
        resolve();
        return;
      }
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
    }),
};

/**
 * A clock whose sleeps return at once and move its time forward: measurements run back to back,
 * while timestamps and schedules behave as if the intervals had passed.
 */
export function virtualClock(start = Date.UTC(2030, 0, 1)): Clock {
  let time = start;
  return {
    now: () => time,
    sleep: (ms) => {
      time += Math.max(0, ms);
      return Promise.resolve();
    },
  };
}
