/** The built-in pattern registry: complete, documented, each with examples that behave. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BUILTIN_PATTERNS, Masker } from "../../src/mask/index.js";

const docs = readFileSync(new URL("../../docs/masking.md", import.meta.url), "utf8");
const masker = new Masker();
const none = new Masker({ builtinPatterns: false });

describe("built-in pattern registry", () => {
  it("has the patterns the design asks for, with unique ids", () => {
    const ids = BUILTIN_PATTERNS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      "github-pat",
      "github-app-token",
      "github-oauth",
      "github-refresh",
      "github-fine-grained-pat",
      "aws-access-key-id",
      "private-key",
      "ansible-vault",
    ]);
  });

  for (const pattern of BUILTIN_PATTERNS) {
    describe(pattern.id, () => {
      it("is documented in docs/masking.md", () => {
        expect(docs).toContain(`\`${pattern.id}\``);
      });

      it("has a positive and a negative example", () => {
        expect(pattern.examples.positive.length).toBeGreaterThan(0);
        expect(pattern.examples.negative.length).toBeGreaterThan(0);
        expect(pattern.description.length).toBeGreaterThan(10);
      });

      it("every match starts with a trigger", () => {
        for (const { text } of pattern.examples.positive) {
          for (const m of text.matchAll(pattern.regex)) {
            expect(pattern.triggers.some((t) => m[0].startsWith(t))).toBe(true);
          }
        }
      });

      it.each(pattern.examples.positive.map((e) => [e.text, e.masked] as const))("masks %j", (text, masked) => {
        expect(masker.mask(text)).toBe(masked);
        // The masker agrees with the pattern's whole-text regex.
        expect(text.replace(pattern.regex, "***")).toBe(masked);
        // Streams agree too, fed line by line and character by character.
        for (const pieces of [text.split(/(?<=\n)/), [...text]]) {
          const stream = masker.createStream();
          expect(pieces.map((p) => stream.write(p)).join("") + stream.flush()).toBe(masked);
        }
        expect(none.mask(text)).toBe(text);
      });

      it.each(pattern.examples.negative)("leaves %j alone", (text) => {
        expect(masker.mask(text)).toBe(text);
        expect(text.replace(pattern.regex, "***")).toBe(text);
      });
    });
  }
});

describe("pattern details", () => {
  const token = (prefix: string, n: number): string => prefix + "aB3".repeat(Math.ceil(n / 3)).slice(0, n);

  it.each(["ghp_", "ghu_", "ghs_", "gho_", "ghr_"])("masks every GitHub %s token", (prefix) => {
    expect(masker.mask(`x ${token(prefix, 36)} y`)).toBe("x *** y");
    expect(masker.mask(`x ${token(prefix, 35)} y`)).toBe(`x ${token(prefix, 35)} y`);
  });

  it.each(["AKIA", "ASIA", "ABIA", "ACCA", "A3TX"])("masks AWS key ids starting %s", (prefix) => {
    expect(masker.mask(`key ${prefix}${"QRSTUVWXYZ234567"}`)).toBe("key ***");
  });

  it.each(["RSA PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "PGP PRIVATE KEY BLOCK"])(
    "masks a %s block from BEGIN through END",
    (label) => {
      const key = `-----BEGIN ${label}-----\nAAAAB3NzaC1yc2EAAAADAQABAAABAQ\nZZZZ\n-----END ${label}-----`;
      expect(masker.mask(`a\n${key}\nb`)).toBe("a\n***\nb");
    },
  );

  it("masks two keys separately and what lies between them stays", () => {
    const key = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----";
    expect(masker.mask(`${key}\nbetween\n${key}\n`)).toBe("***\nbetween\n***\n");
  });

  it("masks a vault header with a vault id, and its indented payload lines only", () => {
    const text = "x: !vault |\n      $ANSIBLE_VAULT;1.2;AES256;prod\n      3961\n      6263\n    y: 6263\n";
    expect(masker.mask(text)).toBe("x: !vault |\n      ***\n    y: 6263\n");
  });

  it("a vault header followed by other text on its line has no payload", () => {
    expect(masker.mask("$ANSIBLE_VAULT;1.1;AES256 (see file)\n6263\n")).toBe("*** (see file)\n6263\n");
  });
});
