/**
 * Masking is enforced by construction: only src/output/io.ts may touch the process's streams or
 * write files; everything else receives an `Io` whose doors are masked. The rule lives in the linter
 * (biome.json: noRestrictedImports, and the GritQL plugin lint/no-stream-bypass.grit, ADR 0014).
 * This test proves the rule bites: the project's own lint config, run on a copy, flags each way
 * around the masker in any source file and allows them in io.ts alone.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";

const BYPASSES = [
  'import { writeFileSync } from "node:fs";\nwriteFileSync("out.txt", "secret");\n',
  'import { appendFile } from "node:fs/promises";\nawait appendFile("out.txt", "secret");\n',
  'process.stdout.write("secret\\n");\n',
  'process.stderr.write("secret\\n");\n',
  'console.log("secret");\n',
  'import { setOutput } from "@actions/core";\nsetOutput("x", "secret");\n',
];

function lint(files: Record<string, string>): { code: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "rw-lint-"));
  cpSync(join(repoRoot, "biome.json"), join(dir, "biome.json"));
  cpSync(join(repoRoot, "lint"), join(dir, "lint"), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const biome = join(repoRoot, "node_modules", ".bin", "biome");
  const run = spawnSync(biome, ["lint", "--vcs-enabled=false", "--max-diagnostics=200", "src"], { cwd: dir, encoding: "utf8" });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("no writer bypasses the masker (lint rules)", () => {
  it.each(BYPASSES)("flags %j outside src/output/io.ts", (source) => {
    const { code, output } = lint({ "src/cli/commands/probe/run.ts": source });
    expect(code).not.toBe(0);
    expect(output).toMatch(/masked Io|never to the process's streams|renders Actions outputs itself/);
  });

  it("allows them in src/output/io.ts, the one door out", () => {
    const { code, output } = lint({
      "src/output/io.ts": 'import { writeFileSync } from "node:fs";\nwriteFileSync("f", "x");\nprocess.stdout.write("x\\n");\n',
    });
    expect(output).not.toMatch(/masked Io|never to the process's streams/);
    expect(code).toBe(0);
  });
});
