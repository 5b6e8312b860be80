/**
 * Python's text primitives where they differ from JavaScript's: `str.strip()` and `\s` (Python's
 * whitespace includes U+001C–U+001F and U+0085 but not U+FEFF), `str.splitlines()` (also splits on
 * \v, \f, U+001C–U+001E, U+0085, U+2028, U+2029), and `\w` (Unicode letters, digits, underscore).
 */

/** The characters of Python's `str.isspace()`, as a regex character-class body. */
export const PY_SPACE = "\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

/** Python's `\w` for str patterns, as a regex character-class body (use with the `u` flag). */
export const PY_WORD = "\\p{L}\\p{N}_";

const LEADING = new RegExp(`^[${PY_SPACE}]+`);
const TRAILING = new RegExp(`[${PY_SPACE}]+$`);

function isPySpace(code: number): boolean {
  return (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x20) || code === 0x85 || code === 0xa0 || code >= 0x1680;
}

/** `str.strip()` with no argument. */
export function pyStrip(text: string): string {
  if (text === "") return text;
  // Fast path: nothing that could be whitespace at either end.
  if (!isPySpace(text.charCodeAt(0)) && !isPySpace(text.charCodeAt(text.length - 1))) return text;
  return text.replace(LEADING, "").replace(TRAILING, "");
}

export function pyRstrip(text: string): string {
  return text.replace(TRAILING, "");
}

const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;
const OTHER_BREAK = /[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

/** `str.splitlines()`: lines without their line breaks; no empty last line for a trailing break. */
export function pySplitlines(text: string): string[] {
  if (text === "") return [];
  // Most files break lines with \n only: a plain split (much faster than a regex split).
  const lines = OTHER_BREAK.test(text) ? text.split(new RegExp(LINE_BREAK.source, "g")) : text.split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Python's `int(text)` for a str: optional sign, ASCII digits with single underscores between, spaces around. */
export function pyIntParse(text: string): bigint | undefined {
  const stripped = pyStrip(text);
  if (!/^[+-]?[0-9]+(?:_[0-9]+)*$/.test(stripped)) return undefined;
  return BigInt(stripped.replace(/_/g, ""));
}

/** Code-point order, as Python sorts str (JavaScript's default sort compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (astral code point) sorts after every BMP unit above it in UTF-16 order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
