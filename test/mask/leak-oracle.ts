/**
 * An independent leak oracle for the property tests: it knows nothing of the masker's variant
 * list. It decodes or unescapes the masker's OUTPUT and looks for the secret in the result.
 */

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Bytes decoded from a base64 run starting at `align`, including a trailing partial group. */
function decodeBase64From(run: string, align: number, alphabet: string): Buffer {
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (let i = align; i < run.length; i++) {
    acc = ((acc << 6) | alphabet.indexOf(run[i]!)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function base64Leaks(output: string, secret: Buffer, alphabet: string, runPattern: RegExp): boolean {
  for (const m of output.matchAll(runPattern)) {
    // Padding ends a base64 stream: decode each piece between "=" on its own.
    for (const run of m[0].split("=")) {
      for (let align = 0; align < 4; align++) {
        if (decodeBase64From(run, align, alphabet).includes(secret)) return true;
      }
    }
  }
  return false;
}

function hexLeaks(output: string, secret: Buffer): boolean {
  for (const m of output.matchAll(/[0-9a-fA-F]+/g)) {
    for (let align = 0; align < 2; align++) {
      const run = m[0].slice(align);
      if (Buffer.from(run.slice(0, run.length - (run.length % 2)), "hex").includes(secret)) return true;
    }
  }
  return false;
}

/** Percent-decoding at byte level (tolerates malformed sequences); `+` as space when `form`. */
function percentDecode(text: string, form: boolean): Buffer {
  const s = form ? text.replaceAll("+", " ") : text;
  const out: Buffer[] = [];
  let last = 0;
  for (const m of s.matchAll(/%([0-9a-fA-F]{2})/g)) {
    out.push(Buffer.from(s.slice(last, m.index), "utf8"), Buffer.from([parseInt(m[1]!, 16)]));
    last = m.index + 3;
  }
  out.push(Buffer.from(s.slice(last), "utf8"));
  return Buffer.concat(out);
}

function jsonUnescape(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|["\\/bfnrt])/g, (_m, e: string) => {
    if (e.startsWith("u")) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" } as Record<string, string>)[e] ?? e;
  });
}

function xmlUnescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#39|#x27);/g, (_m, e: string) =>
    e === "amp" ? "&" : e === "lt" ? "<" : e === "gt" ? ">" : e === "quot" ? '"' : "'",
  );
}

/** Does `output` reveal `secret` in any form this oracle can undo? */
export function leaks(output: string, secret: string): boolean {
  const bytes = Buffer.from(secret, "utf8");
  if (output.includes(secret)) return true;
  if (base64Leaks(output, bytes, `${B64}+/`, /[A-Za-z0-9+/=]+/g)) return true;
  if (base64Leaks(output, bytes, `${B64}-_`, /[A-Za-z0-9_=-]+/g)) return true;
  if (hexLeaks(output, bytes)) return true;
  if (percentDecode(output, false).includes(bytes) || percentDecode(output, true).includes(bytes)) return true;
  if (jsonUnescape(output).includes(secret)) return true;
  if (xmlUnescape(output).includes(secret)) return true;
  if (output.replaceAll('\\"', '"').includes(secret) || output.replaceAll("''", "'").includes(secret)) return true;
  return false;
}
