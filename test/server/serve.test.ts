/**
 * `runwarden serve` from dist against the GitHub emulator and a SQLite store with recorded deploys:
 * /metrics parsed and checked figure by figure, label values enumerated, readiness, shutdown.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAILURE_CLASSES } from "../../src/diagnose/signature-types.js";
import { CATALOGUE, DEPLOY_OUTCOMES, ROUTE_OUTCOMES, RUNNER_STATUSES } from "../../src/metrics/catalogue.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { closedPort } from "../helpers/servers.js";
import { runBinary } from "../helpers/cli.js";
import { parseExposition, sampleValue, type Exposition } from "../metrics/exposition.js";
import { DAY_AGO, githubEnv, HISTORY, seedStore, startEmulator, writeConfig, type Fixture } from "../metrics/fixture.js";
import { get, portClosed, startServe, until, type Served } from "./serve-helpers.js";

let emulator: RunningEmulator;
let fixture: Fixture;
let served: Served;

beforeAll(async () => {
  emulator = await startEmulator();
  fixture = writeConfig();
  await seedStore(fixture);
  served = await startServe(["-c", fixture.configPath, "--refresh", "1s"], githubEnv(emulator), fixture.dir);
  await until(
    () => get(`${served.url}/readyz`),
    (answer) => answer.status === 200,
  );
}, 60_000);

afterAll(async () => {
  if (served.binary.child.exitCode === null) served.binary.child.kill("SIGKILL");
  await emulator.close();
});

async function scrape(): Promise<Exposition> {
  const answer = await get(`${served.url}/metrics`);
  expect(answer.status).toBe(200);
  expect(answer.contentType).toContain("text/plain");
  return parseExposition(answer.text);
}

describe("runwarden serve", () => {
  it("is live and ready once the fleet was read", async () => {
    expect((await get(`${served.url}/healthz`)).status).toBe(200);
    const ready = await get(`${served.url}/readyz`);
    expect(ready).toMatchObject({ status: 200, text: "ready\n" });
  });

  it("exports every metric of the catalogue, with its type and help, and nothing else", async () => {
    const exposition = await scrape();
    for (const spec of CATALOGUE) {
      expect(exposition.types.get(spec.name), spec.name).toBe(spec.type);
      expect(exposition.helps.get(spec.name), spec.name).toBe(spec.help);
    }
    const families = new Set<string>(CATALOGUE.map((spec) => spec.name));
    for (const sample of exposition.samples) expect(families.has(sample.name.replace(/_(bucket|sum|count)$/, ""))).toBe(true);
  });

  it("shows the fleet as route judges it", async () => {
    const exposition = await scrape();
    const primary = { environment: "production", group: "primary" };
    expect(sampleValue(exposition, "runwarden_runner_group_runners", { ...primary, status: "online" })).toBe(2);
    expect(sampleValue(exposition, "runwarden_runner_group_runners", { ...primary, status: "idle" })).toBe(2);
    expect(sampleValue(exposition, "runwarden_runner_group_runners", { ...primary, status: "busy" })).toBe(0);
    expect(sampleValue(exposition, "runwarden_runner_group_runners", { ...primary, status: "offline" })).toBe(0);
    expect(sampleValue(exposition, "runwarden_runner_group_healthy", primary)).toBe(1);
    expect(sampleValue(exposition, "runwarden_runner_group_healthy", { environment: "staging", group: "primary" })).toBe(1);
    expect(sampleValue(exposition, "runwarden_runner_group_offline_busy", primary)).toBe(0);
    expect(sampleValue(exposition, "runwarden_runner_group_wrong_group", primary)).toBe(0);
    expect(sampleValue(exposition, "runwarden_runner_group_outdated", primary)).toBe(0);
    expect(sampleValue(exposition, "runwarden_environment_healthy_groups", { environment: "production" })).toBe(2);
    expect(sampleValue(exposition, "runwarden_environment_healthy_groups", { environment: "staging" })).toBe(1);
    expect(sampleValue(exposition, "runwarden_github_rate_limit_remaining")).toBeGreaterThan(0);
    expect(sampleValue(exposition, "runwarden_fleet_refresh_timestamp_seconds")).toBeGreaterThan(DAY_AGO / 1000);
  });

  it("refreshes the fleet with conditional requests: GitHub answers the unchanged listings 304", async () => {
    const requests = await until(
      async () => emulator.requests.filter((request) => request.path.includes("/runners")),
      (seen) => seen.some((request) => request.notModified),
    );
    expect(requests.some((request) => request.notModified && request.status === 304)).toBe(true);
    const exposition = await scrape();
    expect(sampleValue(exposition, "runwarden_runner_group_healthy", { environment: "production", group: "primary" })).toBe(1);
  });

  it("counts the recorded deploys as runwarden report does", async () => {
    const exposition = await scrape();
    const deploys = (labels: Record<string, string>) => sampleValue(exposition, "runwarden_deploys_total", labels);
    const production = { environment: "production" };
    expect(deploys({ ...production, outcome: "succeeded", failure_class: "none" })).toBe(3);
    expect(deploys({ ...production, outcome: "failed", failure_class: "runner" })).toBe(1);
    expect(deploys({ ...production, outcome: "failed", failure_class: "guard" })).toBe(1);
    expect(deploys({ ...production, outcome: "failed", failure_class: "aborted" })).toBe(1);
    expect(deploys({ ...production, outcome: "cancelled", failure_class: "none" })).toBe(1);
    expect(deploys({ environment: "staging", outcome: "failed", failure_class: "application" })).toBe(1);
    expect(sampleValue(exposition, "runwarden_failovers_total", production)).toBe(1);
    // 7 finished production attempts (the running one is not counted): 200 500 100 700 5 50 3 seconds.
    expect(sampleValue(exposition, "runwarden_deploy_duration_seconds_count", production)).toBe(7);
    expect(sampleValue(exposition, "runwarden_deploy_duration_seconds_bucket", { ...production, le: "600" })).toBe(6);
    expect(sampleValue(exposition, "runwarden_deploy_duration_seconds_bucket", { ...production, le: "60" })).toBe(3);
    expect(sampleValue(exposition, "runwarden_deploy_duration_seconds_sum", production)).toBe(1558);
    // Queue times recorded: 10 40 700 20 seconds.
    expect(sampleValue(exposition, "runwarden_deploy_queue_seconds_count", production)).toBe(4);
    expect(sampleValue(exposition, "runwarden_deploy_queue_seconds_bucket", { ...production, le: "600" })).toBe(3);
    const fourth = DAY_AGO + 4 * 60_000 + 700_000;
    expect(sampleValue(exposition, "runwarden_last_success_timestamp_seconds", production)).toBe(fourth / 1000);
    expect(sampleValue(exposition, "runwarden_last_success_timestamp_seconds", { environment: "staging" })).toBe((DAY_AGO + 9 * 60_000 + 40_000) / 1000);
  });

  it("counts route decisions, gate verdicts and watchdog actions from the audit chain", async () => {
    const exposition = await scrape();
    for (const outcome of ROUTE_OUTCOMES) expect(sampleValue(exposition, "runwarden_route_decisions_total", { environment: "production", outcome })).toBe(1);
    expect(sampleValue(exposition, "runwarden_gate_verdicts_total", { environment: "production", gate: "version live", verdict: "pass" })).toBe(1);
    expect(sampleValue(exposition, "runwarden_gate_verdicts_total", { environment: "production", gate: "error ratio", verdict: "fail" })).toBe(1);
    expect(sampleValue(exposition, "runwarden_watchdog_actions_total", { environment: "production", action: "reroute" })).toBe(1);
  });

  it("never counts a deploy twice, however many scrapes run at once", async () => {
    const all = await Promise.all(Array.from({ length: 8 }, () => scrape()));
    for (const exposition of all) expect(sampleValue(exposition, "runwarden_deploy_duration_seconds_count", { environment: "production" })).toBe(7);
  });

  it("adds a deploy recorded while it runs", async () => {
    await seedStore(fixture, [{ environment: "staging", outcome: "success", seconds: 30 }], []);
    const exposition = await until(
      scrape,
      (e) => sampleValue(e, "runwarden_deploys_total", { environment: "staging", outcome: "succeeded", failure_class: "none" }) === 2,
    );
    expect(sampleValue(exposition, "runwarden_deploys_total", { environment: "staging", outcome: "succeeded", failure_class: "none" })).toBe(2);
    expect(sampleValue(exposition, "runwarden_deploy_duration_seconds_count", { environment: "staging" })).toBe(3);
  });

  it("keeps every label value in a bounded set: no run ids, shas or runner names", async () => {
    const exposition = await scrape();
    const allowed: Record<string, ReadonlySet<string>> = {
      environment: new Set(["production", "staging"]),
      group: new Set(["primary", "secondary"]),
      status: new Set(RUNNER_STATUSES),
      outcome: new Set([...DEPLOY_OUTCOMES, ...ROUTE_OUTCOMES]),
      failure_class: new Set([...FAILURE_CLASSES, "none", "unclassified", "aborted"]),
      gate: new Set(["version live", "error ratio"]),
      verdict: new Set(["pass", "fail", "error"]),
      action: new Set(["reroute", "cancel"]),
      le: new Set(["+Inf", ...CATALOGUE.flatMap((spec) => ("buckets" in spec ? spec.buckets.map(String) : []))]),
    };
    const seen = new Map<string, Set<string>>();
    for (const sample of exposition.samples) {
      for (const [name, value] of Object.entries(sample.labels)) {
        expect(allowed[name]?.has(value), `${sample.name} ${name}="${value}"`).toBe(true);
        seen.set(name, (seen.get(name) ?? new Set()).add(value));
      }
    }
    expect([...(seen.get("environment") ?? [])].sort()).toEqual(["production", "staging"]);
    expect(HISTORY.length).toBeGreaterThan(0);
  });
});

describe("runwarden serve: readiness and shutdown", () => {
  it("is live but not ready while GitHub cannot be read, and serves the store's figures meanwhile", async () => {
    const dead = writeConfig();
    await seedStore(dead);
    const env = { GITHUB_API_URL: `http://127.0.0.1:${await closedPort()}`, GITHUB_TOKEN: "ghp_notarealtokenatall0000000000000000000" };
    const down = await startServe(["-c", dead.configPath], env, dead.dir);
    try {
      expect((await get(`${down.url}/healthz`)).status).toBe(200);
      const ready = await get(`${down.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.text).toContain("not been read from GitHub");
      const exposition = parseExposition((await get(`${down.url}/metrics`)).text);
      expect(sampleValue(exposition, "runwarden_failovers_total", { environment: "production" })).toBe(1);
      expect(exposition.samples.some((sample) => sample.name === "runwarden_runner_group_healthy")).toBe(false);
    } finally {
      down.binary.child.kill("SIGTERM");
      await down.binary.done;
    }
  }, 30_000);

  it("exits 2 when its address is taken", async () => {
    const run = await runBinary(["serve", "--listen", `127.0.0.1:${served.port}`, "-c", fixture.configPath], { env: githubEnv(emulator), cwd: fixture.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot listen on 127.0.0.1:${served.port}: the address is in use`);
  }, 30_000);

  it("exits 0 on SIGTERM and closes its port", async () => {
    served.binary.child.kill("SIGTERM");
    const run = await served.binary.done;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("stopped (SIGTERM)");
    expect(await portClosed(served.port)).toBe(true);
  });

  it("refuses a bad --listen with exit 2", async () => {
    const run = await runBinary(["serve", "--listen", "everywhere", "-c", fixture.configPath]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--listen takes HOST:PORT");
  });
});
