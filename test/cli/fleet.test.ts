/** `runwarden fleet` and `runwarden sandbox github` end to end, against the GitHub API emulator. */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Runner } from "../../src/github/schemas.js";
import { compareVersions } from "../../src/checks/version.js";
import { buildFleetView, type FleetEnvironment, type FleetInput } from "../../src/route/fleet.js";
import type { GroupObservation, RouteGroupConfig } from "../../src/route/health.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { binPath, repoRoot, runBinary, runInProcess } from "../helpers/cli.js";
import { control, exampleScenario, fixtureScenario, startEmulator } from "../sandbox/helpers.js";

const ORG_CONFIG = `
github:
  repository: acme/platform
  min_runner_version: 2.320.0
  retries: 1
inventory: hosts
environments:
  production:
    hosts: production
    runner_groups:
      - { name: primary, group: prod-primary, labels: [self-hosted, linux, x64, production], min_idle: 1 }
      - { name: secondary, group: prod-secondary, labels: [self-hosted, linux, x64, production], approved_for_failover: true }
  staging:
    hosts: staging
    runner_groups:
      - { name: staging, labels: [self-hosted, staging] }
`;

const REPO_CONFIG = `
github: { repository: acme/platform }
inventory: hosts
environments:
  staging:
    hosts: staging
    runner_groups:
      - { name: staging, labels: [self-hosted, staging] }
`;

function configFile(text: string): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "rw-fleet-"));
  const path = join(dir, "runwarden.yml");
  writeFileSync(path, text);
  return { dir, path };
}

interface FleetJson {
  ok: boolean;
  groups: { environment: string; name: string; counts: Record<string, number>; versions: Record<string, number>; problems: string[]; online: boolean }[];
  misplaced: { name: string; group: string; expected_groups: string[] }[];
  github: { requests: number; not_modified: number; rate_limit: { remaining: number; limit: number } | null };
}

let emulator: RunningEmulator;
const org = configFile(ORG_CONFIG);
// As inside the deploy workflow: prod-secondary admits only that workflow (route judges it the same way).
const env = () => ({
  GITHUB_API_URL: emulator.url,
  GITHUB_TOKEN: emulator.token,
  GITHUB_WORKFLOW_REF: "acme/platform/.github/workflows/deploy.yml@refs/heads/main",
});

beforeAll(async () => {
  const scenario = exampleScenario("two-groups.yml");
  emulator = await startEmulator({ ...scenario, runners: [...scenario.runners, ...fixtureScenario("fidelity.yml").runners.filter((r) => r.scope === "repo")] });
});
afterAll(async () => {
  await emulator.close();
});
afterEach(async () => {
  await control(emulator, "DELETE", "/faults");
});

