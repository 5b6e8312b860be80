/**
 * Inputs built to hurt, generated here rather than committed: a file over the size limit, a 4 MB
 * one-line script, an alias bomb, a document nested 20,000 levels deep, a FIFO. Each is reported
 * (parse-error, exit 2) or linted, never hangs or crashes the run; the other files are still linted.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lintExitCode, lintPaths } from "../../src/lint/index.js";

const work = mkdtempSync(join(tmpdir(), "rw-lint-hostile-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const clean =
  "name: ok\non: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n      - run: make\n";

describe("hostile inputs", () => {
  it("a file over lint.max_file_size is a parse error; the others are still linted", async () => {
    const big = `${clean}# ${"x".repeat(9 * 1024 * 1024)}\n`;
    const dir = folder("huge", { "big.yml": big, "small.yml": clean.replace("run: make", "run: ssh 10.4.4.4 true") });
    const result = await lintPaths(["."], { cwd: dir });
    expect(result.findings.map((f) => `${f.file}:${f.line}:${f.col} ${f.ruleId} ${f.message}`)).toEqual([
      "big.yml:1:1 parse-error cannot read the file: larger than 8 MiB (lint.max_file_size)",
      "small.yml:10:18 literal-ip literal IP address '10.4.4.4': infrastructure addresses come from the inventory (an inventory variable or host pattern), not from this file",
    ]);
    expect(lintExitCode(result)).toBe(2);
  });

  it("a 4 MB one-line script is linted, with the column of what it hides at its end", async () => {
    const line = `echo ${"a".repeat(4 * 1024 * 1024)} 10.5.5.5`;
    const dir = folder("long-line", { "workflow.yml": clean.replace("run: make", `run: ${line}`) });
    const result = await lintPaths(["."], { cwd: dir });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ ruleId: "literal-ip", line: 10, col: 14 + line.length - "10.5.5.5".length });
  });

  it("an alias bomb is refused before GitHub's parser expands it", async () => {
    const levels = ['  a0: &a0 "lol"', ...Array.from({ length: 9 }, (_, i) => `  a${i + 1}: &a${i + 1} [${Array<string>(10).fill(`*a${i}`).join(", ")}]`)];
    const dir = folder("alias-bomb", { "workflow.yml": clean.replace("permissions:", `env:\n${levels.join("\n")}\npermissions:`) });
    const result = await lintPaths(["."], { cwd: dir });
    expect(result.findings).toEqual([
      expect.objectContaining({ ruleId: "parse-error", line: 5, message: expect.stringContaining("aliases expand to more than") }),
    ]);
  });

  it("a document nested 20,000 levels deep is a parse error, not a crash", async () => {
    const dir = folder("deep", {
      "workflow.yml": `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${"[".repeat(20000)}${"]".repeat(20000)}\n`,
    });
    const result = await lintPaths(["."], { cwd: dir });
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.findings.every((f) => f.ruleId === "parse-error")).toBe(true);
  });

  it("a FIFO given as a path is refused at once (no writer needed)", async () => {
    const dir = folder("fifo", {});
    execFileSync("mkfifo", [join(dir, "pipe.yml")]);
    const result = await lintPaths(["pipe.yml"], { cwd: dir });
    expect(result.findings).toEqual([
      expect.objectContaining({ ruleId: "parse-error", file: "pipe.yml", message: "cannot read the file: a FIFO (named pipe), not a regular file" }),
    ]);
  });
});
