/** Durations are strings with units (`500ms`, `10s`, `15m`, `1h30m`), parsed to milliseconds. */
import { z } from "zod";
import { fieldMeta } from "./meta.js";

import { DURATION_EXPECTED as EXPECTED, DURATION_PATTERN, formatDuration, parseDuration, UNITS_MS } from "../../model/duration.js";

export { DURATION_PATTERN, formatDuration, parseDuration };

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