describe("runwarden fleet", () => {
  it("shows each group's runners, and flags dead, outdated and misplaced runners (org level)", async () => {
    const run = await runInProcess(["fleet", "--config", org.path, "--environment", "production"], { env: env(), cwd: org.dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("✓ fleet of acme/platform — 2 runner groups, each with an online runner");
    expect(run.stdout).toMatch(/production\s+primary\s+prod-primary\s+2\s+1\s+1\s+0\s+2\.330\.0 ×2\s+ok/);
    // prod-b-3 (2.311.0, offline and busy) is older than the minimum: listed, flagged, not counted — as route counts.
    expect(run.stdout).toMatch(/production\s+secondary\s+prod-secondary\s+1\s+1\s+0\s+0\s+2\.329\.0, 2\.311\.0\s+ok/);
    expect(run.stdout).toContain("prod-b-3 is offline but busy: it died in the middle of a job");
    expect(run.stdout).toContain("prod-b-3 runs 2.311.0, older than github.min_runner_version 2.320.0: not counted");
    expect(run.stdout).toContain(
      "prod-b-2 carries the labels of production/primary, production/secondary but sits in group Default (expected prod-primary or prod-secondary)",
    );
    expect(run.stdout).toMatch(/GitHub: 5 requests \(0 not modified\) · rate limit \d+\/5000 left/);
  });

  it("--json: the view as data, with request counts and the rate limit left", async () => {
    const run = await runInProcess(["fleet", "--config", org.path, "--json"], { env: env(), cwd: org.dir });
    expect(run.code, run.stderr).toBe(0);
    const data = JSON.parse(run.stdout) as FleetJson;
    expect(data.groups.map((g) => [g.environment, g.name, g.counts["online"], g.counts["offline_busy"]])).toEqual([
      ["production", "primary", 2, 0],
      ["production", "secondary", 1, 1],
      ["staging", "staging", 1, 0],
    ]);
    expect(data.misplaced.map((m) => [m.name, m.group])).toEqual([["prod-b-2", "Default"]]);
    // Per environment, route's own observation (groups visible to the repository, one listing per group);
    // and the organization's runners and groups once, to find misplaced runners.
    expect(data.github.requests).toBe(6);
    expect(data.github.rate_limit?.limit).toBe(5000);
  });

  it("repository-level runners", async () => {
    const repo = configFile(REPO_CONFIG);
    const run = await runInProcess(["fleet", "--config", repo.path, "--json"], { env: env(), cwd: repo.dir });
    expect(run.code, run.stderr).toBe(0);
    const data = JSON.parse(run.stdout) as FleetJson;
    expect(data.groups).toEqual([expect.objectContaining({ name: "staging", online: true, versions: { "2.330.0": 1 } })]);
    expect(data.github.requests).toBe(1);
  });

  it("exit 1 when a configured group has no online runner", async () => {
    await control(emulator, "PATCH", "/runners/prod-b-1", { status: "offline" });
    try {
      const run = await runInProcess(["fleet", "--config", org.path, "-e", "production"], { env: env(), cwd: org.dir });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("✗ fleet of acme/platform — no usable online runner in production/secondary");
      expect(run.stdout).toMatch(/secondary\s+prod-secondary\s+0\s+0\s+0\s+1\s+.*NO ONLINE RUNNER/);
    } finally {
      await control(emulator, "PATCH", "/runners/prod-b-1", { status: "online" });
    }
  });

  it("inside Actions: outputs, annotations and a step summary", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rw-actions-"));
    const actions = { ...env(), GITHUB_ACTIONS: "true", GITHUB_OUTPUT: join(dir, "out"), GITHUB_STEP_SUMMARY: join(dir, "summary.md") };
    const run = await runInProcess(["fleet", "--config", org.path, "-e", "production"], { env: actions, cwd: org.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^::warning title=runwarden fleet::production\/secondary: prod-b-3 is offline but busy/m);
    expect(readFileSync(actions.GITHUB_OUTPUT, "utf8")).toMatch(/^healthy<<ghadelimiter_\S+\ntrue\n/);
    expect(readFileSync(actions.GITHUB_STEP_SUMMARY, "utf8")).toContain("| production | primary | prod-primary | 2 | 1 | 1 | 0 | 2.330.0 ×2 | ok |");
  });

  it("RUNWARDEN_DEBUG logs every request with the rate limit left", async () => {
    const run = await runInProcess(["fleet", "--config", org.path, "-e", "staging"], { env: { ...env(), RUNWARDEN_DEBUG: "1" }, cwd: org.dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^github: GET \/repos\/acme\/platform\/actions\/runners → 200 \(\d+ ms, rate limit \d+\/5000\)$/m);
    expect(run.stderr).toMatch(/^github: 1 requests, 0 not modified, 0 retries, rate limit \d+\/5000$/m);
  });

  it("a permanent failure is exit 3 naming the endpoint and status, never the token", async () => {
    await control(emulator, "POST", "/faults", { kind: "status", status: 500, match: { path: "/actions/runners" } });
    const run = await runInProcess(["fleet", "--config", org.path, "-e", "staging"], { env: env(), cwd: org.dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("GitHub: GET /repos/acme/platform/actions/runners answered 500 (Server Error) after 2 attempts");
    expect(run.stderr).not.toContain(emulator.token);
  });

  it("rejected credentials are exit 2, and the token is not echoed", async () => {
    const token = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB";
    const run = await runInProcess(["fleet", "--config", org.path, "--json"], { env: { GITHUB_API_URL: emulator.url, GITHUB_TOKEN: token }, cwd: org.dir });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: "RW_GITHUB_AUTH" } });
    expect(run.stderr).toContain("answered 401 (Bad credentials)");
    expect(`${run.stdout}${run.stderr}`).not.toContain(token);
  });

  it("bad input: unknown environment, missing credentials, missing config (exit 2)", async () => {
    const unknown = await runInProcess(["fleet", "--config", org.path, "-e", "prod"], { env: env(), cwd: org.dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no environment 'prod'");
    expect(unknown.stderr).toContain("choose one of: production, staging");
    const noToken = await runInProcess(["fleet", "--config", org.path], { env: { GITHUB_API_URL: emulator.url }, cwd: org.dir });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain("no GitHub credentials");
    const missing = await runInProcess(["fleet", "--config", "nope.yml"], { env: env(), cwd: org.dir });
    expect(missing.code).toBe(2);
  });

  it("the bundled executable: --help, and a real run", async () => {
    const help = await runBinary(["fleet", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Examples:");
    const run = await runBinary(["fleet", "--config", org.path, "-e", "production", "--json"], { env: env(), cwd: org.dir });
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as FleetJson).ok).toBe(true);
  });
});

describe("runwarden sandbox github", () => {
  it("prints its URL and token, serves the scenario, stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, [binPath, "sandbox", "github", "--scenario", "examples/scenarios/two-groups.yml"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (match?.[1] !== undefined && out.includes("token:")) resolve(match[1]);
      });
      child.on("exit", () => reject(new Error(`exited early: ${out}${err}`)));
    });
    const token = /token:\s+(\S+)/.exec(out)?.[1] ?? "";
    const response = await fetch(`${url}/orgs/acme/actions/runners`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { total_count: number }).total_count).toBe(5);
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toContain("emulator stopped");
  });

  it("a bad scenario is exit 2 with file:line:col", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rw-scenario-"));
    writeFileSync(join(dir, "bad.yml"), "org: acme\nrepository: platform\nrunners:\n  - { name: a, labels: [x], group: nope }\n");
    const run = await runInProcess(["sandbox", "github", "--scenario", "bad.yml"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.yml:4:\d+: unknown runner group 'nope'/);
  });
});

