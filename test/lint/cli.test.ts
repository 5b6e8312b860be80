/**
 * `runwarden lint` as users run it: in-process for behaviour, and the bundled executable once.
 * Exit codes: 0 clean, 1 findings at or above the threshold, 2 bad usage or a file that cannot be
 * parsed (named file:line:col).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultJobs, MIN_FILES_FOR_WORKERS } from "../../src/lint/parallel.js";
import { repoRoot, runBinary, runInProcess } from "../helpers/cli.js";
import { fixtures } from "./golden.js";

const work = mkdtempSync(join(tmpdir(), "rw-lint-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const mixed = join(fixtures, "renderers", "mixed");

describe("runwarden lint", () => {
  it("--help shows the formats, the suppression comment and examples", async () => {
    const run = await runInProcess(["lint", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("--format <format>");
    expect(run.stdout).toContain("# runwarden-lint: ignore <rule-id> -- <reason>");
    expect(run.stdout).toContain("Examples:");
  });

  it("this repository's examples/, workflows and action.yml: nothing but the findings already reported", async () => {
    const run = await runInProcess(["lint", "examples", ".github/workflows", "action.yml", "--json"], { cwd: repoRoot });
    const data = JSON.parse(run.stdout) as { findings: { rule: string; file: string; message: string }[]; files: { file: string; status: string }[] };
    expect(data.files.map((f) => f.file)).toEqual(
      expect.arrayContaining(["action.yml", "examples/runwarden.yml", "examples/workflows/deploy.yml", "examples/workflows/lint.yml"]),
    );
    expect(data.files.filter((f) => f.status !== "linted")).toEqual([]);
    // Known and reported: the examples use runwarden's own action and reusable workflow at the tag
    // v1 (they say to pin a commit SHA in production), and the caller example has no permissions: block.
    const known = (f: { rule: string; file: string; message: string }) =>
      (f.rule === "unpinned-action" && f.message.startsWith("'runwarden/runwarden")) ||
      (f.rule === "permissions" && f.file === "examples/workflows/deploy.yml");
    expect(data.findings.filter((f) => !known(f))).toEqual([]);
  });

  it("text output, one finding a line, and exit 1 on findings", async () => {
    const run = await runInProcess(["lint", "."], { cwd: mixed });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(readFileSync(join(mixed, "expected.txt"), "utf8"));
    expect(run.stderr).toMatch(/^runwarden lint: 10 findings in 1 file \(8 errors, 2 warnings\) · 1 suppressed\n$/);
  });

  it("--severity error leaves warnings out; a clean file exits 0", async () => {
    const run = await runInProcess(["lint", ".", "--severity", "error", "--json"], { cwd: mixed });
    const data = JSON.parse(run.stdout) as { findings: { severity: string }[]; summary: { below_threshold: number } };
    expect(data.findings.every((f) => f.severity === "error")).toBe(true);
    expect(data.summary.below_threshold).toBe(2);
    const clean = await runInProcess(["lint", "."], { cwd: join(fixtures, "rules", "deploy-timeout", "good") });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe("");
  });

  it("--json and --format sarif --output", async () => {
    const json = await runInProcess(["lint", ".", "--json", "--severity", "notice"], { cwd: mixed });
    expect(json.stdout).toBe(readFileSync(join(mixed, "expected.json"), "utf8"));
    const out = join(work, "out.sarif");
    const sarif = await runInProcess(["lint", ".", "--format", "sarif", "--output", out], { cwd: mixed });
    expect(sarif.code).toBe(1);
    expect(sarif.stdout).toBe("");
    const log = JSON.parse(readFileSync(out, "utf8")) as { version: string; runs: { results: unknown[] }[] };
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0]?.results).toHaveLength(10);
  });

  it("a file GitHub's parser rejects: exit 2, named file:line:col", async () => {
    const run = await runInProcess(["lint", "workflow.yml"], { cwd: join(fixtures, "rules", "parse-error", "bad") });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("workflow.yml:10:5: Unexpected value 'timeout-minute' [parse-error]");
  });

  it("a missing path or a bad option: exit 2", async () => {
    const missing = await runInProcess(["lint", "no/such/dir"], { cwd: work });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no/such/dir");
    const bad = await runInProcess(["lint", "--format", "xml"], { cwd: work });
    expect(bad.code).toBe(2);
  });

  it("inside GitHub Actions: annotations, the sarif-file and findings outputs, a step summary", async () => {
    const output = join(work, "github-output");
    const summary = join(work, "step-summary");
    writeFileSync(output, "");
    writeFileSync(summary, "");
    const env = { GITHUB_ACTIONS: "true", GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, RUNNER_TEMP: work };
    const run = await runInProcess(["lint", "."], { cwd: mixed, env });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(readFileSync(join(mixed, "expected.annotations"), "utf8"));
    const outputs = readFileSync(output, "utf8");
    expect(outputs).toMatch(/^findings<<ghadelimiter_[\w-]+\n10\n/m);
    expect(outputs).toContain(`sarif-file<<`);
    expect(outputs).toContain(`\n${join(work, "runwarden-lint.sarif")}\n`);
    expect((JSON.parse(readFileSync(join(work, "runwarden-lint.sarif"), "utf8")) as { runs: unknown[] }).runs).toHaveLength(1);
    expect(readFileSync(summary, "utf8")).toContain("### runwarden lint: 10 findings in 1 file");
  });

  it("the bundled executable on 200+ distinct files: worker threads report exactly what one thread does", async () => {
    // Each corpus workflow twice or more, made distinct by a comment: enough files for the workers
    // (MIN_FILES_FOR_WORKERS) and none linted once for all its copies.
    const corpus = join(repoRoot, "test", "fixtures", "lint-corpus");
    const many = join(work, "many");
    const workflows = join(many, ".github", "workflows");
    mkdirSync(workflows, { recursive: true });
    const sources = readdirSync(corpus).filter((name) => name.endsWith(".yml"));
    for (let i = 0; i < MIN_FILES_FOR_WORKERS + 10; i++) {
      const name = sources[i % sources.length] ?? "";
      writeFileSync(join(workflows, `${i}-${name}`), `${readFileSync(join(corpus, name), "utf8")}\n# copy ${i}\n`);
    }
    const threads = await runBinary(["lint", ".", "--json", "--jobs", "2"], { cwd: many });
    const single = await runBinary(["lint", ".", "--json", "--jobs", "1"], { cwd: many });
    expect(threads.code).toBe(1);
    expect(threads.stderr).toBe("");
    expect(threads.stdout).toBe(single.stdout);
    expect((JSON.parse(threads.stdout) as { summary: { files: number } }).summary.files).toBe(MIN_FILES_FOR_WORKERS + 10);
  }, 120_000);

  it("uses one thread per two cores by default", () => {
    expect([1, 2, 3, 4, 8].map((cores) => defaultJobs(cores))).toEqual([1, 1, 1, 2, 4]);
  });

  it("the bundled executable lints and exits 1 on findings", async () => {
    const run = await runBinary(["lint", ".", "--format", "json"], { cwd: mixed });
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as { summary: { findings: number } }).summary.findings).toBe(10);
  });
});
