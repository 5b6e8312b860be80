/**
 * The queue watchdog against the emulator: a runner group goes offline between `route` and the deploy
 * job being dispatched; the job sits queued; the watchdog cancels the run and re-runs its route job,
 * and the next route picks the secondary.
 */
import { spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Job, WorkflowRun } from "../../src/github/schemas.js";
import { planWatchdog, queuedSince } from "../../src/route/watchdog-plan.js";
import { openStore } from "../../src/store/index.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { binPath, runBinary, runInProcess } from "../helpers/cli.js";
import { advanceJob, control, exampleScenario, startEmulator, stateJob, stateRun, type StateJob, type StateRun } from "../sandbox/helpers.js";
import { configFile, githubEnv, ROUTE_CONFIG, runStep } from "./helpers.js";

interface RequestRecord {
  method: string;
  path: string;
  status: number;
}
interface WatchdogJson {
  dry_run: boolean;
  workflows: {
    workflow: string;
    watched_runs: number;
    plans: { action: string; run_id: number; attempt: number; route_job_id?: number; reason: string; stuck: { name: string; queued_ms: number }[] }[];
  }[];
  outcomes: { run_id: number; attempt: number; result: string; steps: string[]; new_attempt: number | null }[];
}

const MINUTE = 60_000;
let emulator: RunningEmulator;
let skew = 0;
const config = configFile();

beforeEach(async () => {
  skew = 0;
  emulator = await startEmulator(exampleScenario("failover.yml"), { now: () => Date.now() + skew });
});
afterEach(async () => {
  await emulator.close();
});

const runState = (runId: number): Promise<StateRun> => stateRun(emulator, runId);
const job = (runId: number, name: string): Promise<StateJob> => stateJob(emulator, runId, name);
const advance = (jobId: number, body: Record<string, unknown> = {}): Promise<StateJob> => advanceJob(emulator, jobId, body);

/** The route job's step, then the job finishing with its outputs, then the approval. */
async function routeAndApprove(runId: number): Promise<Record<string, string>> {
  const routed = await runStep(emulator, ["route", "--config", config.path, "--environment", "production"], runId, config.dir);
  expect(routed.code, routed.stderr).toBe(0);
  const outputs = routed.outputs;
  await advance((await job(runId, "route")).id, {
    conclusion: "success",
    outputs: { group: outputs["group"] ?? "", labels: outputs["labels"] ?? "", name: outputs["name"] ?? "" },
  });
  await advance((await job(runId, "approve")).id, { conclusion: "success" });
  return outputs;
}

async function watchdog(args: string[] = []) {
  const run = await runInProcess(["watchdog", "--config", config.path, "--once", "--json", ...args], { env: githubEnv(emulator), cwd: config.dir });
  return { ...run, data: run.stdout.startsWith("{") ? (JSON.parse(run.stdout) as WatchdogJson) : undefined };
}

/** A deploy routed to the primary whose runners then all go offline: deploy-primary sits queued, for 10 minutes. */
async function stuckDeploy(): Promise<number> {
  skew = -10 * MINUTE;
  const runId = ((await control(emulator, "POST", "/runs", { workflow: "deploy.yml" })).body as { id: number }).id;
  const routed = await routeAndApprove(runId);
  expect(routed["group"]).toBe("prod-primary");
  for (const name of ["prod-a-1", "prod-a-2"]) await control(emulator, "PATCH", `/runners/${name}`, { status: "offline" });
  const queued = await job(runId, "deploy-primary");
  expect(queued.status).toBe("queued");
  expect((await control(emulator, "POST", `/jobs/${queued.id}/advance`, { status: "in_progress" })).status).toBe(409);
  skew = 0;
  return runId;
}

