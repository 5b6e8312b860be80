import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runBinary, runInProcess } from "../helpers/cli.js";

const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string };

describe("runwarden (bundled executable)", () => {
  it("--version prints the package version", async () => {
    const run = await runBinary(["--version"]);
    expect(run).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });

  it("--help teaches: commands, examples, exit codes", async () => {
    const run = await runBinary(["--help"]);
    expect(run.code).toBe(0);
    for (const text of ["config", "mask", "Examples:", "Exit codes:", "file:line:col"]) expect(run.stdout).toContain(text);
  });

  it("every command's --help has examples", async () => {
    for (const argv of [
      ["config", "validate", "--help"],
      ["config", "schema", "--help"],
      ["mask", "--help"],
    ]) {
      const run = await runBinary(argv);
      expect(run.code, argv.join(" ")).toBe(0);
      expect(run.stdout, argv.join(" ")).toContain("Examples:");
    }
  });

  it("an unknown command is a usage error (exit 2) with a suggestion", async () => {
    const run = await runBinary(["mask-it"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown command 'mask-it'");
    expect(run.stderr).toContain("mask");
    expect(run.stdout).toBe("");
  });

  it("no command prints the help on stderr and exits 2", async () => {
    const run = await runBinary([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Usage: runwarden");
  });

  it("an unknown flag is a usage error (exit 2)", async () => {
    const run = await runBinary(["mask", "--frobnicate"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--frobnicate'");
  });

  it("refuses a too-short GITHUB_TOKEN before doing anything, without printing it", async () => {
    const run = await runBinary(["--version"], { env: { GITHUB_TOKEN: "abc" } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("GITHUB_TOKEN");
    expect(run.stderr).not.toContain("abc");
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});

describe("runwarden version", () => {
  it("prints JSON with --json", async () => {
    const run = await runInProcess(["version", "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ version: pkg.version, node: process.versions.node });
  });
});
