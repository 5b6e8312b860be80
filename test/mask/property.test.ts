/**
 * Property-based tests (fast-check): random secrets, random encodings, random surroundings and
 * random chunkings through MaskStream must never leak. The oracle (leak-oracle.ts) is independent
 * of the masker's variant list: it decodes and unescapes the output and looks for the secret.
 * 10,500 generated cases in all.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { secretVariants } from "../../src/mask/encodings.js";
import { Masker } from "../../src/mask/index.js";
import { leaks } from "./leak-oracle.js";

const SPECIAL = [
  " ",
  '"',
  "'",
  "\\",
  "&",
  "<",
  ">",
  "%",
  "+",
  "/",
  "=",
  "!",
  "(",
  ")",
  "~",
  "-",
  "_",
  "\n",
  "\r\n",
  "\t",
  "\u00e9",
  "\u20ac",
  "\u00df",
  "\u4e2d",
  "\u{1f511}",
];
const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const secretChar = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ALNUM) }, { weight: 1, arbitrary: fc.constantFrom(...SPECIAL) });
const secretArb = fc
  .array(secretChar, { minLength: 6, maxLength: 28 })
  .map((cs) => cs.join(""))
  .filter((s) => s.trim().length >= 6);

/** Surrounding log text, rich in base64/hex/escape characters so that runs merge with the encoding. */
const aroundArb = fc
  .array(
    fc.constantFrom("ok: [web-01] ", "TASK ", "x", "=", "\n", " ", "abc", "AAAA", "Zm9v", "3f", "%2", "\\", "&amp", "'", '"', "\r\n", "\u00e9", "+/", "-_"),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(""));

const bytesArb = fc.uint8Array({ maxLength: 5 });
type Encoded = { readonly name: string; readonly encode: (secret: string) => string };
const strict = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const xml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? "&apos;");
const encodingArb: fc.Arbitrary<Encoded> = fc.oneof(
  fc.constantFrom<Encoded>(
    { name: "literal", encode: (s) => s },
    { name: "hex", encode: (s) => Buffer.from(s).toString("hex") },
    { name: "HEX", encode: (s) => Buffer.from(s).toString("hex").toUpperCase() },
    { name: "json", encode: (s) => JSON.stringify(s).slice(1, -1) },
    { name: "url", encode: (s) => encodeURIComponent(s) },
    { name: "url-strict", encode: strict },
    { name: "form", encode: (s) => strict(s).replaceAll("%20", "+") },
    { name: "xml", encode: xml },
    { name: "dquote", encode: (s) => s.replaceAll('"', '\\"') },
    { name: "squote", encode: (s) => s.replaceAll("'", "''") },
  ),
  fc.tuple(bytesArb, bytesArb, fc.constantFrom("base64", "base64url") as fc.Arbitrary<BufferEncoding>).map(
    ([prefix, suffix, enc]): Encoded => ({
      name: `${enc}(${prefix.length}+secret+${suffix.length})`,
      encode: (s) => Buffer.concat([prefix, Buffer.from(s), suffix]).toString(enc),
    }),
  ),
);

/** Cuts `text` into pieces of the given sizes (cycled). */
function chunk(text: string, sizes: readonly number[]): string[] {
  const pieces: string[] = [];
  for (let i = 0, k = 0; i < text.length; k++) {
    const n = sizes[k % sizes.length]!;
    pieces.push(text.slice(i, i + n));
    i += n;
  }
  return pieces;
}

function streamed(masker: Masker, pieces: readonly string[], maxHoldBytes?: number): string {
  const stream = masker.createStream(maxHoldBytes === undefined ? {} : { maxHoldBytes });
  return pieces.map((p) => stream.write(p)).join("") + stream.flush();
}

const sizesArb = fc.array(fc.integer({ min: 1, max: 48 }), { minLength: 1, maxLength: 16 });
const holdArb = fc.option(fc.integer({ min: 4, max: 64 }), { nil: undefined });

