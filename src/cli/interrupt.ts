/**
 * Ctrl-C and `kill`: the first SIGINT/SIGTERM aborts the command's work through an AbortSignal, so
 * it can stop its probes and still report what it has (a verdict it could not reach is `error`,
 * never a pass); a second one exits at once with 128 + the signal number, as a shell would.
 */
const SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;
type SignalName = keyof typeof SIGNALS;

export interface Interrupt {
  /** Aborted on the first signal; its reason says which (`interrupted by SIGINT`). */
  readonly signal: AbortSignal;
  /** Resolves with the signal's name on the first signal. */
  readonly stopped: Promise<SignalName>;
  /** Removes the handlers; Ctrl-C kills the process again. */
  dispose(): void;
}

export function onInterrupt(): Interrupt {
  const controller = new AbortController();
  let resolveStopped: (name: SignalName) => void = () => undefined;
  const stopped = new Promise<SignalName>((resolve) => {
    resolveStopped = resolve;
  });
  const handlers = (Object.keys(SIGNALS) as SignalName[]).map((name) => {
    const handler = (): void => {
      if (controller.signal.aborted) process.exit(128 + SIGNALS[name]);
      controller.abort(new Error(`interrupted by ${name}`));
      resolveStopped(name);
    };
    process.on(name, handler);
    return { name, handler };
  });
  return {
    signal: controller.signal,
    stopped,
    dispose: () => {
      for (const { name, handler } of handlers) process.off(name, handler);
    },
  };
}

/** Runs `work` with an interrupt in place, and removes it afterwards whatever happens. */
export async function withInterrupt<T>(work: (interrupt: Interrupt) => Promise<T>): Promise<T> {
  const interrupt = onInterrupt();
  try {
    return await work(interrupt);
  } finally {
    interrupt.dispose();
  }
}
