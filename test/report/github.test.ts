/**
 * `runwarden report --from-github` against the GitHub API emulator seeded with 1,000 runs of the
 * deploy workflow (re-runs, failovers, cancellations, refusals), and the store-based report of the
 * same history: every figure is the same, but the failure classes, which GitHub does not record.
 * The 1,000 runs fill GitHub's search cap, so the window is also read in halves.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReportData } from "../../src/cli/commands/report/render.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { openStore } from "../../src/store/index.js";
import { runInProcess } from "../helpers/cli.js";
import { startEmulator } from "../sandbox/helpers.js";
import { generatedHistory, reportScenario, writeToEmulator, writeToStore } from "./history.js";

const CONFIG = `inventory: inventories/production/hosts
store: sqlite:.runwarden/state.db
environments:
  production:
    hosts: production
    runner_groups: [{ name: primary, group: prod-primary, labels: [self-hosted, production] }]
    route:
      workflow: .github/workflows/deploy.yml
`;

let dir: string;
let emulator: RunningEmulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rw-report-github-"));
  writeFileSync(join(dir, "runwarden.yml"), CONFIG);
  mkdirSync(join(dir, "inventories", "production"), { recursive: true });
  writeFileSync(join(dir, "inventories", "production", "hosts"), "[production]\nweb-01 ansible_host=web-01.example.invalid\n");
  const deploys = generatedHistory(1000, Date.now(), 25);
  emulator = await startEmulator(reportScenario());
  writeToEmulator(emulator.engine, deploys);
  const store = await openStore({ kind: "sqlite", path: join(dir, ".runwarden", "state.db") });
  await writeToStore(store, deploys);
  await store.close();
}, 300_000);

afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("runwarden report --from-github", () => {
  it("gives the store-based report's figures for the same 1,000 deploys", async () => {
    const env = { GITHUB_API_URL: emulator.url, GITHUB_TOKEN: emulator.token, GITHUB_REPOSITORY: "acme/platform" };
    const fromStore = await runInProcess(["report", "--json"], { cwd: dir, env });
    const fromGithub = await runInProcess(["report", "--json", "--from-github"], { cwd: dir, env });
    expect(fromGithub.stderr).toBe("");
    const store = (JSON.parse(fromStore.stdout) as ReportData).environments[0];
    const github = JSON.parse(fromGithub.stdout) as ReportData;
    const figures = github.environments[0];
    if (store === undefined || figures === undefined) throw new Error("no production figures");
    // A history with every case in it, and figures that mean something.
    expect(store.deploys).toBeGreaterThan(900);
    expect(store.cancelled).toBeGreaterThan(0);
    expect(store.failovers).toBeGreaterThan(0);
    expect(store.reruns).toBeGreaterThan(0);
    expect(store.mttr_seconds).not.toBeNull();
    expect(store.deploys + store.cancelled).toBe(1000);

    const { failure_classes: storeClasses, ...storeFigures } = store;
    const { failure_classes: githubClasses, ...githubFigures } = figures;
    expect(githubFigures).toEqual(storeFigures);
    expect(fromGithub.code).toBe(fromStore.code);
    expect(storeClasses.reduce((sum, c) => sum + c.count, 0)).toBe(store.failed);
    expect(githubClasses).toEqual([{ failure_class: "unclassified", count: store.failed }]);

    // The runs were read page by page, the window in halves (1,000 runs is GitHub's search cap), and each run's latest jobs once.
    const runLists = emulator.requests.filter((r) => r.path.includes("/actions/workflows/deploy.yml/runs"));
    const jobLists = emulator.requests.filter((r) => /\/actions\/runs\/\d+\/jobs/.test(r.path));
    expect(runLists.length).toBeGreaterThan(10);
    expect(jobLists).toHaveLength(1000);
    expect(github.source).toBe("GitHub acme/platform: deploy.yml (1000 runs)");
    expect(github.github?.requests).toBe(runLists.length + jobLists.length);
  }, 600_000);
});
