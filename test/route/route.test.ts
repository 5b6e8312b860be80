/** `runwarden route` against the GitHub API emulator: one scenario per way a runner group can fail. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { runBinary, runInProcess } from "../helpers/cli.js";
import { control, exampleScenario, startEmulator } from "../sandbox/helpers.js";
import { configFile, githubEnv, ROUTE_CONFIG, type RouteJson } from "./helpers.js";

let emulator: RunningEmulator;
const config = configFile();

beforeAll(async () => {
  emulator = await startEmulator(exampleScenario("failover.yml"));
});
afterAll(async () => {
  await emulator.close();
});

const RUNNERS = ["prod-a-1", "prod-a-2", "prod-b-1", "prod-b-2"];
beforeEach(async () => {
  for (const name of RUNNERS) {
    await control(emulator, "PATCH", `/runners/${name}`, {
      status: "online",
      busy: false,
      version: "2.330.0",
      group: name.startsWith("prod-a") ? "prod-primary" : "prod-secondary",
    });
  }
});
afterEach(async () => {
  await control(emulator, "DELETE", "/faults");
});

async function route(args: string[] = [], options: { env?: Record<string, string>; config?: { dir: string; path: string } } = {}) {
  const cfg = options.config ?? config;
  const run = await runInProcess(["route", "--config", cfg.path, "--environment", "production", "--json", ...args], {
    env: options.env ?? githubEnv(emulator),
    cwd: cfg.dir,
  });
  const data = run.stdout.trim().startsWith("{") ? (JSON.parse(run.stdout) as RouteJson & { error?: { code: string; message: string } }) : undefined;
  return { ...run, data };
}

function group(data: RouteJson | undefined, name: string) {
  const found = data?.groups.find((g) => g.name === name);
  expect(found, `group ${name}`).toBeDefined();
  return found;
}

describe("runwarden route: scenarios", () => {
  it("primary healthy: the primary, no failover, and the requests it took", async () => {
    const { code, data, stderr } = await route();
    expect(code, stderr).toBe(0);
    expect(data).toMatchObject({
      environment: "production",
      group: "primary",
      github_group: "prod-primary",
      failover: false,
      drill: false,
      labels: ["self-hosted", "linux", "x64", "production"],
    });
    expect(group(data, "primary")).toMatchObject({ healthy: true, online: 2, idle: 2, busy: 0, offline: 0 });
    expect(group(data, "secondary")).toMatchObject({ healthy: true, eligible: true, online: 2, idle: 2 });
    // One listing of the groups the repository may use, one runner listing per group.
    expect(data?.github.calls.map((c) => `${c.method} ${c.path}`).sort()).toEqual([
      "GET /orgs/acme/actions/runner-groups",
      "GET /orgs/acme/actions/runner-groups/2/runners",
      "GET /orgs/acme/actions/runner-groups/3/runners",
    ]);
    expect(data?.workflow).toBe("acme/platform/.github/workflows/deploy.yml@refs/heads/main");
  });

  it("primary offline: fails over to the approved secondary, saying why", async () => {
    for (const name of ["prod-a-1", "prod-a-2"]) await control(emulator, "PATCH", `/runners/${name}`, { status: "offline" });
    const { code, data } = await route();
    expect(code).toBe(0);
    expect(data).toMatchObject({ group: "secondary", github_group: "prod-secondary", failover: true });
    expect(group(data, "primary")).toMatchObject({ healthy: false, online: 0, offline: 2 });
    expect(group(data, "primary")?.reasons[0]).toBe("all 2 runners in 'prod-primary' with [self-hosted, linux, x64, production] are offline");
    expect(data?.reasons).toEqual([
      "primary: all 2 runners in 'prod-primary' with [self-hosted, linux, x64, production] are offline",
      "secondary: healthy (2 idle, 0 busy, 0 offline) and approved for failover",
    ]);
  });

  it("primary all busy: below min_idle, so the secondary", async () => {
    for (const name of ["prod-a-1", "prod-a-2"]) await control(emulator, "PATCH", `/runners/${name}`, { busy: true });
    const { code, data } = await route();
    expect(code).toBe(0);
    expect(data?.group).toBe("secondary");
    expect(group(data, "primary")).toMatchObject({ healthy: false, online: 2, idle: 0, busy: 2 });
    expect(group(data, "primary")?.reasons[0]).toBe("all 2 online runners busy, min_idle is 1");
  });

  it("primary runners in the wrong GitHub group (re-registered into Default): not counted", async () => {
    for (const name of ["prod-a-1", "prod-a-2"]) await control(emulator, "PATCH", `/runners/${name}`, { group: "Default" });
    const { code, data } = await route();
    expect(code).toBe(0);
    expect(data?.group).toBe("secondary");
    const primary = group(data, "primary");
    expect(primary).toMatchObject({ healthy: false, online: 0 });
    expect(primary?.reasons[0]).toBe("no runner in 'prod-primary' carries all of [self-hosted, linux, x64, production]");
    expect(primary?.next).toContain("runners registered without --runnergroup land in 'Default'");
  });

  it("primary runner version too old: outdated runners do not count", async () => {
    for (const name of ["prod-a-1", "prod-a-2"]) await control(emulator, "PATCH", `/runners/${name}`, { version: "2.311.0" });
    const { code, data } = await route();
    expect(code).toBe(0);
    expect(data?.group).toBe("secondary");
    const primary = group(data, "primary");
    expect(primary).toMatchObject({ healthy: false, online: 0, outdated: 2 });
    expect(primary?.reasons).toContain("prod-a-1 runs 2.311.0, older than github.min_runner_version 2.320.0: not counted");
  });

  it("secondary not approved for failover: refused, exit 1 with the reason", async () => {
    const unapproved = configFile(ROUTE_CONFIG.replace("approved_for_failover: true", "approved_for_failover: false"));
    for (const name of ["prod-a-1", "prod-a-2"]) await control(emulator, "PATCH", `/runners/${name}`, { status: "offline" });
    const { code, data } = await route([], { config: unapproved });
    expect(code).toBe(1);
    expect(data?.group).toBeNull();
    expect(group(data, "secondary")).toMatchObject({ healthy: true, eligible: false });
    expect(group(data, "secondary")?.reasons).toContain("not approved for failover (approved_for_failover: true in runwarden.yml)");
  });

  it("secondary group not restricted to the repository (visibility all): refused", async () => {
    const open = await startEmulator({
      ...exampleScenario("failover.yml"),
      runner_groups: exampleScenario("failover.yml").runner_groups.map((g) => (g.name === "prod-secondary" ? { ...g, visibility: "all" as const } : g)),
    });
    try {
      for (const name of ["prod-a-1", "prod-a-2"]) await control(open, "PATCH", `/runners/${name}`, { status: "offline" });
      const { code, data } = await route([], { env: githubEnv(open) });
      expect(code).toBe(1);
      expect(group(data, "secondary")?.reasons).toContain(
        "'prod-secondary' is open to every repository of acme (visibility: all): restrict it to selected repositories (acme/platform) before it takes production failovers",
      );
    } finally {
      await open.close();
    }
  });

  it("a secondary restricted to other workflows is not usable by this one", async () => {
    for (const name of ["prod-a-1", "prod-a-2"]) await control(emulator, "PATCH", `/runners/${name}`, { status: "offline" });
    const other = { ...githubEnv(emulator), GITHUB_WORKFLOW_REF: "acme/platform/.github/workflows/deploy.yml@refs/heads/feature" };
    const { code, data } = await route([], { env: other });
    expect(code).toBe(1);
    expect(group(data, "secondary")?.reasons[0]).toBe(
      "'prod-secondary' is restricted to selected workflows and acme/platform/.github/workflows/deploy.yml@refs/heads/feature is not one of them",
    );
  });

  it("both down: exit 1 at once — no retries, no waits — with every group's reasons and what to check next", { timeout: 5_000 }, async () => {
    for (const name of RUNNERS) await control(emulator, "PATCH", `/runners/${name}`, { status: "offline" });
    const { code, data } = await route();
    expect(code).toBe(1);
    expect(data?.github).toMatchObject({ retries: 0, waited_ms: 0, requests: 3 });
    expect(data?.reasons[0]).toBe("no healthy runner group");
    expect(data?.next).toEqual([
      "primary: check the runner service on the hosts of runner group 'prod-primary' (systemctl status 'actions.runner.*'; _diag/Runner_*.log)",
      "secondary: check the runner service on the hosts of runner group 'prod-secondary' (systemctl status 'actions.runner.*'; _diag/Runner_*.log)",
    ]);
    const text = await runInProcess(["route", "--config", config.path, "-e", "production"], { env: githubEnv(emulator), cwd: config.dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("✗ route production: no healthy runner group");
    expect(text.stdout).toContain("next:");
  });

  it("API 5xx then recovery: retried, then decided", async () => {
    await control(emulator, "POST", "/faults", { kind: "status", status: 502, times: 1, match: { path: "/runner-groups/2/runners" } });
    const { code, data } = await route();
    expect(code).toBe(0);
    expect(data?.group).toBe("primary");
    expect(data?.github.retries).toBe(1);
    expect(data?.github.calls.filter((c) => c.status === 502)).toHaveLength(1);
  });

  it("GitHub failing for good: exit 3 (on_api_error: fail), or the primary unchecked (on_api_error: primary)", async () => {
    await control(emulator, "POST", "/faults", { kind: "status", status: 503, match: { path: "/runner-groups" } });
    const failing = await route();
    expect(failing.code).toBe(3);
    expect(failing.stderr).toContain("GitHub: GET /orgs/acme/actions/runner-groups answered 503 (Service Unavailable) after 2 attempts");
    const lenient = configFile(ROUTE_CONFIG.replace("allow_force_group: true", "allow_force_group: true\n      on_api_error: primary"));
    const { code, data } = await route([], { config: lenient });
    expect(code).toBe(0);
    expect(data).toMatchObject({ group: "primary", github_group: "prod-primary", unchecked: true, failover: false });
    expect(data?.reasons[0]).toMatch(
      /^GitHub could not be asked \(GitHub: GET \/orgs\/acme\/actions\/runner-groups answered 503.*\): routed to primary unchecked/,
    );
  });

  it("rate limited with a reset a moment away: waits for the reset, then decides", async () => {
    await control(emulator, "POST", "/faults", { kind: "primary_rate_limit", reset_in_s: 1, times: 1, match: { path: "/runner-groups" } });
    const { code, data } = await route();
    expect(code).toBe(0);
    expect(data?.group).toBe("primary");
    expect(data?.github.waited_ms).toBeGreaterThan(0);
    expect(data?.github.calls.filter((c) => c.status === 403)).toHaveLength(1);
  });

  it("rate limited until much later: exit 3 naming the reset, without waiting for it", async () => {
    await control(emulator, "POST", "/faults", { kind: "primary_rate_limit", reset_in_s: 3600, times: 1, match: { path: "/runner-groups" } });
    const { code, stderr } = await route();
    expect(code).toBe(3);
    expect(stderr).toMatch(/API rate limit exhausted until \d{4}-\d\d-\d\dT/);
  });
});

describe("runwarden route: drills, exclusions, Actions", () => {
  it("--force-group: a drill to the secondary while the primary is healthy, marked as such", async () => {
    const { code, data } = await route(["--force-group", "secondary"]);
    expect(code).toBe(0);
    expect(data).toMatchObject({ group: "secondary", failover: true, drill: true });
    expect(data?.reasons[0]).toBe("drill: --force-group secondary (route.allow_force_group)");
  });

  it("--force-group needs the environment to allow drills (exit 2, before asking GitHub)", async () => {
    const strict = configFile(ROUTE_CONFIG.replace("allow_force_group: true", "allow_force_group: false"));
    await control(emulator, "DELETE", "/requests");
    const { code, data } = await route(["--force-group", "secondary"], { config: strict });
    expect(code).toBe(2);
    expect(data?.error).toMatchObject({ code: "RW_DRILL_NOT_ALLOWED" });
    expect(((await control(emulator, "GET", "/requests")).body as unknown[]).length).toBe(0);
    const unknown = await route(["--force-group", "tertiary"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("choose one of: primary, secondary");
  });

  it("a drill to an unhealthy group fails (exit 1) rather than queueing", async () => {
    for (const name of ["prod-b-1", "prod-b-2"]) await control(emulator, "PATCH", `/runners/${name}`, { status: "offline" });
    const { code, data } = await route(["--force-group", "secondary"]);
    expect(code).toBe(1);
    expect(data).toMatchObject({ group: null, drill: true });
  });

  it("--exclude primary: what the failover job asks after the primary's deploy failed", async () => {
    const { code, data } = await route(["--exclude", "primary"]);
    expect(code).toBe(0);
    expect(data).toMatchObject({ group: "secondary", failover: true });
    expect(data?.reasons[0]).toBe("primary: excluded (--exclude)");
  });

  it("inside Actions: outputs for runs-on, a step summary, a warning on failover", async () => {
    for (const name of ["prod-a-1", "prod-a-2"]) await control(emulator, "PATCH", `/runners/${name}`, { status: "offline" });
    const out = configFile("");
    const env = { ...githubEnv(emulator), GITHUB_ACTIONS: "true", GITHUB_OUTPUT: join(out.dir, "output"), GITHUB_STEP_SUMMARY: join(out.dir, "summary.md") };
    const run = await runInProcess(["route", "--config", config.path, "-e", "production"], { env, cwd: config.dir });
    expect(run.code).toBe(0);
    const outputs = readFileSync(env.GITHUB_OUTPUT, "utf8");
    const value = (name: string) => new RegExp(`^${name}<<(ghadelimiter_\\S+)\\n(.*)\\n\\1$`, "m").exec(outputs)?.[2];
    expect(value("group")).toBe("prod-secondary");
    expect(JSON.parse(value("labels") ?? "null")).toEqual(["self-hosted", "linux", "x64", "production"]);
    expect(JSON.parse(value("runs_on") ?? "null")).toEqual({ group: "prod-secondary", labels: ["self-hosted", "linux", "x64", "production"] });
    expect(value("failover")).toBe("true");
    expect(value("name")).toBe("secondary");
    expect(run.stdout).toMatch(/^::warning title=runwarden route::production: failing over to secondary/m);
    const summary = readFileSync(env.GITHUB_STEP_SUMMARY, "utf8");
    expect(summary).toContain("### runwarden route: production → `prod-secondary` ⚠️ failover");
    expect(summary).toContain("| primary | prod-primary | no | primary | 0 | 0 | 0 | 2 |");
  });

  it("the bundled executable: --help teaches, and a real run", async () => {
    const help = await runBinary(["route", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Examples:");
    expect(help.stdout).toContain("fromJSON(needs.route.outputs.labels)");
    const run = await runBinary(["route", "--config", config.path, "-e", "production", "--json"], { env: githubEnv(emulator), cwd: config.dir });
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as RouteJson).group).toBe("primary");
  });

  it("bad input: unknown environment, missing --environment (exit 2)", async () => {
    const unknown = await runInProcess(["route", "--config", config.path, "-e", "prod"], { env: githubEnv(emulator), cwd: config.dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no environment 'prod'");
    const missing = await runInProcess(["route", "--config", config.path], { env: githubEnv(emulator), cwd: config.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--environment");
  });
});
