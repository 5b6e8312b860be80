/**
 * Byte transparency (fast-check): for random byte strings — invalid UTF-8, NULs, lone continuation
 * bytes, CR/LF — with and without planted secret forms, at random chunkings through the byte stream,
 * the output is the input with exactly the planted forms replaced by `***`, byte for byte.
 *
 * The filler never contains a secret form by construction: its bytes come from an alphabet (`#`,
 * `|`, high bytes, control bytes, line breaks) that no planted form and no built-in trigger uses,
 * and forms are planted between filler pieces, so the expected output is known exactly.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Masker } from "../../src/mask/index.js";

/** Bytes no form below contains: no letters, digits, or base64/hex/URL/escape characters. */
const FILLER_BYTES = [0x00, 0x01, 0x09, 0x0a, 0x0d, 0x1b, 0x23, 0x7c, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xf0, 0xf5, 0xfe, 0xff];
const fillerArb = fc.array(fc.constantFrom(...FILLER_BYTES), { maxLength: 40 }).map((b) => Buffer.from(b));

/** Secrets: letters and digits only (so every form is made of bytes the filler never has). */
const secretArb = fc.string({ unit: fc.constantFrom(..."abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"), minLength: 8, maxLength: 24 });
/** A non-UTF-8 secret file's bytes. */
const rawSecretArb = fc
  .tuple(secretArb, fc.constantFrom(0xff, 0xfe, 0x80, 0xc3))
  .map(([s, b]) => Buffer.concat([Buffer.from(s.slice(0, 4)), Buffer.from([b]), Buffer.from(s.slice(4))]));

type Encode = (secret: Buffer) => Buffer;
const FORMS: readonly [string, Encode][] = [
  ["raw", (s) => s],
  ["base64", (s) => Buffer.from(s.toString("base64"))],
  ["base64url", (s) => Buffer.from(s.toString("base64url"))],
  ["hex", (s) => Buffer.from(s.toString("hex"))],
  ["HEX", (s) => Buffer.from(s.toString("hex").toUpperCase())],
  ["MiXeD hex", (s) => Buffer.from([...s.toString("hex")].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c)).join(""))],
];
const formArb = fc.constantFrom(...FORMS);

/** Cuts `bytes` into pieces of the given sizes (cycled). */
function chunk(bytes: Buffer, sizes: readonly number[]): Buffer[] {
  const pieces: Buffer[] = [];
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const n = sizes[k % sizes.length]!;
    pieces.push(bytes.subarray(i, i + n));
    i += n;
  }
  return pieces;
}

function streamed(masker: Masker, pieces: readonly Buffer[]): Buffer {
  const stream = masker.createByteStream();
  const out = pieces.map((p) => stream.write(p));
  out.push(stream.flush());
  return Buffer.concat(out);
}

const sizesArb = fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 12 });
const MASK = Buffer.from("***");

describe("byte transparency", () => {
  it("random bytes with nothing secret come out unchanged, whatever the chunking (1,000 cases)", () => {
    const masker = new Masker();
    masker.addSecret("correct-horse-battery", "property");
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), sizesArb, (raw, sizes) => {
        const input = Buffer.from(raw);
        // Random bytes could spell a token by chance only with letters: this alphabet has all 256 bytes,
        // so skip the (vanishingly rare) inputs that contain a built-in trigger or the secret.
        fc.pre(!/ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|A3T|AKIA|ASIA|ABIA|ACCA|-----BEGIN|\$ANSIBLE_VAULT;|correct-horse/i.test(input.toString("latin1")));
        expect(masker.maskBytes(input).equals(input)).toBe(true);
        expect(streamed(masker, chunk(input, sizes)).equals(input)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("planted forms of text and non-UTF-8 secrets are replaced, and nothing else changes (2,000 cases)", () => {
    const plantArb = fc.tuple(
      fc.oneof(
        secretArb.map((s) => Buffer.from(s)),
        rawSecretArb,
      ),
      formArb,
      fillerArb,
    );
    fc.assert(
      fc.property(fillerArb, fc.array(plantArb, { minLength: 1, maxLength: 4 }), sizesArb, (head, plants, sizes) => {
        const masker = new Masker({ builtinPatterns: false });
        for (const [secret] of plants) masker.addSecret(secret, "property");
        const input = Buffer.concat([head, ...plants.flatMap(([secret, [, encode], after]) => [encode(secret), after])]);
        // Adjacent masks merge into one ***, as documented.
        const expected: Buffer[] = [head];
        plants.forEach(([, , after], i) => {
          if (!(i > 0 && plants[i - 1]![2].length === 0)) expected.push(MASK);
          expected.push(after);
        });
        const want = Buffer.concat(expected);
        expect(masker.maskBytes(input).toString("latin1")).toBe(want.toString("latin1"));
        expect(streamed(masker, chunk(input, sizes)).toString("latin1")).toBe(want.toString("latin1"));
      }),
      { numRuns: 2000 },
    );
  });
});
