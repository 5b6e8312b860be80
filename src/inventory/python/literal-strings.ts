/**
 * Python string and bytes literals: prefixes (`r`, `b`, `u`, `f` and their pairs), single or triple
 * quotes, and the escape sequences of non-raw literals. Bytes are returned as a string of
 * U+0000–U+00FF code units (one per byte).
 */
export interface StringToken {
  readonly t: "str";
  readonly value: string;
  readonly bytes: boolean;
  readonly fstring: boolean;
  /** Holds a `\N{name}` escape, which runwarden cannot resolve (no Unicode name table). */
  readonly namedEscape: boolean;
}

/** Thrown for text that is not a complete Python string literal (a Python SyntaxError). */
export class StringSyntaxError extends Error {}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  "\n": "",
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

/** Reads the literal starting at `start` (its prefix is `prefix`, lower-cased). */
export function decodeEscapes(text: string, start: number, prefix: string): { token: StringToken; end: number } {
  const raw = prefix.includes("r");
  const bytes = prefix.includes("b");
  const fstring = prefix.includes("f");
  let i = start + prefix.length;
  const quote = text[i] as string;
  const triple = text.startsWith(quote.repeat(3), i);
  const closer = triple ? quote.repeat(3) : quote;
  i += closer.length;
  let value = "";
  let namedEscape = false;
  for (;;) {
    if (i >= text.length) throw new StringSyntaxError("unterminated string literal");
    if (text.startsWith(closer, i)) {
      i += closer.length;
      break;
    }
    const c = text[i] as string;
    if (!triple && (c === "\n" || c === "\r")) throw new StringSyntaxError("unterminated string literal");
    if (bytes && c.charCodeAt(0) > 0x7f) throw new StringSyntaxError("bytes can only contain ASCII literal characters");
    if (c !== "\\") {
      value += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) throw new StringSyntaxError("unterminated string literal");
    if (raw) {
      value += c + next;
      i += 2;
      continue;
    }
    if (!bytes && next === "N" && text[i + 2] === "{") {
      const close = text.indexOf("}", i + 3);
      if (close < 0) throw new StringSyntaxError("malformed \\N character escape");
      namedEscape = true;
      i = close + 1;
      continue;
    }
    const { decoded, length } = decodeEscape(text, i + 1, bytes);
    value += decoded;
    i += 1 + length;
  }
  return { token: { t: "str", value, bytes, fstring, namedEscape }, end: i };
}

function hexDigits(text: string, at: number, count: number, what: string): number {
  const digits = text.slice(at, at + count);
  if (digits.length !== count || !/^[0-9a-fA-F]+$/.test(digits)) throw new StringSyntaxError(`truncated ${what} escape`);
  return Number.parseInt(digits, 16);
}

function decodeEscape(text: string, at: number, bytes: boolean): { decoded: string; length: number } {
  const c = text[at] as string;
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return { decoded: simple, length: 1 };
  if (/[0-7]/.test(c)) {
    const digits = /^[0-7]{1,3}/.exec(text.slice(at, at + 3))?.[0] ?? c;
    const code = Number.parseInt(digits, 8);
    return { decoded: bytes ? String.fromCharCode(code & 0xff) : String.fromCodePoint(code), length: digits.length };
  }
  if (c === "x") return { decoded: String.fromCharCode(hexDigits(text, at + 1, 2, "\\xXX")), length: 3 };
  if (!bytes && c === "u") return { decoded: String.fromCharCode(hexDigits(text, at + 1, 4, "\\uXXXX")), length: 5 };
  if (!bytes && c === "U") {
    const code = hexDigits(text, at + 1, 8, "\\UXXXXXXXX");
    if (code > 0x10ffff) throw new StringSyntaxError("illegal Unicode character");
    return { decoded: String.fromCodePoint(code), length: 9 };
  }
  // Unknown escapes keep their backslash (Python warns, but keeps it).
  return { decoded: `\\${c}`, length: 1 };
}