describe("the fleet view (pure): route's judgement of each group, and what a person wants beside it", () => {
  const runner = (name: string, groupId: number | undefined, labels: string[], extra: Partial<Runner> = {}): Runner => ({
    id: name.length,
    name,
    os: "Linux",
    status: "online",
    busy: false,
    labels: labels.map((label) => ({ name: label })),
    ...(groupId === undefined ? {} : { runner_group_id: groupId }),
    version: "2.330.0",
    ...extra,
  });
  const prod = { id: 2, name: "prod", visibility: "selected" };
  const primary = { name: "primary", group: "prod", labels: ["self-hosted", "production"], min_idle: 2, max_busy_percent: 100, approved_for_failover: false };
  const environment = (config: RouteGroupConfig, observation: GroupObservation): FleetEnvironment => ({
    name: "production",
    groups: [config],
    observations: new Map([[config.name, observation]]),
    workflow: undefined,
  });
  const view = (environments: FleetEnvironment[], extra: Partial<FleetInput> = {}) =>
    buildFleetView({
      repository: "acme/platform",
      environments,
      orgRunners: [],
      repoRunners: undefined,
      githubGroups: [prod],
      minRunnerVersion: undefined,
      ...extra,
    });

  it("compares runner versions numerically (the one version order)", () => {
    expect(compareVersions("2.311.0", "2.330.0")).toBeLessThan(0);
    expect(compareVersions("2.330.10", "2.330.9")).toBeGreaterThan(0);
    expect(compareVersions("2.330.0", "2.330.0")).toBe(0);
  });

  it("a group the repository may not use has no usable runner", () => {
    const fleet = view([environment(primary, { kind: "unavailable", exists: true })]);
    expect(fleet.ok).toBe(false);
    expect(fleet.groups[0]).toMatchObject({
      online: false,
      ready: false,
      problems: ["runner group 'prod' is not available to acme/platform (repository access)"],
    });
  });

  it("a group missing in GitHub, and min_idle readiness", () => {
    const missing = view([environment({ ...primary, group: "ghost" }, { kind: "unavailable", exists: false })]);
    expect(missing.groups[0]?.problems).toEqual(["runner group 'ghost' does not exist in acme"]);
    const runners = [runner("p1", 2, ["self-hosted", "production"], { busy: true }), runner("p22", 2, ["self-hosted", "production"])];
    const busy = view([environment(primary, { kind: "organization", group: prod, runners })]);
    expect(busy.groups[0]).toMatchObject({ online: true, ready: false, requirement: "min_idle 2", counts: { online: 2, idle: 1, busy: 1 } });
    expect(busy.groups[0]?.next).toContain("wait for the running jobs");
    expect(busy.ok).toBe(true);
  });

  it("min_online readiness: enough online runners under the busy ceiling, idle ones not required", () => {
    const autoscaled = { ...primary, labels: ["production"], min_idle: 1, min_online: 2, max_busy_percent: 50 };
    const runners = (busy: number) => ["a", "bb", "ccc", "dddd"].map((name, index) => runner(name, 2, ["production"], { busy: index < busy }));
    const half = view([environment(autoscaled, { kind: "organization", group: prod, runners: runners(2) })]);
    expect(half.groups[0]).toMatchObject({ ready: true, requirement: "min_online 2, busy ≤ 50 %", counts: { online: 4, busy: 2 } });
    const three = view([environment(autoscaled, { kind: "organization", group: prod, runners: runners(3) })]);
    expect(three.groups[0]).toMatchObject({ ready: false, counts: { online: 4, busy: 3 } });
  });

  it("outdated runners are listed and flagged, never counted as ready (as route counts them)", () => {
    const runners = [
      runner("old", 2, ["self-hosted", "production"], { version: "2.311.0" }),
      runner("older", 2, ["self-hosted", "production"], { version: "2.300.0" }),
    ];
    const fleet = view([environment({ ...primary, min_idle: 1 }, { kind: "organization", group: prod, runners })], { minRunnerVersion: "2.320.0" });
    expect(fleet.groups[0]).toMatchObject({ ready: false, online: false, counts: { online: 0, outdated: 2 } });
    expect(fleet.groups[0]?.runners.map((r) => [r.name, r.outdated])).toEqual([
      ["old", true],
      ["older", true],
    ]);
  });

  it("a production-labelled repository runner is misplaced when the config routes by group", () => {
    const fleet = view([environment(primary, { kind: "organization", group: prod, runners: [] })], {
      repoRunners: [runner("stray", undefined, ["self-hosted", "production"])],
    });
    expect(fleet.misplaced).toEqual([
      { name: "stray", scope: "repository", group: "(repository)", matches: ["production/primary"], expected_groups: ["prod"] },
    ]);
  });
});
