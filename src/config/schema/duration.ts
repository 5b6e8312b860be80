/** Durations are strings with units (`500ms`, `10s`, `15m`, `1h30m`), parsed to milliseconds. */
import { z } from "zod";
import { fieldMeta } from "./meta.js";

const UNITS_MS = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
export const DURATION_PATTERN = /^(?=\d)(?:(\d{1,6})h)?(?:(\d{1,7})m(?!s))?(?:(\d{1,9})s)?(?:(\d{1,12})ms)?$/;
const EXPECTED = "a duration such as 500ms, 10s, 15m or 1h30m";

/** Milliseconds in `text`, or undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text);
  if (match === null) return undefined;
  const [, h = "0", m = "0", s = "0", ms = "0"] = match;
  return Number(h) * UNITS_MS.h + Number(m) * UNITS_MS.m + Number(s) * UNITS_MS.s + Number(ms);
}

/** The shortest duration text for `ms` (`90000` → `1m30s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  let rest = ms;
  let text = "";
  for (const [unit, size] of Object.entries(UNITS_MS)) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return text;
}

function durationHint(found: unknown): string | undefined {
  if (typeof found === "number") return `durations need a unit: write ${Number.isInteger(found) ? `${found}s` : "1500ms"} (units: ms, s, m, h)`;
  if (typeof found !== "string") return undefined;
  const decimal = /^(\d+)\.(\d+)\s*(h|m|s)$/.exec(found.trim());
  if (decimal !== null) {
    const ms = parseDuration(`${decimal[1] ?? "0"}${decimal[3] ?? "s"}`);
    const fraction = Number(`0.${decimal[2] ?? "0"}`) * (UNITS_MS[(decimal[3] ?? "s") as keyof typeof UNITS_MS] ?? 1);
    if (ms !== undefined) return `fractions are not accepted: write ${formatDuration(Math.round(ms + fraction))}`;
  }
  if (/\s/.test(found)) return "write the duration without spaces, e.g. 1h30m";
  if (/^\d+$/.test(found)) return `durations need a unit: write ${found}s (units: ms, s, m, h)`;
  return "units are ms, s, m and h, largest first, e.g. 1h30m or 2m30s";
}

/** A duration field: a string in the input, milliseconds in the output. */
export function duration() {
  return z
    .string()
    .regex(DURATION_PATTERN, { error: "not a duration" })
    .register(fieldMeta, { type: "duration", expected: EXPECTED, hint: durationHint })
    .transform((text) => parseDuration(text) ?? 0);
}