describe("no leaks, whatever the secret, encoding, surroundings and chunking", () => {
  it("one secret in one encoding (6,000 cases)", () => {
    fc.assert(
      fc.property(secretArb, encodingArb, aroundArb, aroundArb, sizesArb, holdArb, (secret, encoding, before, after, sizes, hold) => {
        fc.pre(!leaks(`${before}\u0000${after}`, secret));
        const masker = new Masker();
        masker.addSecret(secret, "property");
        const text = `${before}${encoding.encode(secret)}${after}`;
        const whole = masker.mask(text);
        expect(leaks(whole, secret), `mask() leaks ${encoding.name}`).toBe(false);
        const out = streamed(masker, chunk(text, sizes), hold);
        expect(leaks(out, secret), `stream leaks ${encoding.name}`).toBe(false);
        // Without forced releases, a stream's output is exactly mask()'s.
        if (hold === undefined) expect(out).toBe(whole);
      }),
      { numRuns: 6000 },
    );
  });

  it("several secrets in several encodings in one text (2,000 cases)", () => {
    const item = fc.tuple(secretArb, encodingArb, aroundArb);
    fc.assert(
      fc.property(fc.array(item, { minLength: 2, maxLength: 4 }), sizesArb, holdArb, (items, sizes, hold) => {
        const secrets = items.map(([s]) => s);
        fc.pre(items.every(([, , around]) => secrets.every((s) => !leaks(around, s))));
        const masker = new Masker();
        for (const s of secrets) masker.addSecret(s, "property");
        const text = items.map(([s, e, around]) => `${around}${e.encode(s)}`).join("\n");
        const out = streamed(masker, chunk(text, sizes), hold);
        for (const s of secrets) expect(leaks(out, s)).toBe(false);
        if (hold === undefined) expect(out).toBe(masker.mask(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("built-in patterns through streams (1,500 cases)", () => {
  const alnum = (n: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...ALNUM), minLength: n, maxLength: n });
  const upper = fc.string({ unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), minLength: 16, maxLength: 16 });
  const hexLine = fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 8, maxLength: 80 });
  const b64Line = fc.string({ unit: fc.constantFrom(...`${ALNUM}+/`), minLength: 8, maxLength: 64 });
  /** [text, pieces that must never appear in the output] */
  const secretArbs: fc.Arbitrary<readonly [string, readonly string[]]>[] = [
    fc.tuple(fc.constantFrom("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), alnum(36)).map(([p, t]) => [p + t, [t.slice(0, 12), t.slice(-12)]] as const),
    alnum(82).map((t) => [`github_pat_${t}`, [t.slice(0, 20), t.slice(-20)]] as const),
    fc.tuple(fc.constantFrom("AKIA", "ASIA", "ABIA", "ACCA", "A3T7"), upper).map(([p, t]) => [p + t, [t]] as const),
    fc
      .tuple(fc.constantFrom("RSA ", "EC ", "OPENSSH ", "", "ENCRYPTED "), fc.array(b64Line, { minLength: 1, maxLength: 4 }), fc.constantFrom("\n", "\r\n"))
      .map(([label, lines, nl]) => [`-----BEGIN ${label}PRIVATE KEY-----${nl}${lines.join(nl)}${nl}-----END ${label}PRIVATE KEY-----`, lines] as const),
    fc
      .tuple(fc.constantFrom("1.1;AES256", "1.2;AES256;prod"), fc.array(hexLine, { minLength: 1, maxLength: 4 }), fc.constantFrom("", "  "))
      .map(([version, lines, indent]) => [`$ANSIBLE_VAULT;${version}\n${lines.map((l) => indent + l).join("\n")}`, lines] as const),
  ];
  const lineArb = fc.constantFrom("ok: [web-01]", "TASK [deploy]", "", "   ", "changed: true", "zzz");

  it("masks tokens, keys and vault payloads the same way whatever the chunking", () => {
    fc.assert(
      fc.property(fc.oneof(...secretArbs), lineArb, lineArb, sizesArb, holdArb, ([secret, pieces], before, after, sizes, hold) => {
        const masker = new Masker();
        const text = `${before}\n${secret}\n${after}\n`;
        const whole = masker.mask(text);
        const out = streamed(masker, chunk(text, sizes), hold);
        for (const p of [...pieces, secret]) {
          expect(whole).not.toContain(p);
          expect(out).not.toContain(p);
        }
        expect(whole).toBe(`${before}\n***\n${after}\n`);
        if (hold === undefined) expect(out).toBe(whole);
      }),
      { numRuns: 1500 },
    );
  });
});

describe("the automaton against a naive scan (1,000 cases)", () => {
  /** Every occurrence of every variant, merged (overlapping and adjacent), each range → ***. */
  function naiveMask(text: string, variants: readonly string[]): string {
    const ranges: [number, number][] = [];
    for (const v of variants) {
      for (let i = text.indexOf(v); i >= 0; i = text.indexOf(v, i + 1)) ranges.push([i, i + v.length]);
    }
    ranges.sort((a, b) => a[0] - b[0]);
    let out = "";
    let pos = 0;
    let current: [number, number] | undefined;
    for (const r of [...ranges, undefined]) {
      if (r !== undefined && current !== undefined && r[0] <= current[1]) {
        current[1] = Math.max(current[1], r[1]);
        continue;
      }
      if (current !== undefined) {
        out += `${text.slice(pos, current[0])}***`;
        pos = current[1];
      }
      current = r === undefined ? undefined : [r[0], r[1]];
    }
    return out + text.slice(pos);
  }

  it("finds exactly the occurrences a naive scan finds, merged the same way", () => {
    const small = (min: number, max: number): fc.Arbitrary<string> =>
      fc.string({ unit: fc.constantFrom("a", "b", "c", "\u00e9", "\n"), minLength: min, maxLength: max });
    fc.assert(
      fc.property(
        fc.array(
          small(1, 6).filter((s) => s.trim().length > 0),
          { minLength: 1, maxLength: 5 },
        ),
        small(0, 80),
        (secrets, text) => {
          const masker = new Masker({ minSecretLength: 1, builtinPatterns: false });
          for (const s of secrets) masker.addSecret(s, "property");
          const variants = [...new Set(secrets.flatMap((s) => secretVariants(s, 1)))];
          expect(masker.mask(text)).toBe(naiveMask(text, variants));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
