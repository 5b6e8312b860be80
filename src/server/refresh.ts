/**
 * Repeating work for `serve`: the fleet refresh on an interval (the first one at once), and a
 * single-flight, briefly cached store read shared by concurrent scrapes (two scrapes never read, and
 * count, the same new rows twice).
 */

export interface Loop {
  /** Stops the loop and waits for a run in flight to end. */
  stop(): Promise<void>;
}

/** Runs `work` now and then `everyMs` after each run ends, until stopped. `work` gets a signal aborted on stop. */
export function startLoop(work: (signal: AbortSignal) => Promise<void>, everyMs: number): Loop {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = (): void => {
    running = work(controller.signal).finally(() => {
      if (!controller.signal.aborted) timer = setTimeout(tick, everyMs);
    });
  };
  tick();
  return {
    async stop() {
      controller.abort(new Error("serve is stopping"));
      if (timer !== undefined) clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}

/** `read` at most once per `cacheMs`, and never twice at the same time. */
export function singleFlight(read: () => Promise<void>, cacheMs: number, now: () => number): () => Promise<void> {
  let inFlight: Promise<void> | undefined;
  let doneAt = Number.NEGATIVE_INFINITY;
  return () => {
    if (inFlight !== undefined) return inFlight;
    if (now() - doneAt < cacheMs) return Promise.resolve();
    inFlight = read()
      .then(() => {
        doneAt = now();
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}
