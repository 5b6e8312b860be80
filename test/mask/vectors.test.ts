/** Every test vector of the reference (shared/reference/masking-and-audit.md, "The Actions runner's masker"). */
import { describe, expect, it } from "vitest";
import { Masker } from "../../src/mask/index.js";

const b64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");

describe("runner-compatible test vectors", () => {
  const masker = new Masker();
  for (const secret of ["Password123!", 'Pass"word"123!', "Pass word 123!", "Pass<word>123!", "Pass'word'123!", '"Password123!!"', '"short"']) {
    masker.addSecret(secret, "reference vectors");
  }

  const table: readonly (readonly [string, string])[] = [
    ["123Password123!123", "123***123"],
    ["password123", "password123"],
    ['123Pass\\"word\\"123!123', "123***123"],
    ["123Pass%20word%20123%21123", "123***123"],
    ["123Pass&lt;word&gt;123!123", "123***123"],
    ["123Pass''word''123!123", "123***123"],
    [b64(":Password123!"), "OlBh***"],
    [b64("a:Password123!"), "YTpQ***"],
    [b64("ab:Password123!"), "YWI6***"],
    [b64("abcde:Password123!"), "YWJjZGU6***"],
    ["123Password123!!123", "123***123"],
    ["123short123", "123short123"],
    ['123"short"123', "123***123"],
  ];
  it.each(table)("%s → %s", (input, expected) => {
    expect(masker.mask(input)).toBe(expected);
  });

  it("the base64 vector is the one the reference spells out", () => {
    expect(b64(":Password123!")).toBe("OlBhc3N3b3JkMTIzIQ==");
  });

  it("masks the same way through a stream", () => {
    for (const [input, expected] of table) {
      const stream = masker.createStream();
      expect(stream.write(`${input}\n`) + stream.flush()).toBe(`${expected}\n`);
    }
  });
});

describe("core algorithm (3-character secrets, no built-in patterns)", () => {
  const mask = (secrets: readonly string[], text: string): string => {
    const masker = new Masker({ minSecretLength: 1, builtinPatterns: false });
    for (const s of secrets) masker.addSecret(s, "core vectors");
    return masker.mask(text);
  };
  it.each([
    [["def"], "abcdefg", "abc***g"],
    [["def"], "abcdefgdef", "abc***g***"],
    [["abc"], "abcabcdef", "***def"],
    [["bcd", "fgh"], "abcdefghi", "a***e***i"],
    [["def", "bcd"], "abcdefg", "a***g"],
    [["efg", "bcd"], "abcdefgh", "a***h"],
  ] as const)("%j in %s → %s", (secrets, text, expected) => {
    expect(mask(secrets, text)).toBe(expected);
  });

  it("merges adjacent matches into one mask", () => {
    expect(mask(["abc", "def"], "xabcdefx")).toBe("x***x");
    expect(mask(["abc"], "abcabc")).toBe("***");
  });
});

describe("multi-line secrets", () => {
  const secret = "abc\rdef\nghi\r\njkl";
  const masker = new Masker({ minSecretLength: 1, builtinPatterns: false });
  masker.addSecret(secret, "multi-line vector");

  it.each(["abc", "def", "ghi", "jkl"])("the line %s alone → ***", (line) => {
    expect(masker.mask(line)).toBe("***");
  });
  it("the whole value → ***", () => {
    expect(masker.mask(secret)).toBe("***");
    expect(masker.mask(`before ${secret} after`)).toBe("before *** after");
  });

  it("does not register lines shorter than the minimum length", () => {
    const m = new Masker({ minSecretLength: 6 });
    m.addSecret("ab\nlong-enough-line\n  x  ", "multi-line file");
    expect(m.mask("ab x")).toBe("ab x");
    expect(m.mask("[long-enough-line]")).toBe("[***]");
    expect(m.mask("ab\nlong-enough-line\n  x  ")).toBe("***");
  });

  it("registers the trimmed value (a file's trailing newline)", () => {
    const m = new Masker();
    m.addSecret("s3cr3t-from-a-file\n", "secret file");
    expect(m.mask("value=s3cr3t-from-a-file;")).toBe("value=***;");
  });
});
