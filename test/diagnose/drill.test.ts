/**
 * A failover drill end to end against the emulator, driving the job graph of
 * examples/workflows/deploy.yml (as examples/scenarios/failover.yml holds it) the way GitHub would,
 * with runwarden doing what the workflow's steps do: route, then classify when the primary fails.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { repoRoot } from "../helpers/cli.js";
import { configFile, runStep, type StepRun } from "../route/helpers.js";
import { advanceJob, control, exampleScenario, startEmulator, stateJob, stateRun, type StateJob, type StateRun } from "../sandbox/helpers.js";

let emulator: RunningEmulator;
const config = configFile();

beforeEach(async () => {
  emulator = await startEmulator(exampleScenario("failover.yml"));
});
afterEach(async () => {
  await emulator.close();
});

const runState = (runId: number): Promise<StateRun> => stateRun(emulator, runId);
const job = (runId: number, name: string): Promise<StateJob> => stateJob(emulator, runId, name);
const advance = (jobId: number, body: Record<string, unknown> = {}): Promise<StateJob> => advanceJob(emulator, jobId, body);

/** Runs runwarden as a step of `job` would: inside Actions, with its own $GITHUB_OUTPUT. */
const step = (argv: string[], runId: number): Promise<StepRun> => runStep(emulator, [...argv, "--config", config.path], runId, config.dir);

/** route → approve → deploy-primary started on the primary; returns the run id. */
async function startDeploy(): Promise<number> {
  const started = await control(emulator, "POST", "/runs", { workflow: "deploy.yml" });
  const runId = (started.body as { id: number }).id;
  const routed = await step(["route", "--environment", "production"], runId);
  expect(routed.code, routed.stderr).toBe(0);
  expect(routed.outputs).toMatchObject({ group: "prod-primary", name: "primary", failover: "false" });
  await advance((await job(runId, "route")).id, {
    conclusion: "success",
    outputs: { group: routed.outputs["group"] ?? "", labels: routed.outputs["labels"] ?? "", name: routed.outputs["name"] ?? "" },
  });
  await advance((await job(runId, "approve")).id, { conclusion: "success" });
  const primary = await job(runId, "deploy-primary");
  expect(primary).toMatchObject({ status: "queued", labels: ["self-hosted", "linux", "x64", "production"] });
  const running = await advance(primary.id, { status: "in_progress" });
  expect(running.runner_group_name).toBe("prod-primary");
  return runId;
}

/** The classify job's steps: diagnose --classify, then (when it says so) route --exclude the failed group. */
async function classifyStep(runId: number): Promise<Record<string, string>> {
  const classifyJob = await job(runId, "classify");
  expect(classifyJob.status).toBe("queued");
  const classified = await step(["diagnose", "--job", "deploy-primary", "--classify"], runId);
  expect(classified.code, classified.stderr).toBe(0);
  const outputs: Record<string, string> = { failover: classified.outputs["failover"] ?? "", class: classified.outputs["class"] ?? "" };
  if (outputs["failover"] === "true") {
    const name = (await job(runId, "route")).outputs["name"] ?? "";
    const rerouted = await step(["route", "--environment", "production", "--exclude", name], runId);
    expect(rerouted.code, rerouted.stderr).toBe(0);
    outputs["group"] = rerouted.outputs["group"] ?? "";
    outputs["labels"] = rerouted.outputs["labels"] ?? "";
  }
  await advance(classifyJob.id, { conclusion: "success", outputs });
  return outputs;
}

