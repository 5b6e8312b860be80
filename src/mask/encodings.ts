/**
 * The literal variants registered for one secret value: the value itself and the forms it takes
 * when a program encodes or escapes it before printing.
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

/** The base itself and all its encoded forms (may repeat; may be short). */
export function encodingsOf(base: string): string[] {
  const out = [base, ...escapes(base), ...urlEncodings(base)];
  const bytes = Buffer.from(base, "utf8");
  out.push(bytes.toString("hex"), bytes.toString("hex").toUpperCase());
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
  const out = [
    v.replaceAll('"', '\\"'),
    v.replaceAll("'", "''"),
    json,
    xmlEscape(v, "&apos;"),
    xmlEscape(v, "&#39;"),
  ];
  // JSON encoders that escape everything outside ASCII (Python's json.dumps default).
  if (/[^\x00-\x7f]/.test(json)) {
    out.push(json.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
  }
  return out;
}

function xmlEscape(v: string, apostrophe: string): string {
  return v.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : apostrophe,
  );
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
