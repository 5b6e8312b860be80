/**
 * A small JSON path for http checks: `$.status`, `$.build.sha`, `$.checks[0].ok`, `$["key with space"]`.
 * The leading `$` is optional (`build.sha` works). No wildcards, filters or recursion.
 */
import { InputError } from "../model/errors.js";

export type PathSegment = string | number;

const STEP = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\])/;

/** Parses a path; throws `InputError` (RW_JSON_PATH) naming the offset of a bad step. */
export function parseJsonPath(path: string): PathSegment[] {
  let rest = path.trim();
  if (rest.startsWith("$")) rest = rest.slice(1);
  else if (rest !== "" && !rest.startsWith("[") && !rest.startsWith(".")) rest = `.${rest}`;
  const segments: PathSegment[] = [];
  while (rest !== "") {
    const match = STEP.exec(rest);
    if (match === null) {
      throw new InputError("RW_JSON_PATH", `invalid JSON path '${path}' at '${rest}'`, [], {
        hint: 'write steps as .name, [0] or ["name with spaces"], e.g. $.build.sha',
      });
    }
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(match[3].slice(1, -1).replace(/\\(.)/g, "$1"));
    rest = rest.slice(match[0].length);
  }
  return segments;
}

/** `$.a[0].b` for display. */
export function formatJsonPath(segments: readonly PathSegment[]): string {
  return `$${segments.map((s) => (typeof s === "number" ? `[${s}]` : /^[A-Za-z_$][\w$-]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join("")}`;
}

export type Lookup = { readonly found: true; readonly value: unknown } | { readonly found: false; readonly missing: string };

export function lookupJson(document: unknown, segments: readonly PathSegment[]): Lookup {
  let value: unknown = document;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (typeof segment === "number" && Array.isArray(value) && segment < value.length) value = value[segment];
    else if (typeof segment === "string" && typeof value === "object" && value !== null && !Array.isArray(value) && Object.hasOwn(value, segment)) {
      value = (value as Record<string, unknown>)[segment];
    } else return { found: false, missing: formatJsonPath(segments.slice(0, i + 1)) };
  }
  return { found: true, value };
}

/** Structural equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) || Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length && ka.every((key) => Object.hasOwn(b, key) && jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}
