import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runBinary, runInProcess } from "../helpers/cli.js";

const fixtures = join(repoRoot, "test", "fixtures", "config");
const malformed = readdirSync(fixtures).filter((name) => name !== "design-example.yml");

describe("runwarden config validate", () => {
  it("accepts the shipped example and summarises it", async () => {
    const run = await runBinary(["config", "validate", "--config", "examples/runwarden.yml"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("examples/runwarden.yml is valid");
    expect(run.stdout).toContain("primary → secondary");
  });

  it("accepts DESIGN.md's example unchanged, with --json", async () => {
    const run = await runInProcess(["config", "validate", "--config", "test/fixtures/config/design-example.yml", "--json"]);
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout) as { valid: boolean; environments: { name: string; runner_groups: string[] }[] };
    expect(data.valid).toBe(true);
    expect(data.environments).toEqual([expect.objectContaining({ name: "production", runner_groups: ["primary", "secondary"] })]);
  });

  it.each(malformed)("%s: exit 2, file:line:col on stderr, no stack trace, nothing on stdout", async (name) => {
    const run = await runBinary(["config", "validate", "--config", `test/fixtures/config/${name}`]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(new RegExp(`test/fixtures/config/${name.replace(".", "\\.")}:\\d+:\\d+: `));
    expect(run.stderr).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
  });

  it("a missing config file is exit 2 with a hint about --config", async () => {
    const run = await runInProcess(["config", "validate", "--config", "nope/runwarden.yml"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("nope/runwarden.yml");
    expect(run.stderr).toContain("--config");
  });

  it("with --json, prints the error as data too", async () => {
    const run = await runInProcess(["config", "validate", "--json", "--config", "test/fixtures/config/unknown-key.yml"]);
    expect(run.code).toBe(2);
    const data = JSON.parse(run.stdout) as { error: { code: string; problems: { location: { line: number } }[] } };
    expect(data.error.code).toBe("RW_CONFIG_INVALID");
    expect(data.error.problems[0]?.location.line).toBe(11);
  });

  it("inside GitHub Actions, annotates the problem and writes outputs and a step summary", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rw-actions-"));
    const env = { GITHUB_ACTIONS: "true", GITHUB_OUTPUT: join(dir, "output"), GITHUB_STEP_SUMMARY: join(dir, "summary.md") };
    const bad = await runInProcess(["config", "validate", "--config", "test/fixtures/config/unknown-key.yml"], { env });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/^::error file=test\/fixtures\/config\/unknown-key\.yml,line=11,col=9,title=RW_CONFIG_INVALID::unknown key 'intervall'/m);
    const good = await runInProcess(["config", "validate", "--config", "examples/runwarden.yml"], { env });
    expect(good.code).toBe(0);
    expect(readFileSync(env.GITHUB_OUTPUT, "utf8")).toMatch(/^valid<<ghadelimiter_\S+\ntrue\n/);
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, "utf8")).toContain("| production | production | primary → secondary |");
  });
});

describe("runwarden config schema", () => {
  it("prints the committed runwarden.schema.json", async () => {
    const run = await runInProcess(["config", "schema"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(repoRoot, "runwarden.schema.json"), "utf8"));
  });
});
