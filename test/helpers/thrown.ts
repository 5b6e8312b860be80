/** The error of class `type` that `run` throws; any other outcome fails the test. */
export function thrown<T extends Error>(type: abstract new (...args: never[]) => T, run: () => unknown): T {
  try {
    run();
  } catch (e: unknown) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected a ${type.name}, but nothing was thrown`);
}
