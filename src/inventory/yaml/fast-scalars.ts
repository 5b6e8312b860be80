/**
 * The scalars of the fast YAML path (`fast.ts`): plain scalars resolved the PyYAML way (and cached:
 * the same few values come back in thousands of files), quoted scalars on one line, and block
 * scalars (`|`, `>`) scanned exactly as PyYAML's `scan_block_scalar` does. Anything these do not
 * handle exactly throws BAIL, and the file goes to the full loader.
 */
import { PyFloat, type PyValue } from "../value.js";
import { constructScalar, resolvePlainTag, ScalarConstructError, TAG } from "./resolve.js";

/** Thrown (one shared instance, no stack) when the fast path steps aside. */
export class FastBail extends Error {}
export const BAIL = new FastBail("not for the fast path");

/**
 * Plain scalars already resolved, by their text. Only immutable values (primitives, floats) are
 * kept, and only so many.
 */
const SEEN_SCALARS = new Map<string, string | number | boolean | PyFloat | null>();
const MAX_SEEN = 8192;

/** A plain scalar's value (PyYAML's implicit resolvers and SafeConstructor). */
export function plainScalar(text: string): PyValue {
  const seen = SEEN_SCALARS.get(text);
  if (seen !== undefined) return seen;
  const tag = resolvePlainTag(text);
  if (tag === TAG.str) {
    if (text.length <= 64 && SEEN_SCALARS.size < MAX_SEEN) SEEN_SCALARS.set(text, text);
    return text;
  }
  if (tag === TAG.merge || tag === TAG.value) throw BAIL;
  let value: PyValue | undefined;
  try {
    value = constructScalar(tag, text);
  } catch (err: unknown) {
    if (err instanceof ScalarConstructError) throw BAIL;
    throw err;
  }
  if (value === undefined) throw BAIL;
  if (
    (value === null || typeof value === "number" || typeof value === "boolean" || value instanceof PyFloat) &&
    text.length <= 64 &&
    SEEN_SCALARS.size < MAX_SEEN
  ) {
    SEEN_SCALARS.set(text, value);
  }
  return value;
}

/** Plain keys found to be strings for YAML (not `yes`, `null`, `1`, …). */
const STRING_KEYS = new Set<string>();

/** Whether a plain key is a str; other keys (ints, bools, None, `<<`, `=`) go to the full loader. */
export function isStringKey(key: string): boolean {
  if (STRING_KEYS.has(key)) return true;
  if (resolvePlainTag(key) !== TAG.str) return false;
  if (STRING_KEYS.size < MAX_SEEN) STRING_KEYS.add(key);
  return true;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  "0": "\0",
  a: "\x07",
  b: "\x08",
  t: "\t",
  n: "\n",
  v: "\x0b",
  f: "\x0c",
  r: "\r",
  e: "\x1b",
  " ": " ",
  '"': '"',
  "\\": "\\",
  "/": "/",
  N: "\x85",
  _: "\xa0",
  L: "\u2028",
  P: "\u2029",
};
const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };
const HEX = /^[0-9A-Fa-f]+$/;

/**
 * The quoted scalar starting at `p` (a `'` or `"`), which must close on the same line: its text
 * and the index after the closing quote.
 */
export function quotedScalar(t: string, p: number): { text: string; end: number } {
  const quote = t.charCodeAt(p);
  let out = "";
  let from = p + 1;
  let i = from;
  const n = t.length;
  for (;;) {
    if (i >= n) throw BAIL;
    const c = t.charCodeAt(i);
    if (c === 10) throw BAIL; // a scalar folded over lines
    if (c === quote) {
      if (quote === 39 && t.charCodeAt(i + 1) === 39) {
        out += t.slice(from, i + 1);
        i += 2;
        from = i;
        continue;
      }
      return { text: out + t.slice(from, i), end: i + 1 };
    }
    if (c === 92 && quote === 34) {
      out += t.slice(from, i);
      const code = t[i + 1] ?? "";
      const simple = SIMPLE_ESCAPES[code];
      if (simple !== undefined) {
        out += simple;
        i += 2;
      } else {
        const length = HEX_LENGTH[code];
        const hex = length === undefined ? "" : t.slice(i + 2, i + 2 + length);
        if (length === undefined || hex.length !== length || !HEX.test(hex)) throw BAIL;
        const point = Number.parseInt(hex, 16);
        if ((point >= 0xd800 && point <= 0xdfff) || point > 0x10ffff) throw BAIL;
        out += String.fromCodePoint(point);
        i += 2 + length;
      }
      from = i;
      continue;
    }
    i++;
  }
}

