/**
 * The literal variants registered for one secret value: the value itself and the forms it takes
 * when a program encodes or escapes it before printing. The masker matches bytes: `secretForms()`
 * gives each form as a byte string (one code unit per byte of its UTF-8 encoding), hex marked to be
 * matched whatever its case; `secretVariants()` is the same list as JS strings, for tests and docs.
 *
 * Compatible with the GitHub Actions runner (the value; base64 at byte offsets 0, 1, 2; `"`→`\"`;
 * `'`→`''`; JSON-escaped; URL-encoded; XML-escaped; the inside of a long `"…"` value; each line of
 * a multi-line value), and closes its known gaps: base64 of the secret followed by anything,
 * base64url, hex, strict RFC 3986 and form URL encoding.
 */

/** Derived variants shorter than this are not registered: they would mask ordinary text. */
export const MIN_DERIVED_LENGTH = 4;

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * Every literal that must be masked for `value`, deduplicated. The bases are always included;
 * derived variants shorter than {@link MIN_DERIVED_LENGTH} are dropped.
 *
 * Bases (each gets every encoding): the value; the value trimmed; the inside of a `"…"` value
 * longer than 8 characters; for a multi-line value each trimmed line at least `minLineLength`
 * long (shorter lines are not registered: they would mask ordinary text).
 */
export function secretVariants(value: string, minLineLength: number): string[] {
  const bases = basesOf(value, minLineLength);
  // The bases are registered whatever their length (the caller enforced the minimum on the
  // value; lines below it were skipped above); only derived forms are held to MIN_DERIVED_LENGTH.
  const variants = new Set<string>([value, ...bases]);
  for (const base of bases) {
    for (const v of encodingsOf(base)) {
      if (v.length >= MIN_DERIVED_LENGTH) variants.add(v);
    }
  }
  return [...variants];
}

function basesOf(value: string, minLineLength: number): Set<string> {
  const candidates = [value, value.trim()];
  if (LINE_BREAK.test(value)) {
    for (const line of value.split(LINE_BREAK)) {
      const t = line.trim();
      if (t.length >= minLineLength) candidates.push(t);
    }
  }
  const bases = new Set<string>();
  for (const c of candidates) {
    if (c.length === 0) continue;
    bases.add(c);
    if (c.length > 8 && c.startsWith('"') && c.endsWith('"')) bases.add(c.slice(1, -1));
  }
  return bases;
}

/** The base itself and all its encoded forms (may repeat; may be short). */
export function encodingsOf(base: string): string[] {
  const bytes = Buffer.from(base, "utf8");
  return [base, ...escapes(base), ...urlEncodings(base), bytes.toString("hex"), bytes.toString("hex").toUpperCase(), ...base64Forms(bytes)];
}

/** base64 and base64url of `bytes` at byte offsets 0, 1, 2, each whole and as its determined prefix. */
function base64Forms(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let offset = 0; offset <= 2; offset++) {
    if (bytes.length <= offset) break;
    const shifted = bytes.subarray(offset);
    const b64 = shifted.toString("base64");
    const b64url = shifted.toString("base64url");
    const prefix = determinedBase64Length(shifted.length);
    out.push(b64, b64.slice(0, prefix), b64url, b64url.slice(0, prefix));
  }
  return out;
}

/** One literal the masker looks for: a byte string (one code unit per byte). */
export interface SecretForm {
  readonly text: string;
  /** Hex: matched whatever the case of `a`–`f`. */
  readonly fold: boolean;
}

const toBytes = (text: string): string => Buffer.from(text, "utf8").toString("latin1");
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** `bytes` as a string when they are valid UTF-8 (a BOM kept), else undefined. */
export function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Every literal the masker registers for `value`: a string (its UTF-8 bytes), or bytes that may not
 * be UTF-8 (a secret file). The same bases and forms as {@link secretVariants}; bytes that are not
 * UTF-8 get the forms that exist for any bytes (raw, base64, base64url, hex, percent-encoded).
 */