describe("runwarden watchdog", () => {
  it("a runner group dies between route and dispatch: cancel, re-run route, the next route takes the secondary", async () => {
    const runId = await stuckDeploy();
    const routeJob = await job(runId, "route");
    await control(emulator, "DELETE", "/requests");

    const { code, data, stderr } = await watchdog();
    expect(code, stderr).toBe(0);
    const plan = data?.workflows[0]?.plans[0];
    expect(plan).toMatchObject({ action: "reroute", run_id: runId, attempt: 1, route_job_id: routeJob.id });
    expect(plan?.stuck[0]?.name).toBe("deploy-primary");
    expect(plan?.stuck[0]?.queued_ms).toBeGreaterThan(5 * MINUTE);
    expect(data?.outcomes).toEqual([expect.objectContaining({ run_id: runId, attempt: 1, result: "rerouted", new_attempt: 2 })]);

    // GitHub's side: one cancel, then the route job's re-run — nothing else written.
    const writes = ((await control(emulator, "GET", "/requests")).body as RequestRecord[])
      .filter((r) => r.method === "POST")
      .map((r) => `${r.path} ${r.status}`);
    expect(writes).toEqual([`/repos/acme/platform/actions/runs/${runId}/cancel 202`, `/repos/acme/platform/actions/jobs/${routeJob.id}/rerun 201`]);
    // The re-route is in the audit chain, after the route decision it undid.
    const shown = await runInProcess(["audit", "show", "--config", config.path, "--json"], { cwd: config.dir, env: {} });
    const entries = (
      JSON.parse(shown.stdout) as { entries: { event: { type: string; target_run_id?: number; chosen?: string; environment?: string } }[] }
    ).entries.map((e) => e.event);
    expect(entries.filter((e) => e.type === "route.decision").at(-1)).toMatchObject({ chosen: "primary" });
    // deploy.yml deploys one environment: the entry names it.
    expect(entries.at(-1)).toMatchObject({ type: "watchdog.reroute", target_run_id: runId, to_group: null, environment: "production" });
    const rerun = await runState(runId);
    expect(rerun).toMatchObject({ run_attempt: 2, status: "queued" });
    expect(rerun.jobs.map((j) => [j.name, j.status])).toEqual([
      ["route", "queued"],
      ["approve", "pending"],
      ["deploy-primary", "pending"],
      ["classify", "pending"],
      ["deploy-secondary", "pending"],
      ["verify", "pending"],
    ]);
    const attempts = (await (
      await fetch(`${emulator.url}/repos/acme/platform/actions/runs/${runId}/attempts/1/jobs`, { headers: { authorization: `Bearer ${emulator.token}` } })
    ).json()) as { jobs: Job[] };
    expect(attempts.jobs.find((j) => j.name === "deploy-primary")).toMatchObject({ status: "completed", conclusion: "cancelled" });

    // The re-run route job decides again: the primary is offline, so the secondary.
    const routed = await routeAndApprove(runId);
    expect(routed).toMatchObject({ group: "prod-secondary", name: "secondary", failover: "true" });
    const deploy = await job(runId, "deploy-primary");
    const running = await advance(deploy.id, { status: "in_progress" });
    expect(running.runner_group_name).toBe("prod-secondary");

    // Looking again: nothing stuck, nothing done twice.
    await control(emulator, "DELETE", "/requests");
    const again = await watchdog();
    expect(again.code).toBe(0);
    expect(again.data?.workflows[0]?.plans).toEqual([]);
    expect(((await control(emulator, "GET", "/requests")).body as RequestRecord[]).filter((r) => r.method === "POST")).toEqual([]);
  });

  it("--dry-run: the plan, no writes, exit 1 (a deploy is still stuck)", async () => {
    const runId = await stuckDeploy();
    await control(emulator, "DELETE", "/requests");
    const { code, data } = await watchdog(["--dry-run"]);
    expect(code).toBe(1);
    expect(data).toMatchObject({ dry_run: true, outcomes: [] });
    expect(data?.workflows[0]?.plans[0]).toMatchObject({ action: "reroute", run_id: runId });
    expect(((await control(emulator, "GET", "/requests")).body as RequestRecord[]).filter((r) => r.method === "POST")).toEqual([]);
    const text = await runInProcess(["watchdog", "--config", config.path, "--once", "--dry-run"], { env: githubEnv(emulator), cwd: config.dir });
    expect(text.stdout).toContain("would re-route (dry run)");
    expect(text.stdout).toMatch(/deploy-primary queued for 10 min \(queue_timeout 5 min\)/);
  });

  it("a job queued for less than queue_timeout is left to the queue", async () => {
    skew = -2 * MINUTE;
    const runId = ((await control(emulator, "POST", "/runs", { workflow: "deploy.yml" })).body as { id: number }).id;
    await routeAndApprove(runId);
    for (const name of ["prod-a-1", "prod-a-2"]) await control(emulator, "PATCH", `/runners/${name}`, { status: "offline" });
    skew = 0;
    const { code, data } = await watchdog();
    expect(code).toBe(0);
    expect(data?.workflows[0]).toMatchObject({ watched_runs: 1, plans: [] });
  });

  it("past max_reroutes the run is reported and left alone (exit 1)", async () => {
    const strict = configFile(ROUTE_CONFIG.replace("watchdog: { queue_timeout: 5m }", "watchdog: { queue_timeout: 5m, max_reroutes: 1 }"));
    const runId = await stuckDeploy();
    expect((await watchdog()).code).toBe(0);
    // The re-routed attempt gets stuck as well (every group down now).
    for (const name of ["prod-b-1", "prod-b-2"]) await control(emulator, "PATCH", `/runners/${name}`, { status: "offline" });
    for (const name of ["prod-a-1", "prod-a-2"]) await control(emulator, "PATCH", `/runners/${name}`, { status: "online" });
    skew = -10 * MINUTE;
    await routeAndApprove(runId);
    for (const name of ["prod-a-1", "prod-a-2"]) await control(emulator, "PATCH", `/runners/${name}`, { status: "offline" });
    skew = 0;
    const run = await runInProcess(["watchdog", "--config", strict.path, "--once", "--json"], { env: githubEnv(emulator), cwd: strict.dir });
    expect(run.code).toBe(1);
    const data = JSON.parse(run.stdout) as WatchdogJson;
    expect(data.workflows[0]?.plans[0]).toMatchObject({ action: "leave", attempt: 2 });
    expect(data.workflows[0]?.plans[0]?.reason).toContain("already re-run 1 time(s) (watchdog.max_reroutes 1): needs a person");
    expect(data.outcomes).toEqual([]);
  });

  it("without --once: looks, re-routes, keeps watching until SIGTERM, then exits cleanly", async () => {
    const runId = await stuckDeploy();
    const child = spawn(process.execPath, [binPath, "watchdog", "--config", config.path], {
      cwd: config.dir,
      env: { PATH: process.env.PATH ?? "", ...githubEnv(emulator) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("GitHub:")) resolve();
      });
      child.on("exit", () => reject(new Error(`exited early: ${out}`)));
    });
    expect(out).toContain(`run ${runId} attempt 1`);
    expect(out).toContain("rerouted");
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect((await runState(runId)).run_attempt).toBe(2);
  });

  it("bad input: no environment names its deploy workflow (exit 2); --help", async () => {
    const bare = configFile(ROUTE_CONFIG.replace("workflow: .github/workflows/deploy.yml", ""));
    const run = await runInProcess(["watchdog", "--config", bare.path, "--once"], { env: githubEnv(emulator), cwd: bare.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("route.workflow");
    const help = await runBinary(["watchdog", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Examples:");
  });
});

/** A deploy routed to the primary that started on prod-a-1 ten minutes ago; prod-a-1 then died (offline, still busy). */
async function orphanedDeploy(): Promise<{ runId: number; routeJobId: number }> {
  skew = -10 * MINUTE;
  const runId = ((await control(emulator, "POST", "/runs", { workflow: "deploy.yml" })).body as { id: number }).id;
  expect((await routeAndApprove(runId))["group"]).toBe("prod-primary");
  const deploy = await advance((await job(runId, "deploy-primary")).id, { status: "in_progress", runner: "prod-a-1" });
  expect(deploy.status).toBe("in_progress");
  await control(emulator, "PATCH", "/runners/prod-a-1", { status: "offline" });
  skew = 0;
  return { runId, routeJobId: (await job(runId, "route")).id };
}

describe("runwarden watchdog: a deploy job in progress on a runner that died", () => {
  it("cancels the run, waits until the environment lock's lease of that run has expired, re-runs the route job", async () => {
    const { runId, routeJobId } = await orphanedDeploy();
    // The dead deploy's lease in the store runwarden.yml names (sqlite:.runwarden/state.db): never renewed again.
    const store = await openStore({ kind: "sqlite", path: ".runwarden/state.db" }, { baseDir: config.dir });
    const acquired = await store.locks.acquire({
      environment: "production",
      owner: { runId: String(runId), attempt: 1, runner: "prod-a-1" },
      ttlMs: 1_500,
      timeoutMs: 0,
    });
    expect(acquired.status).toBe("acquired");
    const expiresAt = acquired.status === "acquired" ? acquired.lease.holder.expiresAt : 0;
    await store.close();
    await control(emulator, "DELETE", "/requests");

    const { code, data, stderr } = await watchdog();
    expect(code, stderr).toBe(0);
    expect(data?.workflows[0]?.plans[0]).toMatchObject({ action: "reroute", run_id: runId, route_job_id: routeJobId });
    expect(data?.workflows[0]?.plans[0]?.stuck[0]).toMatchObject({ name: "deploy-primary", state: "in_progress", runner: "prod-a-1" });
    const outcome = data?.outcomes[0];
    expect(outcome).toMatchObject({ run_id: runId, result: "rerouted", new_attempt: 2 });
    expect(outcome?.steps[0]).toBe(`cancelled run ${runId}`);
    expect(outcome?.steps).toContain(`the environment lock's lease of run ${runId} has expired`);
    expect(outcome?.steps.some((step) => step.startsWith("waiting for the lease of prod-a-1"))).toBe(true);

    // The request log: the plan's reads, one cancel, the route job's re-run — after the lease expired.
    const requests = (await control(emulator, "GET", "/requests")).body as (RequestRecord & { at: number })[];
    expect(requests.some((r) => r.method === "GET" && r.path === "/orgs/acme/actions/runners")).toBe(true);
    const writes = requests.filter((r) => r.method === "POST");
    expect(writes.map((r) => `${r.path} ${r.status}`)).toEqual([
      `/repos/acme/platform/actions/runs/${runId}/cancel 202`,
      `/repos/acme/platform/actions/jobs/${routeJobId}/rerun 201`,
    ]);
    expect(writes[1]?.at ?? 0).toBeGreaterThanOrEqual(expiresAt);
    expect((await runState(runId)).jobs.map((j) => [j.name, j.status])).toContainEqual(["route", "queued"]);
    // Routing is decided again: the primary still has prod-a-2 online and idle, so the deploy goes there.
    expect(await routeAndApprove(runId)).toMatchObject({ group: "prod-primary" });
    const again = await advance((await job(runId, "deploy-primary")).id, { status: "in_progress" });
    expect(again.runner_name).toBe("prod-a-2");
  });

  it("no store reachable: says so and does nothing (exit 1)", async () => {
    const bare = configFile();
    const { runId } = await orphanedDeploy();
    await control(emulator, "DELETE", "/requests");
    const run = await runInProcess(["watchdog", "--config", bare.path, "--once", "--json"], { env: githubEnv(emulator), cwd: bare.dir });
    expect(run.code, run.stderr).toBe(1);
    const data = JSON.parse(run.stdout) as WatchdogJson;
    expect(data.outcomes[0]).toMatchObject({ run_id: runId, result: "failed", steps: [] });
    expect(JSON.stringify(data.outcomes[0])).toContain("no store reachable");
    expect(((await control(emulator, "GET", "/requests")).body as RequestRecord[]).filter((r) => r.method === "POST")).toEqual([]);
    expect((await runState(runId)).jobs.find((j) => j.name === "deploy-primary")?.status).toBe("in_progress");
  });

  it("a runner that is offline but idle (an ephemeral runner after its job) is not a dead one", async () => {
    const { runId } = await orphanedDeploy();
    await control(emulator, "PATCH", "/runners/prod-a-1", { busy: false });
    const { code, data } = await watchdog();
    expect(code).toBe(0);
    expect(data?.workflows[0]?.plans).toEqual([]);
    expect((await runState(runId)).run_attempt).toBe(1);
  });
});

describe("the watchdog's plan (pure)", () => {
  const run = (extra: Partial<WorkflowRun> = {}): WorkflowRun => ({
    id: 1,
    workflow_id: 1,
    run_number: 1,
    run_attempt: 1,
    event: "push",
    status: "in_progress",
    conclusion: null,
    head_branch: "main",
    head_sha: "0".repeat(40),
    path: ".github/workflows/deploy.yml",
    display_title: "deploy",
    html_url: "",
    created_at: "2026-01-01T10:00:00Z",
    updated_at: "2026-01-01T10:00:00Z",
    ...extra,
  });
  const job = (name: string, extra: Partial<Job> = {}): Job => ({
    id: name.length,
    run_id: 1,
    name,
    workflow_name: "deploy",
    head_branch: "main",
    head_sha: "0".repeat(40),
    status: "queued",
    conclusion: null,
    created_at: "2026-01-01T10:00:00Z",
    started_at: "2026-01-01T10:00:00Z",
    completed_at: null,
    labels: ["self-hosted", "production"],
    runner_id: null,
    runner_name: null,
    runner_group_id: null,
    runner_group_name: null,
    html_url: null,
    check_run_url: "",
    ...extra,
  });
  const rules = { queueTimeoutMs: 5 * MINUTE, orphanGraceMs: 5 * MINUTE, routeJob: "route", deployJobs: undefined, maxReroutes: 3 };
  const at = Date.parse("2026-01-01T10:20:00Z");

  it("queue time counts from the last completed job it may have waited for, never earlier", () => {
    const route = job("route", { id: 100, status: "completed", conclusion: "success", labels: ["ubuntu-latest"], completed_at: "2026-01-01T10:17:00Z" });
    const deploy = job("deploy-primary", { id: 101 });
    expect(new Date(queuedSince(deploy, [route, deploy])).toISOString()).toBe("2026-01-01T10:17:00.000Z");
    expect(planWatchdog([{ run: run(), jobs: [route, deploy] }], rules, at).plans).toEqual([]);
    expect(planWatchdog([{ run: run(), jobs: [route, deploy] }], rules, at + 3 * MINUTE).plans[0]).toMatchObject({ action: "reroute", route_job_id: 100 });
  });

  it("only watched jobs; GitHub's 50 attempts; a run without a route job", () => {
    const hosted = job("lint", { labels: ["ubuntu-latest"] });
    expect(planWatchdog([{ run: run(), jobs: [hosted] }], rules, at).plans).toEqual([]);
    const named = { ...rules, deployJobs: ["lint"] };
    expect(planWatchdog([{ run: run(), jobs: [hosted] }], named, at).plans[0]).toMatchObject({ action: "leave" });
    const route = job("route", { id: 100, status: "completed", conclusion: "success", labels: ["ubuntu-latest"], completed_at: "2026-01-01T10:01:00Z" });
    const limits = { ...rules, maxReroutes: 49 };
    expect(planWatchdog([{ run: run({ run_attempt: 50 }), jobs: [route, job("deploy")] }], limits, at).plans[0]?.reason).toContain(
      "GitHub allows no re-run past attempt 50",
    );
    expect(planWatchdog([{ run: run({ run_attempt: 49 }), jobs: [route, job("deploy")] }], limits, at).plans[0]?.action).toBe("reroute");
  });

  it("a deploy job in progress on a runner that is offline but busy, started longer ago than orphan_grace: re-route", () => {
    const route = job("route", { id: 100, status: "completed", conclusion: "success", labels: ["ubuntu-latest"], completed_at: "2026-01-01T10:01:00Z" });
    const deploy = job("deploy-primary", {
      id: 101,
      status: "in_progress",
      started_at: "2026-01-01T10:02:00Z",
      runner_id: 11,
      runner_name: "prod-a-1",
      runner_group_id: 2,
      runner_group_name: "prod-primary",
    });
    const dead = new Map([[11, { name: "prod-a-1", status: "offline" as const, busy: true }]]);
    const plan = planWatchdog([{ run: run(), jobs: [route, deploy] }], rules, at, dead);
    expect(plan.plans[0]).toMatchObject({
      action: "reroute",
      route_job_id: 100,
      stuck: [{ name: "deploy-primary", state: "in_progress", runner: "prod-a-1", waited_ms: 18 * MINUTE }],
    });
    expect(plan.plans[0]?.reason).toContain(
      "which is offline but busy: it died mid-job (orphan_grace 5 min): cancel the run, wait until the environment lock's lease of this run has expired",
    );
    // Alive, idle-offline (an ephemeral runner done with a job), too recent, or runners unreadable: left to run.
    expect(
      planWatchdog([{ run: run(), jobs: [route, deploy] }], rules, at, new Map([[11, { name: "prod-a-1", status: "online" as const, busy: true }]])).plans,
    ).toEqual([]);
    expect(
      planWatchdog([{ run: run(), jobs: [route, deploy] }], rules, at, new Map([[11, { name: "prod-a-1", status: "offline" as const, busy: false }]])).plans,
    ).toEqual([]);
    expect(planWatchdog([{ run: run(), jobs: [route, deploy] }], rules, Date.parse("2026-01-01T10:05:00Z"), dead).plans).toEqual([]);
    const unread = planWatchdog([{ run: run(), jobs: [route, deploy] }], rules, at, undefined);
    expect(unread.plans).toEqual([]);
    expect(unread.notes[0]).toContain("the runners could not be read");
  });
});
