/** Text for numbers in summaries: durations, byte counts, error descriptions. */

/** `850 ms`, `1.2 s`, `2m05s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1).replace(/\.?0+$/, "")} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, "0")}s`;
}

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"] as const;

/** `512 B`, `4.0 GiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit] ?? "B"}`;
}

/** One line describing an error, including its causes (`fetch failed: connect ECONNREFUSED …`). */
export function errorText(e: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = e, depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    const message = current instanceof Error ? current.message : String(current);
    const line = message.split("\n")[0] ?? "";
    if (line !== "" && !parts.includes(line)) parts.push(line);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.length === 0 ? "unknown error" : parts.join(": ");
}

/** `text` cut to `max` characters, with an ellipsis when cut; newlines shown as `⏎`. */
export function excerpt(text: string, max = 160): string {
  const flat = text.replace(/\r?\n/g, "⏎");
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
