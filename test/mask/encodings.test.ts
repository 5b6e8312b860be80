/** Encoded forms of a secret, including the runner's known gaps that runwarden closes. */
import { describe, expect, it } from "vitest";
import { determinedBase64Length, MIN_DERIVED_LENGTH, secretVariants } from "../../src/mask/encodings.js";
import { Masker } from "../../src/mask/index.js";

const secret = "Tr0ub4dor&3-horse";
const masker = new Masker();
masker.addSecret(secret, "test");
const bytes = (text: string): Buffer => Buffer.from(text, "utf8");

describe("base64 with anything around the secret", () => {
  it("masks base64(secret + newline), the runner's best-known gap", () => {
    const encoded = bytes(`${secret}\n`).toString("base64");
    const out = masker.mask(`echo ${encoded}`);
    expect(out.startsWith("echo ***")).toBe(true);
    expect(out.length).toBeLessThanOrEqual("echo ***".length + 3);
  });

  for (let prefix = 0; prefix <= 5; prefix++) {
    for (const suffix of ["", "\n", "x", "xy", "-suffix-", "\u00e9t\u00e9"]) {
      it(`masks base64(prefix of ${prefix} bytes + secret + ${JSON.stringify(suffix)})`, () => {
        const encoded = Buffer.concat([bytes("p@ss:".slice(0, prefix)), bytes(secret), bytes(suffix)]).toString("base64");
        const out = masker.mask(`Authorization: Basic ${encoded}`);
        expect(out).toContain("***");
        const visible = out.replace("Authorization: Basic ", "").split("***");
        // What is left around the mask is at most the partial groups at each end.
        expect(visible[0]!.length).toBeLessThanOrEqual(Math.ceil(prefix / 3) * 4);
        for (const part of visible) expect(Buffer.from(part, "base64").includes(bytes(secret.slice(0, 3)))).toBe(false);
      });
    }
  }

  it("masks base64url, padded or not", () => {
    const weird = "a?b>c~d\u00ff\u00fe-secret";
    const m = new Masker();
    m.addSecret(weird, "test");
    for (const prefix of ["", "x", "xy"]) {
      const url = bytes(`${prefix}${weird}!`).toString("base64url");
      expect(url).toMatch(/[-_]/);
      expect(m.mask(`token=${url}`)).toMatch(/^token=[A-Za-z0-9_-]{0,4}\*\*\*[A-Za-z0-9_-]{0,3}$/);
      expect(m.mask(`token=${bytes(prefix + weird).toString("base64url")}==`)).not.toContain(bytes(weird).toString("base64url").slice(4, 12));
    }
  });

  it("registers the determined prefix: full groups plus 1 or 2 characters", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(determinedBase64Length)).toEqual([0, 1, 2, 4, 5, 6, 8]);
  });
});

describe("hex", () => {
  it.each([
    ["lowercase", bytes(secret).toString("hex")],
    ["uppercase", bytes(secret).toString("hex").toUpperCase()],
    ["inside a hex dump", bytes(`\u0001${secret}\u0002`).toString("hex")],
  ])("masks %s hex", (_label, hex) => {
    const out = masker.mask(`data: ${hex} end`);
    expect(out).toMatch(/^data: [0-9a-fA-F]{0,2}\*\*\*[0-9a-fA-F]{0,2} end$/);
  });
});

describe("escaped and quoted forms", () => {
  const tricky = `It's "quoted" & <tagged> 50% off+more/\u00e9\u00e8 \u{1f511}`;
  const m = new Masker();
  m.addSecret(tricky, "test");
  const strict = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const xml = (s: string, apos: string): string => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? apos);
  it.each([
    ["literal", tricky],
    ["double quotes escaped", tricky.replaceAll('"', '\\"')],
    ["single quotes doubled", tricky.replaceAll("'", "''")],
    ["JSON", JSON.stringify(tricky).slice(1, -1)],
    [
      "JSON, ASCII only",
      JSON.stringify(tricky)
        .slice(1, -1)
        .replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
    ],
    ["encodeURIComponent", encodeURIComponent(tricky)],
    ["encodeURIComponent, lowercase hex", encodeURIComponent(tricky).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())],
    ["RFC 3986 strict", strict(tricky)],
    ["form-encoded", strict(tricky).replaceAll("%20", "+")],
    ["URLSearchParams", new URLSearchParams({ q: tricky }).toString().slice(2)],
    ["XML &apos;", xml(tricky, "&apos;")],
    ["XML &#39;", xml(tricky, "&#39;")],
  ])("masks the %s form", (_label, encoded) => {
    expect(m.mask(`<${encoded}>`)).toBe("<***>");
  });

  it("masks the inside of a long double-quoted value, and leaves a short one's inside alone", () => {
    const q = new Masker();
    q.addSecret('"inner-secret"', "test");
    q.addSecret('"short"', "test");
    expect(q.mask("x inner-secret y")).toBe("x *** y");
    expect(q.mask("x short y")).toBe("x short y");
  });
});

describe("variant list", () => {
  it("is deduplicated and drops derived forms shorter than 4 characters", () => {
    const variants = secretVariants("abcdef", 6);
    expect(new Set(variants).size).toBe(variants.length);
    expect(variants.every((v) => v.length >= MIN_DERIVED_LENGTH)).toBe(true);
    const short = secretVariants("abc", 1);
    expect(short).toContain("abc");
    expect(short.filter((v) => v !== "abc").every((v) => v.length >= MIN_DERIVED_LENGTH)).toBe(true);
  });

  it("a plain alphanumeric secret has a modest number of variants", () => {
    expect(secretVariants("A1b2C3d4E5f6G7h8", 6).length).toBeLessThanOrEqual(20);
  });

  it("survives secrets that cannot be URL-encoded (a lone surrogate)", () => {
    const m = new Masker();
    m.addSecret("abc\ud800defgh", "test");
    expect(m.mask("x abc\ud800defgh y")).toBe("x *** y");
  });
});