export function secretForms(value: string | Uint8Array, minLineLength: number): SecretForm[] {
  const text = typeof value === "string" ? value : utf8Text(value);
  const exact = new Set<string>();
  const hex = new Set<string>();
  const derived = (form: string): void => {
    if (form.length >= MIN_DERIVED_LENGTH) exact.add(form);
  };
  if (text !== undefined) {
    const bases = basesOf(text, minLineLength);
    exact.add(toBytes(text));
    for (const base of bases) {
      exact.add(toBytes(base));
      for (const form of [...escapes(base), ...urlEncodings(base)]) derived(toBytes(form));
      const bytes = Buffer.from(base, "utf8");
      for (const form of base64Forms(bytes)) derived(form);
      if (bytes.length * 2 >= MIN_DERIVED_LENGTH) hex.add(bytes.toString("hex"));
    }
  } else {
    const raw = Buffer.from(value as Uint8Array);
    // A UTF-16 file (Windows editors write them): programs print the text, so mask the text too.
    const wide = utf16Text(raw);
    if (wide !== undefined) for (const form of secretForms(wide, minLineLength)) (form.fold ? hex : exact).add(form.text);
    for (const base of byteBases(raw, minLineLength)) {
      const lineText = utf8Text(base);
      if (lineText !== undefined && base !== raw) {
        for (const form of secretForms(lineText, minLineLength)) (form.fold ? hex : exact).add(form.text);
        continue;
      }
      exact.add(base.toString("latin1"));
      for (const form of [...base64Forms(base), ...percentForms(base)]) derived(form);
      if (base.length * 2 >= MIN_DERIVED_LENGTH) hex.add(base.toString("hex"));
    }
  }
  return [...[...exact].map((t) => ({ text: t, fold: false })), ...[...hex].map((t) => ({ text: t, fold: true }))];
}

/** The text of bytes that start with a UTF-16 byte order mark and decode without error. */
function utf16Text(bytes: Buffer): string | undefined {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  if ((!le && !be) || bytes.length % 2 !== 0) return undefined;
  try {
    const text = new TextDecoder(le ? "utf-16le" : "utf-16be", { fatal: true }).decode(bytes);
    return text.trim().length > 0 ? text.replace(/\r?\n$/, "") : undefined;
  } catch {
    return undefined;
  }
}

const ASCII_SPACE = new Set([9, 10, 11, 12, 13, 32]);

function trimBytes(bytes: Buffer): Buffer {
  let start = 0;
  let end = bytes.length;
  while (start < end && ASCII_SPACE.has(bytes[start]!)) start++;
  while (end > start && ASCII_SPACE.has(bytes[end - 1]!)) end--;
  return bytes.subarray(start, end);
}

/** Length of `bytes` after trimming ASCII whitespace (the minimum-length policy for bytes). */
export function trimmedByteLength(bytes: Uint8Array): number {
  return trimBytes(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).length;
}

/** The bases of a value that is not UTF-8: itself, trimmed, and each trimmed line long enough. */
function byteBases(raw: Buffer, minLineLength: number): Buffer[] {
  const bases = [raw, trimBytes(raw)];
  let start = 0;
  const lines: Buffer[] = [];
  for (let i = 0; i <= raw.length; i++) {
    const b = raw[i];
    if (i === raw.length || b === 10 || b === 13) {
      lines.push(raw.subarray(start, i));
      start = i + 1;
    }
  }
  if (lines.length > 1)
    for (const line of lines) {
      const t = trimBytes(line);
      if (t.length >= minLineLength) bases.push(t);
    }
  return bases.filter((b) => b.length > 0);
}

/** Percent-encoding of every byte outside RFC 3986's unreserved set, upper- and lowercase hex. */
function percentForms(bytes: Buffer): string[] {
  let upper = "";
  for (const b of bytes) {
    const unreserved = (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b === 45 || b === 46 || b === 95 || b === 126;
    upper += unreserved ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return [upper, upper.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())];
}

/**
 * How many base64 characters of `n` bytes do not depend on what follows them: the full 4-character
 * groups, plus 1 character for one leftover byte (its top 6 bits) or 2 for two leftover bytes.
 * Registering this prefix catches `base64(secret + anything)`.
 */
export function determinedBase64Length(n: number): number {
  const rest = n % 3;
  return Math.floor(n / 3) * 4 + (rest === 0 ? 0 : rest === 1 ? 1 : 2);
}

function escapes(v: string): string[] {
  const json = JSON.stringify(v).slice(1, -1);
  const out = [v.replaceAll('"', '\\"'), v.replaceAll("'", "''"), json, xmlEscape(v, "&apos;"), xmlEscape(v, "&#39;")];
  // JSON encoders that escape everything outside ASCII (Python's json.dumps default).
  if (/[^\x00-\x7f]/.test(json)) {
    out.push(json.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
  }
  return out;
}

function xmlEscape(v: string, apostrophe: string): string {
  return v.replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : apostrophe));
}

function urlEncodings(v: string): string[] {
  let component: string;
  try {
    component = encodeURIComponent(v);
  } catch (e: unknown) {
    // A lone surrogate cannot be URL-encoded, so no program printed it that way.
    if (e instanceof URIError) return [];
    throw e;
  }
  const strict = component.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return [
    component,
    strict,
    component.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    component.replaceAll("%20", "+"),
    strict.replaceAll("%20", "+"),
    new URLSearchParams([["", v]]).toString().slice(1),
  ];
}
