/**
 * The scan's skip-ahead (src/mask/prefilter.ts) changes how fast the scan goes, never what it
 * finds: for random texts dense in near-misses (bytes of the secrets' forms, of the built-in
 * triggers, hex letters in both cases, line breaks) with planted forms and pattern examples, fed in
 * random chunks, a scanner with the prefilter reports exactly the ranges of the same automaton
 * without it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Automaton, type LiteralSpec, type TriggerSpec } from "../../src/mask/automaton.js";
import { secretForms } from "../../src/mask/encodings.js";
import { BUILTIN_PATTERNS } from "../../src/mask/patterns.js";
import { MAX_PREFILTER_ENTRIES, Prefilter } from "../../src/mask/prefilter.js";
import { encodeUtf8 } from "../../src/mask/byte-streams.js";
import { Masker } from "../../src/mask/index.js";
import { latin1View, rememberEncoded } from "../../src/mask/latin1-views.js";
import { type Engine, Scanner } from "../../src/mask/scanner.js";

const TRIGGERS: readonly TriggerSpec[] = BUILTIN_PATTERNS.flatMap((pattern, index) => pattern.triggers.map((text) => ({ text, pattern: index })));

function literalsOf(secrets: readonly string[]): LiteralSpec[] {
  const seen = new Map<string, boolean>();
  for (const secret of secrets) for (const form of secretForms(secret, 6)) seen.set(form.text, form.fold);
  return [...seen].map(([text, fold]) => ({ text, fold }));
}

function engines(secrets: readonly string[]): { with: Engine; without: Engine } {
  const literals = literalsOf(secrets);
  const automaton = Automaton.build(literals, TRIGGERS);
  const prefilter = Prefilter.build(literals, TRIGGERS);
  return {
    with: { automaton, prefilter, patterns: BUILTIN_PATTERNS, version: 1 },
    without: { automaton, prefilter: undefined, patterns: BUILTIN_PATTERNS, version: 1 },
  };
}

/** The ranges a scan reports when the text arrives in pieces ending at `cuts` (the scanner holds it all). */
function scan(engine: Engine, text: Buffer, cuts: readonly number[]): readonly number[] {
  const scanner = new Scanner(engine);
  for (const cut of [...cuts.filter((c) => c > 0 && c < text.length)].sort((a, b) => a - b)) scanner.advance(text.subarray(0, cut), 0, false);
  scanner.advance(text, 0, true);
  return [...scanner.ranges(0, text.length)];
}

/** Secrets whose forms nest: padded with blanks or quotes, a value's trimmed and unquoted bases are forms inside its own. */
const secretArb = fc
  .tuple(
    fc.constantFrom("", " ", "  ", '"', "\n"),
    fc.string({ unit: fc.constantFrom(..."abcdefABCDEF0123456789ghpxyzKI_-"), minLength: 8, maxLength: 20 }),
    fc.constantFrom("", " ", '"'),
  )
  .map(([head, body, tail]) => `${head}${body}${tail}`);
/** Near-misses: prefixes of triggers and of hex, both cases, separators, line breaks, a high byte. */
const PIECES = [
  "g",
  "gh",
  "ghp",
  "ghp_",
  "A",
  "AK",
  "AKI",
  "AKIA",
  "-----",
  "-----BEG",
  "$ANSIBLE",
  "a",
  "F",
  "0",
  "9",
  "\n",
  "\r",
  " ",
  '"',
  "=",
  "\u00e9",
  "Z",
];

