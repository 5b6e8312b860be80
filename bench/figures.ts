/** What the benches print beside every figure: medians, and the machine's load while they ran. */
import { loadavg } from "node:os";

/** The middle value (the upper one of an even count); NaN for none. */
export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** The load average (1, 5, 15 min), for printing beside every figure. */
export const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
