/** Sizes: `5GiB`, `500MB`, `1024B` (bytes, parsed to a number) or `10%` (a share of the total). */
import { z } from "zod";
import { fieldMeta } from "./meta.js";

const MULTIPLIERS = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
} as const;

export const SIZE_PATTERN = /^(\d{1,15}(?:\.\d{1,6})?)(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB|%)$/;
const EXPECTED = "a size such as 5GiB, 500MB or 10%";

/** A size in bytes, or a percentage (0–100) of the total. */
export type Size = { readonly unit: "bytes"; readonly bytes: number } | { readonly unit: "percent"; readonly percent: number };

/** The size in `text`, or undefined when it is not a size. */
export function parseSize(text: string): Size | undefined {
  const match = SIZE_PATTERN.exec(text);
  if (match === null) return undefined;
  const amount = Number(match[1]);
  const unit = match[2] ?? "B";
  if (unit === "%") return amount <= 100 ? { unit: "percent", percent: amount } : undefined;
  return { unit: "bytes", bytes: Math.round(amount * (MULTIPLIERS[unit as keyof typeof MULTIPLIERS] ?? 1)) };
}

function sizeHint(found: unknown): string | undefined {
  if (typeof found === "number") return `sizes need a unit: write ${found}GiB, ${found}MB or ${found}% (units: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB, %)`;
  if (typeof found !== "string") return undefined;
  const loose = /^(\d+(?:\.\d+)?)\s*([a-z%]+)$/i.exec(found.trim());
  if (loose !== null) {
    const unit = loose[2] ?? "";
    const proper = Object.keys(MULTIPLIERS).find((name) => name.toLowerCase() === unit.toLowerCase() || name.toLowerCase() === `${unit.toLowerCase()}b`);
    if (proper !== undefined) return `write ${loose[1] ?? ""}${proper} (units are case-sensitive, no space)`;
  }
  if (/^\d+(\.\d+)?%$/.test(found)) return "a percentage is at most 100%";
  return "units: B, KB, MB, GB, TB (powers of 1000), KiB, MiB, GiB, TiB (powers of 1024), or % of the total";
}

/** A size field: a string in the input, a `Size` in the output. */
export function size() {
  return z
    .string()
    .regex(SIZE_PATTERN, { error: "not a size" })
    .register(fieldMeta, { type: "size", expected: EXPECTED, hint: sizeHint })
    .transform((text, ctx): Size => {
      const parsed = parseSize(text);
      if (parsed !== undefined) return parsed;
      ctx.addIssue({ code: "custom", message: "a percentage is at most 100%", params: { expected: EXPECTED } });
      return z.NEVER;
    });
}
