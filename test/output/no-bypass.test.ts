/**
 * Masking is enforced by construction: only src/output/io.ts may touch the process's streams or
 * write files. Everything else receives an `Io` whose doors are masked.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const allowed = new Set(["src/output/io.ts"]);
const forbidden = [
  /\bprocess\.(stdout|stderr)\.write\b/,
  /\bconsole\.(log|error|warn|info|debug)\b/,
  /\b(writeFileSync|appendFileSync|createWriteStream|writeFile|appendFile)\s*\(/,
  /from\s+"@actions\/core"/,
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

describe("no writer bypasses the masker", () => {
  it("only src/output/io.ts writes to stdout, stderr or files", () => {
    const offenders: string[] = [];
    for (const file of sources(join(root, "src"))) {
      const rel = relative(root, file);
      if (allowed.has(rel)) continue;
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, index) => {
          if (forbidden.some((pattern) => pattern.test(line))) offenders.push(`${rel}:${index + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
