/**
 * The deploy asks GitHub when its job was queued: the `created_at` of the job in progress on this
 * runner in this run attempt — against the emulator's run of examples/scenarios/failover.yml.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GithubClient } from "../../src/github/client.js";
import { jobQueuedAt } from "../../src/pipeline/queued-at.js";
import type { RunFacts } from "../../src/pipeline/types.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { advanceJob, control, exampleScenario, startEmulator, stateJob } from "../sandbox/helpers.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator(exampleScenario("failover.yml"));
});
afterAll(async () => {
  await emulator.close();
});

const facts = (runId: number, runnerName: string | undefined): RunFacts => ({
  sha: "0".repeat(40),
  ref: "refs/heads/main",
  event: "push",
  runnerName,
  runId: String(runId),
  runAttempt: 1,
  actor: "alice",
  serverUrl: "https://github.com",
  repository: "acme/platform",
});

describe("jobQueuedAt", () => {
  it("is the created_at of the deploy job running on this runner; undefined when it cannot be told", async () => {
    const runId = ((await control(emulator, "POST", "/runs", { workflow: "deploy.yml" })).body as { id: number }).id;
    await advanceJob(emulator, (await stateJob(emulator, runId, "route")).id, {
      conclusion: "success",
      outputs: { group: "prod-primary", labels: '["self-hosted","linux","x64","production"]', name: "primary" },
    });
    await advanceJob(emulator, (await stateJob(emulator, runId, "approve")).id, { conclusion: "success" });
    const deploy = await advanceJob(emulator, (await stateJob(emulator, runId, "deploy-primary")).id, { status: "in_progress" });
    const runner = (deploy as { runner_name?: string | null }).runner_name ?? undefined;
    expect(runner).toMatch(/^prod-a-/);

    const github = {
      client: new GithubClient({ apiUrl: emulator.url, auth: { kind: "token", token: emulator.token }, policy: { retries: 0 } }),
      repo: { owner: "acme", repo: "platform" },
    };
    const signal = new AbortController().signal;
    const jobs = (await (
      await fetch(`${emulator.url}/repos/acme/platform/actions/runs/${runId}/attempts/1/jobs`, { headers: { authorization: `Bearer ${emulator.token}` } })
    ).json()) as { jobs: { name: string; created_at: string }[] };
    const created = jobs.jobs.find((job) => job.name === "deploy-primary")?.created_at ?? "";
    expect(await jobQueuedAt(github, facts(runId, runner), signal)).toBe(Date.parse(created));

    expect(await jobQueuedAt(github, facts(runId, "some-other-runner"), signal)).toBeUndefined();
    expect(await jobQueuedAt(github, facts(runId, undefined), signal)).toBeUndefined();
    expect(await jobQueuedAt({ unavailable: "no token" }, facts(runId, runner), signal)).toBeUndefined();
    expect(await jobQueuedAt(github, facts(987654, runner), signal)).toBeUndefined();
  });
});