describe("failover drill", () => {
  it("the primary dies mid-deploy (runner lost): classified runner, the secondary takes the deploy, verify runs", async () => {
    const runId = await startDeploy();
    const primary = await job(runId, "deploy-primary");
    // The runner host dies: GitHub notices the lost lease, fails the job with its annotation, keeps no log.
    await control(emulator, "PATCH", `/runners/${primary.runner_name ?? ""}`, { status: "offline" });
    await advance(primary.id, { lost_runner: true });
    expect(await job(runId, "deploy-primary")).toMatchObject({ status: "completed", conclusion: "failure" });

    const outputs = await classifyStep(runId);
    expect(outputs).toMatchObject({ class: "runner", failover: "true", group: "prod-secondary" });

    const secondary = await job(runId, "deploy-secondary");
    expect(secondary).toMatchObject({ status: "queued", labels: ["self-hosted", "linux", "x64", "production"] });
    const onSecondary = await advance(secondary.id, { status: "in_progress" });
    expect(onSecondary.runner_group_name).toBe("prod-secondary");
    await advance(secondary.id, { conclusion: "success" });
    const verify = await job(runId, "verify");
    expect(verify.status).toBe("queued");
    await advance(verify.id, { conclusion: "success" });
    const run = await runState(runId);
    // The run stays red (the primary's failure is real); production got the deploy through the secondary.
    expect(run.jobs.map((j) => [j.name, j.conclusion])).toEqual([
      ["route", "success"],
      ["approve", "success"],
      ["deploy-primary", "failure"],
      ["classify", "success"],
      ["deploy-secondary", "success"],
      ["verify", "success"],
    ]);
  });

  it("an application failure (a failed Ansible task): no failover — the secondary and verify are skipped", async () => {
    const runId = await startDeploy();
    const primary = await job(runId, "deploy-primary");
    await advance(primary.id, {
      conclusion: "failure",
      annotations: [
        { message: 'fatal: [web-1]: FAILED! => {"changed": false, "msg": "Unable to start service app: Job for app.service failed"}' },
        { message: "Process completed with exit code 2." },
      ],
    });
    const outputs = await classifyStep(runId);
    expect(outputs).toEqual({ class: "application", failover: "false" });
    const run = await runState(runId);
    expect(run.status).toBe("completed");
    expect(run.jobs.map((j) => [j.name, j.conclusion])).toEqual([
      ["route", "success"],
      ["approve", "success"],
      ["deploy-primary", "failure"],
      ["classify", "success"],
      ["deploy-secondary", "skipped"],
      ["verify", "skipped"],
    ]);
  });

  it("a runner lost while an Ansible task had already failed: the application failure vetoes the failover", async () => {
    const runId = await startDeploy();
    const primary = await job(runId, "deploy-primary");
    await advance(primary.id, { annotations: [{ message: 'fatal: [db-1]: FAILED! => {"msg": "migration failed"}' }], lost_runner: true });
    const classified = await step(["diagnose", "--job", "deploy-primary", "--classify", "--json"], runId);
    // Inside Actions the annotation follows the JSON on stdout.
    const data = JSON.parse(classified.stdout.split("\n::")[0] ?? "") as { class: string; failover: boolean; matched: { id: string }[]; summary: string };
    expect(data).toMatchObject({ class: "application", failover: false });
    expect(data.matched.map((m) => m.id)).toEqual(expect.arrayContaining(["runner-lost-communication", "ansible-task-failed"]));
    expect(data.summary).toContain("a runner signature matched too");
  });

  it("an application failure on an ephemeral runner that goes offline right after: no failover", async () => {
    const runId = await startDeploy();
    const primary = await job(runId, "deploy-primary");
    // The deploy step exited 1 by itself (runwarden deploy: an Ansible task failed), with its log…
    const log = readFileSync(join(repoRoot, "test/fixtures/diagnose/ansible-task-failed/job.log"), "utf8");
    await advance(primary.id, { conclusion: "failure", annotations: [{ message: "Process completed with exit code 1." }], log });
    // …then the ephemeral runner unregisters itself, as it does after every job: offline, not busy.
    await control(emulator, "PATCH", `/runners/${primary.runner_name ?? ""}`, { status: "offline", busy: false });
    const classified = await step(["diagnose", "--job", "deploy-primary", "--classify", "--json"], runId);
    const data = JSON.parse(classified.stdout.split("\n::")[0] ?? "") as {
      class: string;
      failover: boolean;
      signature: { id: string };
      matched: { id: string }[];
    };
    expect(data).toMatchObject({ class: "application", failover: false, signature: { id: "ansible-task-failed" } });
    expect(data.matched.map((m) => m.id)).toEqual(["ansible-task-failed", "step-failed", "runner-offline-after-failure"]);
    const outputs = await classifyStep(runId);
    expect(outputs).toEqual({ class: "application", failover: "false" });
    expect((await runState(runId)).jobs.find((j) => j.name === "deploy-secondary")?.conclusion).toBe("skipped");
  });

  it("a step that exited non-zero on an ephemeral runner, no other evidence: no failover", async () => {
    const runId = await startDeploy();
    const primary = await job(runId, "deploy-primary");
    await advance(primary.id, { conclusion: "failure", annotations: [{ message: "Process completed with exit code 2." }] });
    await control(emulator, "PATCH", `/runners/${primary.runner_name ?? ""}`, { status: "offline", busy: false });
    expect(await classifyStep(runId)).toEqual({ class: "application", failover: "false" });
  });

  it("the primary succeeds: no classify, no secondary, verify runs", async () => {
    const runId = await startDeploy();
    await advance((await job(runId, "deploy-primary")).id, { conclusion: "success" });
    const run = await runState(runId);
    expect(run.jobs.map((j) => [j.name, j.status, j.conclusion])).toEqual([
      ["route", "completed", "success"],
      ["approve", "completed", "success"],
      ["deploy-primary", "completed", "success"],
      ["classify", "completed", "skipped"],
      ["deploy-secondary", "completed", "skipped"],
      ["verify", "queued", null],
    ]);
  });
});
