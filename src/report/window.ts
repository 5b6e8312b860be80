/**
 * A report's window: whole days (`30d`, `7d`) or any duration of runwarden's grammar (`720h`,
 * `90m`), in milliseconds. Days are the one unit added to the duration grammar here, because a
 * reporting window is counted in days and nothing else runwarden reads is.
 */
import { parseDuration } from "../model/duration.js";

export const DAY_MS = 86_400_000;
/** At most ten years back. */
export const MAX_WINDOW_MS = 3660 * DAY_MS;
export const WINDOW_EXPECTED = "a window such as 30d, 7d, 36h or 90m";

/** Milliseconds in `text`, or undefined when it is not a window (or zero, or longer than ten years). */
export function parseWindow(text: string): number | undefined {
  const days = /^(\d{1,4})d$/.exec(text);
  const ms = days?.[1] !== undefined ? Number(days[1]) * DAY_MS : parseDuration(text);
  return ms === undefined || ms <= 0 || ms > MAX_WINDOW_MS ? undefined : ms;
}

/** `30d`, `36h`, `1h30m`: the window as written back for people. */
export function formatWindow(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS}d`;
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [
    ["h", 3_600_000],
    ["m", 60_000],
    ["s", 1_000],
    ["ms", 1],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.join("");
}
