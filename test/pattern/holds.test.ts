/**
 * The GitHub behaviours the pattern rests on, as the emulator models them (src/sandbox/github/holds.ts):
 * environment reviewers hold a job (`waiting`), `deployment: false` creates no deployment object,
 * and a concurrency group keeps one running and one pending job — the newer pending cancels the
 * older with GitHub's annotation — or, with `queue: max`, every pending job in order.
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseScenario } from "../../src/sandbox/github/scenario.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { advanceJob, call, control, startEmulator, stateJob } from "../sandbox/helpers.js";

const scenario = (queue: "single" | "max") => `
org: acme
repository: platform
workflows:
  - file: ship.yml
    name: ship
    jobs:
      - name: ship
        runs_on: [ubuntu-latest]
        environment: { name: production, deployment: false }
        concurrency: { group: deploy-production, queue: ${queue} }
      - { name: record, needs: [ship], runs_on: [ubuntu-latest], environment: staging }
environments:
  - { name: production }
  - { name: staging }
`;

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(text: string): Promise<RunningEmulator> {
  emulator = await startEmulator(parseScenario(text, "holds.yml"));
  return emulator;
}

async function run(e: RunningEmulator): Promise<number> {
  return ((await control(e, "POST", "/runs", { workflow: "ship.yml" })).body as { id: number }).id;
}

async function annotations(e: RunningEmulator, jobId: number): Promise<string[]> {
  return ((await call(e, "GET", `/repos/acme/platform/check-runs/${jobId}/annotations`)).body as { message: string }[]).map((a) => a.message);
}

describe("concurrency groups", () => {
  it("queue single (GitHub's default): one running, one pending; a newer pending job cancels the older one", async () => {
    const e = await start(scenario("single"));
    const [a, b, c] = [await run(e), await run(e), await run(e)];
    expect((await stateJob(e, a, "ship")).status).toBe("queued");
    const older = await stateJob(e, b, "ship");
    expect(older).toMatchObject({ status: "completed", conclusion: "cancelled" });
    expect(await annotations(e, older.id)).toEqual(["Canceling since a higher priority waiting request for 'deploy-production' exists"]);
    expect((await stateJob(e, c, "ship")).status).toBe("pending");
    await advanceJob(e, (await stateJob(e, a, "ship")).id, { conclusion: "success" });
    expect((await stateJob(e, c, "ship")).status).toBe("queued");
  });

  it("queue max: every pending job waits, and they run in the order they came", async () => {
    const e = await start(scenario("max"));
    const runs = [await run(e), await run(e), await run(e)];
    const statuses = async () => Promise.all(runs.map(async (id) => (await stateJob(e, id, "ship")).status));
    expect(await statuses()).toEqual(["queued", "pending", "pending"]);
    await advanceJob(e, (await stateJob(e, runs[0] ?? 0, "ship")).id, { conclusion: "success" });
    expect(await statuses()).toEqual(["completed", "queued", "pending"]);
    await advanceJob(e, (await stateJob(e, runs[1] ?? 0, "ship")).id, { conclusion: "failure" });
    expect(await statuses()).toEqual(["completed", "completed", "queued"]);
  });

  it("cancelling the run of a pending job frees its place; cancelling the holder lets the next one run", async () => {
    const e = await start(scenario("max"));
    const [a, b] = [await run(e), await run(e)];
    expect((await call(e, "POST", `/repos/acme/platform/actions/runs/${a}/cancel`)).status).toBe(202);
    expect(await stateJob(e, a, "ship")).toMatchObject({ conclusion: "cancelled" });
    expect((await stateJob(e, b, "ship")).status).toBe("queued");
  });
});

describe("deployment objects", () => {
  it("deployment: false creates none; a job referencing an environment otherwise gets one, completed with the job", async () => {
    const e = await start(scenario("single"));
    const id = await run(e);
    await advanceJob(e, (await stateJob(e, id, "ship")).id, { conclusion: "success" });
    const record = await stateJob(e, id, "record");
    await advanceJob(e, record.id, { status: "in_progress" });
    await advanceJob(e, record.id, { conclusion: "success" });
    const list = (await call(e, "GET", "/repos/acme/platform/deployments")).body as { id: number; environment: string }[];
    expect(list.map((d) => d.environment)).toEqual(["staging"]);
    const statuses = (await call(e, "GET", `/repos/acme/platform/deployments/${list[0]?.id}/statuses`)).body as { state: string }[];
    expect(statuses.map((s) => s.state)).toEqual(["success", "in_progress", "queued"]);
  });
});

describe("environment reviews", () => {
  it("a rejected review fails the waiting job; prevent self-review keeps the run's author from approving", async () => {
    const e = await start(`
org: acme
repository: platform
workflows:
  - file: ship.yml
    name: ship
    jobs:
      - { name: approve, runs_on: [ubuntu-latest], environment: approval }
      - { name: ship, needs: [approve], runs_on: [ubuntu-latest] }
environments:
  - { name: approval, reviewers: [octocat], prevent_self_review: true }
`);
    const own = ((await control(e, "POST", "/runs", { workflow: "ship.yml", actor: "octocat" })).body as { id: number }).id;
    const waiting = (await call(e, "GET", `/repos/acme/platform/actions/runs/${own}/pending_deployments`)).body as {
      environment: { id: number };
      current_user_can_approve: boolean;
    }[];
    expect(waiting.map((p) => p.current_user_can_approve)).toEqual([false]);
    const self = await call(e, "POST", `/repos/acme/platform/actions/runs/${own}/pending_deployments`, {
      body: { environment_ids: [waiting[0]?.environment.id], state: "approved", comment: "" },
    });
    expect(self.status).toBe(422);
    const other = ((await control(e, "POST", "/runs", { workflow: "ship.yml", actor: "alice" })).body as { id: number }).id;
    const rejected = await call(e, "POST", `/repos/acme/platform/actions/runs/${other}/pending_deployments`, {
      body: { environment_ids: [waiting[0]?.environment.id], state: "rejected", comment: "not now" },
    });
    expect(rejected.status, rejected.text).toBe(200);
    expect(await stateJob(e, other, "approve")).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(await stateJob(e, other, "ship")).toMatchObject({ conclusion: "skipped" });
  });
});
