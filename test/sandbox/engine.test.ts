/** The emulator's state machine through its control API and GitHub's API: what a drill relies on. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { call, control, exampleScenario, startEmulator } from "./helpers.js";

interface Job {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  runner_name: string | null;
  runner_group_name: string | null;
  run_attempt: number;
}

let emulator: RunningEmulator;
const R = "/repos/acme/platform";

beforeEach(async () => {
  emulator = await startEmulator(exampleScenario("two-groups.yml"));
});
afterEach(async () => {
  await emulator.close();
});

async function jobs(runId: number, query = ""): Promise<Job[]> {
  return ((await call(emulator, "GET", `${R}/actions/runs/${runId}/jobs${query}`)).body as { jobs: Job[] }).jobs;
}

async function runner(name: string): Promise<{ status: string; busy: boolean }> {
  const runners = ((await call(emulator, "GET", "/orgs/acme/actions/runners")).body as { runners: { name: string; status: string; busy: boolean }[] }).runners;
  const found = runners.find((r) => r.name === name);
  if (found === undefined) throw new Error(`no runner ${name}`);
  return found;
}

async function startRun(): Promise<number> {
  const started = await control(emulator, "POST", "/runs", { workflow: "deploy.yml" });
  expect(started.status, started.text).toBe(201);
  return (started.body as { id: number }).id;
}

async function advance(jobId: number, body: Record<string, unknown> = {}) {
  return control(emulator, "POST", `/jobs/${jobId}/advance`, body);
}

describe("jobs move like GitHub's", () => {
  it("a queued job takes an online idle runner with its labels and group; finishing frees it and queues the dependents", async () => {
    const runId = await startRun();
    let [route, deploy, verify] = await jobs(runId);
    expect([route?.status, deploy?.status, verify?.status]).toEqual(["queued", "pending", "pending"]);
    expect((await advance(route?.id ?? 0, { conclusion: "success" })).status).toBe(200);
    [route, deploy] = await jobs(runId);
    expect(route).toMatchObject({ status: "completed", conclusion: "success", runner_group_name: "GitHub Actions" });
    expect(deploy?.status).toBe("queued");
    const started = await advance(deploy?.id ?? 0);
    expect(started.body).toMatchObject({ status: "in_progress", runner_name: "prod-a-1", runner_group_name: "prod-primary" });
    expect(await runner("prod-a-1")).toMatchObject({ busy: true });
    await advance(deploy?.id ?? 0, { conclusion: "success" });
    expect(await runner("prod-a-1")).toMatchObject({ busy: false });
    [, , verify] = await jobs(runId);
    expect(verify?.status).toBe("queued");
    const run = (await call(emulator, "GET", `${R}/actions/runs/${runId}`)).body as { status: string };
    expect(run.status).toBe("in_progress");
  });

  it("with every matching runner offline or busy, the job stays queued", async () => {
    const runId = await startRun();
    const [route, deploy] = await jobs(runId);
    await advance(route?.id ?? 0, { conclusion: "success" });
    await control(emulator, "PATCH", "/runners/prod-a-1", { status: "offline" });
    const refused = await advance(deploy?.id ?? 0);
    expect(refused.status).toBe(409);
    expect((refused.body as { message: string }).message).toContain("no online idle runner matches [self-hosted, production] in group prod-primary");
    expect((await jobs(runId))[1]?.status).toBe("queued");
  });

  it("a runner lost mid-job: failure with GitHub's annotation, no log, the runner shown offline but busy", async () => {
    const runId = await startRun();
    const [route, deploy] = await jobs(runId);
    await advance(route?.id ?? 0, { conclusion: "success" });
    await advance(deploy?.id ?? 0);
    await control(emulator, "PATCH", "/runners/prod-a-1", { status: "offline" });
    expect(await runner("prod-a-1")).toEqual(expect.objectContaining({ status: "offline", busy: true }));
    await advance(deploy?.id ?? 0, { lost_runner: true });
    const annotations = (await call(emulator, "GET", `${R}/check-runs/${deploy?.id}/annotations`)).body as { message: string }[];
    expect(annotations[0]?.message).toMatch(/^The self-hosted runner: prod-a-1 lost communication with the server\./);
    expect((await call(emulator, "GET", `${R}/actions/jobs/${deploy?.id}/logs`)).status).toBe(404);
    const [, , verify] = await jobs(runId);
    expect(verify).toMatchObject({ status: "completed", conclusion: "skipped" });
  });

  it("re-running the route job re-runs its dependents; the log URL of a finished job is short-lived and signed", async () => {
    const runId = await startRun();
    const [route, deploy] = await jobs(runId);
    await advance(route?.id ?? 0, { conclusion: "success", outputs: { group: "prod-secondary" } });
    await advance(deploy?.id ?? 0, { conclusion: "failure" });
    expect((await call(emulator, "POST", `${R}/actions/runs/${runId}/cancel`)).status).toBe(409);
    expect((await call(emulator, "POST", `${R}/actions/jobs/${route?.id}/rerun`)).status).toBe(201);
    expect((await call(emulator, "POST", `${R}/actions/jobs/${route?.id}/rerun`)).status).toBe(403);
    const latest = await jobs(runId);
    expect(latest.map((j) => [j.name, j.status, j.run_attempt])).toEqual([
      ["route", "queued", 2],
      ["deploy", "pending", 2],
      ["verify", "pending", 2],
    ]);
    const log = await call(emulator, "GET", `${R}/actions/jobs/${route?.id}/logs`);
    expect(log.status).toBe(302);
    const location = log.headers.get("location") ?? "";
    expect((await fetch(location)).status).toBe(200);
    expect((await fetch(location.replace(/sig=[0-9a-f]+/, "sig=0000"))).status).toBe(403);
  });

  it("re-running only a failed job keeps the other jobs' results and outputs in the new attempt", async () => {
    const runId = await startRun();
    const [route, deploy] = await jobs(runId);
    await advance(route?.id ?? 0, { conclusion: "success", outputs: { group: "prod-secondary" } });
    await advance(deploy?.id ?? 0, { conclusion: "failure" });
    expect((await call(emulator, "POST", `${R}/actions/runs/${runId}/rerun-failed-jobs`)).status).toBe(201);
    const latest = await jobs(runId);
    expect(latest.map((j) => [j.name, j.status, j.conclusion, j.run_attempt])).toEqual([
      ["route", "completed", "success", 2],
      ["deploy", "queued", null, 2],
      ["verify", "pending", null, 2],
    ]);
    const state = (await control(emulator, "GET", "/state")).body as { runs: { id: number; jobs: { name: string; outputs: Record<string, string> }[] }[] };
    expect(state.runs.find((r) => r.id === runId)?.jobs[0]?.outputs).toEqual({ group: "prod-secondary" });
  });
});

describe("the control API", () => {
  it("rejects malformed requests with GitHub-style 422 bodies", async () => {
    expect((await control(emulator, "POST", "/faults", { kind: "status", status: 404 })).status).toBe(422);
    expect((await control(emulator, "PATCH", "/runners/prod-a-1", { status: "sleeping" })).status).toBe(422);
    expect((await control(emulator, "PATCH", "/runners/nope", { status: "offline" })).status).toBe(404);
    expect((await control(emulator, "POST", "/runs", { workflow: "nope.yml" })).status).toBe(422);
  });

  it("issues tokens with chosen permissions and drains the rate limit", async () => {
    const issued = (await control(emulator, "POST", "/tokens", { permissions: { administration: "read" } })).body as { token: string };
    expect((await call(emulator, "GET", `${R}/actions/runners`, { token: issued.token })).status).toBe(200);
    expect((await call(emulator, "GET", `${R}/actions/runs`, { token: issued.token })).status).toBe(403);
    await control(emulator, "PUT", "/rate-limit", { remaining: 0, token: issued.token });
    const limited = await call(emulator, "GET", `${R}/actions/runners`, { token: issued.token });
    expect(limited.status).toBe(403);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect((limited.body as { message: string }).message).toMatch(/^API rate limit exceeded/);
    expect((await call(emulator, "GET", "/rate_limit", { token: issued.token })).status).toBe(200);
  });

  it("records every request, faults included", async () => {
    await control(emulator, "POST", "/faults", { kind: "status", status: 503, times: 1, match: { method: "GET", path: "/actions/runs" } });
    await call(emulator, "GET", `${R}/actions/runners`);
    await call(emulator, "GET", `${R}/actions/runs`);
    await call(emulator, "GET", `${R}/actions/runs`);
    const log = (await control(emulator, "GET", "/requests")).body as { path: string; status: number; fault?: string }[];
    expect(log.map((r) => [r.path, r.status, r.fault ?? null])).toEqual([
      [`${R}/actions/runners`, 200, null],
      [`${R}/actions/runs`, 503, "status"],
      [`${R}/actions/runs`, 200, null],
    ]);
  });
});
