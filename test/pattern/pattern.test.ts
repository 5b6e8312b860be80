/**
 * The deploy pattern end to end: the job graph of .github/workflows/runwarden-deploy.yml, called by
 * examples/workflows/deploy.yml, moved through the GitHub emulator the way GitHub moves it (one
 * review, concurrency groups, re-runs), with runwarden doing what each job's step does — route,
 * deploy (guards, lock, supersede, GitHub deployment, preflight, command, gates), classify.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, control } from "../sandbox/helpers.js";
import {
  advance,
  approvals,
  approve,
  C1,
  C2,
  C3,
  deployJob,
  job,
  pending,
  productionDeployments,
  push,
  route,
  startWorld,
  step,
  type PatternWorld,
} from "./world.js";

let world: PatternWorld;

beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

describe("the deploy pattern", () => {
  it("happy path: one approval, then route, then one deploy step whose deployment record turns success only after the gates", async () => {
    const runId = await push(world, C2);
    // Nothing runs before a reviewer approves; route has not even been decided.
    expect(await job(world, runId, "approve")).toMatchObject({ status: "waiting" });
    expect(await job(world, runId, "route")).toMatchObject({ status: "pending" });
    await approve(world, runId);
    expect(await route(world, runId, C2)).toMatchObject({ group: "prod-primary", name: "primary" });

    const deployed = await deployJob(world, runId, "deploy-primary", C2);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.outputs).toMatchObject({ outcome: "success", failover: "false" });
    expect(world.live()).toBe(C2);
    // The approval guard read the run's review history (and passed: the command ran).
    expect(
      world.emulator.requests.some((r) => r.method === "GET" && r.path === `/repos/acme/platform/actions/runs/${runId}/approvals` && r.status === 200),
    ).toBe(true);

    // One record in production, created by the deploying job's step (deployment: false kept GitHub's away).
    const records = await productionDeployments(world);
    expect(records).toEqual([{ id: Number(deployed.outputs["deployment_id"]), sha: C2, statuses: ["success", "in_progress"] }]);
    // The gate saw the new commit while the record was still in_progress.
    expect(world.hits.filter((hit) => hit.sha === C2).map((hit) => hit.statuses)).toEqual([["in_progress"]]);
    expect(await approvals(world, runId)).toMatchObject([{ state: "approved", environments: [{ name: "production-approval" }] }]);
    const jobs = await call(world.emulator, "GET", `/repos/acme/platform/actions/runs/${runId}/jobs`);
    expect((jobs.body as { jobs: { name: string; conclusion: string }[] }).jobs.map((j) => [j.name, j.conclusion])).toEqual([
      ["production / approve", "success"],
      ["production / route", "success"],
      ["production / deploy-primary", "success"],
      ["production / classify", "skipped"],
      ["production / deploy-secondary", "skipped"],
    ]);
  });

  it("the primary runner is lost: classified runner, the secondary deploys — no second approval", async () => {
    const runId = await push(world, C2);
    await approve(world, runId);
    const routed = await route(world, runId, C2);
    const primary = await advance(world, (await job(world, runId, "deploy-primary")).id, { status: "in_progress" });
    expect(primary.runner_group_name).toBe("prod-primary");
    await control(world.emulator, "PATCH", `/runners/${primary.runner_name ?? ""}`, { status: "offline" });
    await advance(world, primary.id, { lost_runner: true });

    // classify: diagnose --classify, then route --exclude the group that failed.
    const classifyJob = await job(world, runId, "classify");
    expect(classifyJob.status).toBe("queued");
    const classified = await step(world, ["diagnose", "--job", "deploy-primary", "--classify"], { runId, sha: C2, runner: "GitHub Actions 2" });
    expect(classified.code, classified.stderr).toBe(0);
    expect(classified.outputs).toMatchObject({ class: "runner", failover: "true" });
    const rerouted = await step(world, ["route", "--environment", "production", "--exclude", routed["name"] ?? ""], {
      runId,
      sha: C2,
      runner: "GitHub Actions 2",
    });
    expect(rerouted.outputs).toMatchObject({ group: "prod-secondary" });
    await advance(world, classifyJob.id, {
      conclusion: "success",
      outputs: { failover: "true", class: "runner", group: rerouted.outputs["group"] ?? "", labels: rerouted.outputs["labels"] ?? "" },
    });

    // The secondary is queued at once: nothing waits for a reviewer.
    expect(await pending(world, runId)).toEqual([]);
    const deployed = await deployJob(world, runId, "deploy-secondary", C2);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.outputs).toMatchObject({ outcome: "success" });
    expect(world.live()).toBe(C2);
    expect(await approvals(world, runId)).toHaveLength(1);
    expect((await productionDeployments(world)).map((d) => [d.sha, d.statuses[0]])).toEqual([[C2, "success"]]);
    expect((await job(world, runId, "deploy-secondary")).runner_group_name).toBe("prod-secondary");
  });

  it("two pushes in quick succession, approved newest first: the newer commit ends live, the older is skipped, never deployed after it", async () => {
    const older = await push(world, C2);
    const newer = await push(world, C3);
    await approve(world, newer);
    await route(world, newer, C3);
    await approve(world, older);
    await route(world, older, C2);
    // One concurrency group per environment: the newer run's deploy holds it, the older one waits.
    expect(await job(world, newer, "deploy-primary")).toMatchObject({ status: "queued" });
    expect(await job(world, older, "deploy-primary")).toMatchObject({ status: "pending" });

    const first = await deployJob(world, newer, "deploy-primary", C3);
    expect(first.outputs).toMatchObject({ outcome: "success" });
    expect(world.live()).toBe(C3);
    // The group's next job runs now; runwarden sees C3 (ahead of C2) live and deploys nothing.
    const second = await deployJob(world, older, "deploy-primary", C2);
    expect(second.code, second.stderr).toBe(0);
    expect(second.outputs).toMatchObject({ outcome: "skipped" });
    expect(second.stdout).toContain(`superseded by ${C3}`);
    expect(world.live()).toBe(C3);
    expect((await productionDeployments(world)).map((d) => [d.sha, d.statuses[0]])).toEqual([[C3, "success"]]);
  });

  it("a watchdog re-run of an old commit while a newer one is live: skipped, and no second approval", async () => {
    const older = await push(world, C2);
    await approve(world, older);
    await route(world, older, C2);
    // The primary group dies after route chose it: the older deploy job stays queued, holding the group.
    await control(world.emulator, "PATCH", "/runners/prod-a-1", { status: "offline" });
    const newer = await push(world, C3);
    await approve(world, newer);
    await route(world, newer, C3);
    expect(await job(world, newer, "deploy-primary")).toMatchObject({ status: "pending" });

    // The watchdog: cancel the stuck run (the group moves on to the newer deploy), re-run its route job.
    const routeJobId = (await job(world, older, "route")).id;
    expect((await call(world.emulator, "POST", `/repos/acme/platform/actions/runs/${older}/cancel`)).status).toBe(202);
    await control(world.emulator, "PATCH", "/runners/prod-a-1", { status: "online" });
    const first = await deployJob(world, newer, "deploy-primary", C3);
    expect(first.outputs).toMatchObject({ outcome: "success" });

    expect((await call(world.emulator, "POST", `/repos/acme/platform/actions/jobs/${routeJobId}/rerun`)).status).toBe(201);
    expect(await job(world, older, "approve")).toMatchObject({ conclusion: "success" });
    expect(await pending(world, older)).toEqual([]);
    await route(world, older, C2);
    const rerun = await deployJob(world, older, "deploy-primary", C2, 2);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.outputs).toMatchObject({ outcome: "skipped" });
    expect(world.live()).toBe(C3);
    expect(await approvals(world, older)).toHaveLength(1);
    expect((await productionDeployments(world)).map((d) => d.sha)).toEqual([C3]);
    expect(C1).not.toBe(C2);
  });
});

describe("the approval guard", () => {
  it("a deploy step of a run nobody approved is refused before the lock, and production is untouched", async () => {
    const runId = await push(world, C2);
    const refused = await step(world, ["deploy", "--environment", "production"], { runId, sha: C2, runner: "prod-a-1", secrets: true });
    expect(refused.code).toBe(1);
    expect(refused.outputs).toMatchObject({ outcome: "refused" });
    expect(refused.stdout).toContain(`run ${runId} has no approval for GitHub environment 'production-approval'`);
    expect(world.live()).toBe(C1);
    expect(await productionDeployments(world)).toEqual([]);
  });
});