describe("the scan's prefilter", () => {
  it("is built for a few forms only, and reaches as far as the longest", () => {
    expect(Prefilter.build([], [])).toBeUndefined();
    const few = literalsOf(["s3cr3t-value"]);
    const built = Prefilter.build(few, TRIGGERS);
    expect(built?.reach).toBe(Math.max(...few.map((l) => l.text.length), ...TRIGGERS.map((t) => t.text.length)));
    const many = Array.from({ length: MAX_PREFILTER_ENTRIES + 1 }, (_, i) => ({ text: `form-${i}-xyz`, fold: false }));
    expect(Prefilter.build(many, [])).toBeUndefined();
  });

  it("finds the leftmost occurrence, a–f in either case, bytes that mean something in a regular expression as themselves", () => {
    const prefilter = Prefilter.build(
      [
        { text: "a.b*c(d)[e]", fold: false },
        { text: "\u00ff\u0080x", fold: false },
      ],
      [{ text: "ghp_", pattern: 0 }],
    );
    expect(prefilter).toBeDefined();
    const p = prefilter as Prefilter;
    expect(p.next("xx A.B*C(D)[E] ghp_", 0)).toBe(3);
    expect(p.next("axb*c(d)[e] ghp_", 0)).toBe(12);
    expect(p.next("ghp_ then \u00ff\u0080x", 1)).toBe(10);
    expect(p.next("nothing here", 0)).toBe(-1);
  });

  it("never changes what the scan reports (fast-check, 3,000 texts)", () => {
    fc.assert(
      fc.property(
        fc.array(secretArb, { minLength: 0, maxLength: 2 }),
        fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.integer({ min: 0, max: 7 })), { maxLength: 80 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 6 }),
        fc.array(fc.boolean(), { maxLength: 120 }),
        (secrets, plan, byteCuts, cutAfter) => {
          const { with: fast, without: plain } = engines(secrets);
          fc.pre(fast.prefilter !== undefined);
          const examples = BUILTIN_PATTERNS.flatMap((pattern) => pattern.examples.positive.map((example) => example.text));
          const forms = literalsOf(secrets).map((literal) => literal.text);
          // Numbers plant a whole form or a pattern example: some lose their last byte (a
          // near-miss), some come in two pieces split a byte or two before their end (a cut there
          // leaves a longer form unfinished while a shorter one inside it is already whole).
          const pieces = plan.flatMap((step, i) => {
            if (typeof step === "string") return [Buffer.from(step)];
            const pool = [...forms, ...examples];
            const chosen = pool[(step * 7 + i) % pool.length] ?? "";
            const bytes = Buffer.from(chosen, "latin1");
            if (i % 3 === 0) return [bytes.subarray(0, Math.max(0, bytes.length - 1))];
            if (i % 3 === 1) {
              const split = Math.max(0, bytes.length - 1 - (step % 2));
              return [bytes.subarray(0, split), bytes.subarray(split)];
            }
            return [bytes];
          });
          const text = Buffer.concat(pieces);
          // Pieces also end right after planted near-misses: a partial match held at a piece's end.
          const cuts = [...byteCuts];
          let end = 0;
          pieces.forEach((piece, i) => {
            end += piece.length;
            if (cutAfter[i] === true) cuts.push(end);
          });
          expect(scan(fast, text, cuts)).toEqual(scan(plain, text, cuts));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("reads text it was encoded from as the bytes' Latin-1, and only ASCII text with bytes of their own", () => {
    const text = `${"abc-".repeat(400)}end`;
    const bytes = encodeUtf8(text);
    expect(latin1View(bytes, 0, bytes.length)).toBe(bytes.toString("latin1"));
    const tail = bytes.subarray(100);
    expect(latin1View(tail, 5, 60)).toBe(tail.toString("latin1", 5, 60));
    // Not ASCII: its UTF-8 is not its Latin-1, so it is never taken for the bytes' reading.
    const accented = `${"é".repeat(700)}x`;
    const accentedBytes = Buffer.from(new TextEncoder().encode(accented));
    rememberEncoded(accentedBytes, accented);
    expect(latin1View(accentedBytes, 0, 10)).toBe(accentedBytes.toString("latin1", 0, 10));
    // Bytes in a shared pool are not recorded either.
    const pooled = Buffer.from("short text");
    rememberEncoded(pooled, "short text");
    expect(latin1View(pooled, 0, pooled.length)).toBe("short text");
  });

  it("masks a long text from its own characters exactly as the same bytes read afresh (fast-check)", () => {
    const masker = new Masker();
    masker.addSecret("s3cr3t-value-42", "test");
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("log line ", "s3cr3t-value-42", "ghp_", `ghp_${"a1".repeat(18)}`, "\n", "AKIA", "-----BEGIN"), {
          minLength: 100,
          maxLength: 400,
        }),
        (pieces) => {
          const text = pieces.join("");
          fc.pre(text.length >= 1024);
          expect(masker.mask(text)).toBe(masker.maskBytes(Buffer.from(Buffer.from(text, "utf8"))).toString("utf8"));
        },
      ),
      { numRuns: 300 },
    );
  });
});
