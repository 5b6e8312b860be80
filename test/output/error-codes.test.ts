/** One list of error codes: every code is documented in docs/errors.md, and every listed code is used. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../src/model/error-codes.js";
import { errorCodesDoc } from "../../src/output/error-codes-doc.js";
import { repoRoot } from "../helpers/cli.js";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

describe("error codes", () => {
  it("docs/errors.md is generated from the list (npm run gen)", () => {
    expect(readFileSync(join(repoRoot, "docs/errors.md"), "utf8") === errorCodesDoc(), "docs/errors.md is out of date: run `npm run gen`").toBe(true);
  });

  it("every listed code is thrown somewhere, and every code in the sources is listed", () => {
    const text = sources(join(repoRoot, "src"))
      .filter((file) => !file.endsWith("error-codes.ts"))
      .map((file) => readFileSync(file, "utf8"))
      .join("\n");
    const used = new Set([...text.matchAll(/"(RW_[A-Z0-9_]+)"/g)].map((match) => match[1] ?? ""));
    expect([...used].filter((code) => !(code in ERROR_CODES))).toEqual([]);
    expect(Object.keys(ERROR_CODES).filter((code) => !used.has(code))).toEqual([]);
  });
});
