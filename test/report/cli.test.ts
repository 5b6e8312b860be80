/**
 * `runwarden report` end to end through the bundled executable, over a SQLite store seeded with the
 * hand-computed history of known.ts: text, Markdown, JSON, the step summary inside Actions, exit 1
 * on a breached SLO and 0 when every SLO holds, bad input (exit 2). The example in docs/report.md
 * is what the command prints for this history (dates and paths aside).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReportData } from "../../src/cli/commands/report/render.js";
import { openStore } from "../../src/store/index.js";
import { repoRoot, runBinary } from "../helpers/cli.js";
import { matchKeyLines } from "../docs/match.js";
import { DAY, writeToStore } from "./history.js";
import { knownHistory } from "./known.js";
import { REPORT_CONFIG as CONFIG } from "./known-sql.js";

let dir: string;
let config: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rw-report-"));
  config = join(dir, "runwarden.yml");
  writeFileSync(config, CONFIG);
  mkdirSync(join(dir, "inventories", "production"), { recursive: true });
  writeFileSync(join(dir, "inventories", "production", "hosts"), "[production]\nweb-01 ansible_host=web-01.example.invalid\n");
  const store = await openStore({ kind: "sqlite", path: join(dir, ".runwarden", "state.db") });
  await writeToStore(store, knownHistory(Date.now() - 10 * DAY));
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The lines of the fenced block that follows `marker` in docs/report.md, its `$ ` line aside. */
function docBlock(marker: string): string {
  const doc = readFileSync(join(repoRoot, "docs", "report.md"), "utf8");
  const start = doc.indexOf("```", doc.indexOf(marker));
  const body = doc.slice(doc.indexOf("\n", start) + 1, doc.indexOf("```", start + 3));
  return body.replace(/^\$ .*\n/, "");
}

/** Every line of the docs example is a line of `output`, in order (`…` a wildcard), and nothing else is printed. */
function expectDocExample(output: string, marker: string): void {
  const lines = docBlock(marker).split("\n");
  expect(matchKeyLines(lines, output)).toEqual({ ok: true });
  expect(output.trimEnd().split("\n")).toHaveLength(lines.join("\n").trimEnd().split("\n").length);
}

describe("runwarden report", () => {
  it("prints each environment's figures and exits 1 when an SLO is breached", async () => {
    const run = await runBinary(["report", "-c", config]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("production — SLO breached");
    expect(run.stdout).toContain("62.5 % (target ≥ 95.0 %) ✗");
    expect(run.stdout).toContain("p50 4m · p95 11m (target ≤ 10m) ✗ · max 11m");
    expect(run.stdout).toContain("staging — SLO met");
    expectDocExample(run.stdout, "<!-- example: text -->");
  });

  it("--json gives the figures per environment", async () => {
    const run = await runBinary(["report", "-c", config, "--json"]);
    expect(run.code).toBe(1);
    const data = JSON.parse(run.stdout) as ReportData;
    expect(data.window_ms).toBe(30 * DAY);
    const production = data.environments.find((e) => e.environment === "production");
    const { deploys, succeeded, success_rate, p50_seconds, p95_seconds, queue_p95_seconds, failovers, mttr_seconds, slo } = production ?? ({} as never);
    expect({ deploys, succeeded, success_rate, p50_seconds, p95_seconds, queue_p95_seconds, failovers, mttr_seconds, slo }).toEqual(
      JSON.parse(docBlock("<!-- example: json -->")),
    );
    expect(production).toMatchObject({
      deploys: 8,
      succeeded: 5,
      success_rate: 0.625,
      p50_seconds: 240,
      p95_seconds: 660,
      queue_p95_seconds: 60,
      failovers: 2,
      mttr_seconds: 3607.5,
      slo: { met: false, success_rate_target: 0.95, p95_target_seconds: 600 },
    });
  });

  it("exits 0 when every SLO of the environments asked for holds (staging's own p95 target)", async () => {
    const run = await runBinary(["report", "-c", config, "--environment", "staging", "--json"]);
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout) as ReportData;
    expect(data.environments.map((e) => [e.environment, e.p95_seconds, e.slo])).toEqual([
      ["staging", 1140, { met: true, success_rate_target: 0.95, p95_target_seconds: 1200, success_rate_met: true, p95_met: true }],
    ]);
  });

  it("--format markdown prints a table for a post, and inside Actions appends it to the step summary", async () => {
    const summary = join(dir, "summary.md");
    writeFileSync(summary, "");
    const run = await runBinary(["report", "-c", config, "--format", "markdown"], { env: { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("| production | ❌ breached | 5/8 | 62.5 % (≥ 95.0 %) | 4m | 11m (≤ 10m) |");
    expect(run.stdout).toContain("| staging | ✅ met | 20/20 | 100.0 % (≥ 95.0 %) | 10m | 19m (≤ 20m) |");
    expect(readFileSync(summary, "utf8")).toBe(run.stdout);
    expectDocExample(run.stdout, "<!-- example: markdown -->");
  });

  it("--since narrows the window", async () => {
    const run = await runBinary(["report", "-c", config, "--since", "1h", "--json"]);
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout) as ReportData;
    expect(data.environments.map((e) => e.deploys)).toEqual([0, 0]);
  });

  it("refuses a window it cannot read and an unknown environment (exit 2)", async () => {
    const since = await runBinary(["report", "-c", config, "--since", "nonsense"]);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain("--since takes a window such as 30d, 7d, 36h or 90m");
    expect(since.stdout).toBe("");
    const unknown = await runBinary(["report", "-c", config, "-e", "prod"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no environment 'prod'");
  });

  it("refuses an slo: it cannot read, naming the file and key (exit 2)", async () => {
    const bad = join(dir, "bad-slo.yml");
    writeFileSync(bad, CONFIG.replace("  success_rate: 0.95", "  success_rate: 95"));
    const run = await runBinary(["report", "-c", bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("bad-slo.yml:4:17: too large (at slo.success_rate)");
  });

  it("exits 3 when the store cannot be read", async () => {
    const broken = join(dir, "broken.yml");
    writeFileSync(broken, CONFIG.replace("sqlite:.runwarden/state.db", "sqlite:missing-dir/sub/state.db"));
    writeFileSync(join(dir, "missing-dir"), "a file where a folder should be");
    const run = await runBinary(["report", "-c", broken]);
    expect(run.code).toBe(3);
  });
});