export interface BlockScalar {
  readonly text: string;
  /** Where the scanner stopped: the start of the first line after the scalar (or the end). */
  readonly next: number;
  /** How many line breaks were passed from the header's line on. */
  readonly lines: number;
}

/**
 * The block scalar whose header (`|`, `>`, with chomping) is at `p`, in a block collection
 * indented by `parentIndent` — PyYAML's `scan_block_scalar`, for the cases it agrees with the full
 * loader on (no explicit indentation, no tabs; folded scalars without more-indented or blank lines).
 */
export function blockScalar(t: string, p: number, parentIndent: number): BlockScalar {
  const n = t.length;
  const folded = t.charCodeAt(p) === 62;
  let i = p + 1;
  let chomp: "clip" | "strip" | "keep" = "clip";
  const indicator = t.charCodeAt(i);
  if (indicator === 45) chomp = "strip";
  else if (indicator === 43) chomp = "keep";
  if (chomp !== "clip") i++;
  const after = t.charCodeAt(i);
  if (after >= 48 && after <= 57) throw BAIL; // an explicit indentation indicator
  // Only spaces and a comment may follow the header.
  let spaces = 0;
  while (i < n && t.charCodeAt(i) === 32) {
    i++;
    spaces++;
  }
  if (i < n && t.charCodeAt(i) !== 10 && !(t.charCodeAt(i) === 35 && spaces > 0)) throw BAIL;
  let lines = 0;
  let pos = t.indexOf("\n", i);
  if (pos < 0) return { text: "", next: n, lines };
  pos++;
  lines++;
  // scan_block_scalar_indentation: blank lines first, and the indentation of the first content line.
  let breaks = 0;
  let maxIndent = 0;
  let column = 0;
  for (;;) {
    column = 0;
    while (pos < n && t.charCodeAt(pos) === 32) {
      pos++;
      column++;
    }
    if (column > maxIndent) maxIndent = column;
    if (pos < n && t.charCodeAt(pos) === 10) {
      pos++;
      breaks++;
      lines++;
      continue;
    }
    break;
  }
  const minIndent = Math.max(parentIndent + 1, 1);
  const indent = Math.max(minIndent, maxIndent);
  // A leading blank line longer than the first content line: the loaders disagree on it.
  if (pos < n && maxIndent > column) throw BAIL;
  let out = "";
  let lineBreak = "";
  while (column === indent && pos < n) {
    if (breaks > 0) {
      if (folded) throw BAIL;
      out += "\n".repeat(breaks);
    }
    const leadingNonSpace = t.charCodeAt(pos) !== 32;
    if (folded && !leadingNonSpace) throw BAIL;
    let end = t.indexOf("\n", pos);
    if (end < 0) end = n;
    out += t.slice(pos, end);
    if (end < n) {
      lineBreak = "\n";
      pos = end + 1;
      lines++;
    } else {
      lineBreak = "";
      pos = n;
    }
    // scan_block_scalar_breaks(indent)
    breaks = 0;
    column = 0;
    while (column < indent && pos < n && t.charCodeAt(pos) === 32) {
      pos++;
      column++;
    }
    while (pos < n && t.charCodeAt(pos) === 10) {
      pos++;
      breaks++;
      lines++;
      column = 0;
      while (column < indent && pos < n && t.charCodeAt(pos) === 32) {
        pos++;
        column++;
      }
    }
    if (column === indent && pos < n) {
      if (folded && lineBreak === "\n" && leadingNonSpace && t.charCodeAt(pos) !== 32) {
        if (breaks === 0) out += " ";
      } else {
        out += lineBreak;
      }
    } else {
      break;
    }
  }
  if (chomp !== "strip") out += lineBreak;
  if (chomp === "keep") out += "\n".repeat(breaks);
  return { text: out, next: pos - column, lines };
}
