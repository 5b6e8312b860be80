/** Durations are strings with units (`500ms`, `10s`, `15m`, `1h30m`), parsed to milliseconds: the one grammar of every duration runwarden reads (config, flags, Action inputs). */
export const UNITS_MS = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
export const DURATION_PATTERN = /^(?=\d)(?:(\d{1,6})h)?(?:(\d{1,7})m(?!s))?(?:(\d{1,9})s)?(?:(\d{1,12})ms)?$/;
export const DURATION_EXPECTED = "a duration such as 500ms, 10s, 15m or 1h30m";

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
