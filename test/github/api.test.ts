/** The typed helpers against the emulator: what runwarden reads and writes, validated at the boundary. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectGithub } from "../../src/github/connect.js";
import { createDeployment, createDeploymentStatus, listDeployments, listDeploymentStatuses } from "../../src/github/api/deployments.js";
import { getBranchProtection, getBranchRules, getEnvironment, getRateLimit } from "../../src/github/api/repository.js";
import { cancelRun, dispatchWorkflow, rerunFailedJobs, rerunJob } from "../../src/github/api/run-control.js";
import { getRunnerGroup, listGroupRepositories, listRunnerGroups, listRunners } from "../../src/github/api/runners.js";
import { getJob, getJobLog, getRun, listAnnotations, listJobs, listRuns, listWorkflows } from "../../src/github/api/runs.js";
import { resolveGithubSettings } from "../../src/github/settings.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { appKeys, control, fixtureScenario, startEmulator, withApp } from "../sandbox/helpers.js";
import { REPO, testClient } from "./helpers.js";

let emulator: RunningEmulator;
const keys = appKeys();

beforeAll(async () => {
  emulator = await startEmulator(withApp(fixtureScenario("fidelity.yml"), keys));
});
afterAll(async () => {
  await emulator.close();
});

describe("runners and groups", () => {
  it("lists repository, organization and group runners with their labels, versions and groups", async () => {
    const { client } = testClient(emulator);
    const groups = await listRunnerGroups(client, "acme");
    expect(groups.map((g) => [g.name, g.visibility, g.default])).toEqual([
      ["Default", "all", true],
      ["prod-primary", "selected", false],
      ["prod-secondary", "all", false],
    ]);
    const primary = groups.find((g) => g.name === "prod-primary");
    const secondary = await getRunnerGroup(client, "acme", groups[2]?.id ?? 0);
    expect(secondary.restricted_to_workflows).toBe(true);
    expect(secondary.selected_workflows).toEqual(["acme/platform/.github/workflows/deploy.yml@refs/heads/main"]);
    expect((await listGroupRepositories(client, "acme", primary?.id ?? 0)).map((r) => r.full_name)).toEqual(["acme/platform", "acme/billing"]);
    const inGroup = await listRunners(client, { kind: "group", org: "acme", groupId: primary?.id ?? 0 });
    expect(inGroup.map((r) => r.name)).toEqual(["prod-a-1"]);
    const org = await listRunners(client, { kind: "org", org: "acme" });
    const dead = org.find((r) => r.name === "prod-b-1");
    expect(dead).toMatchObject({ status: "offline", busy: true, version: "2.311.0", runner_group_id: groups[2]?.id });
    expect(dead?.labels.map((l) => [l.name, l.type])).toContainEqual(["production", "custom"]);
  });
});

describe("runs, jobs, annotations, logs", () => {
  it("reads the latest attempt of a run's jobs, their annotations and logs (following the redirect)", async () => {
    const { client } = testClient(emulator);
    expect((await listWorkflows(client, REPO)).map((w) => w.path)).toEqual([".github/workflows/deploy.yml"]);
    const failed = await listRuns(client, REPO, { status: "failure" });
    expect(failed).toHaveLength(1);
    const run = await getRun(client, REPO, failed[0]?.id ?? 0);
    expect(run).toMatchObject({ status: "completed", conclusion: "failure", head_branch: "main", event: "push" });
    const jobs = await listJobs(client, REPO, run.id);
    expect(jobs.map((j) => [j.name, j.status, j.conclusion, j.runner_name])).toEqual([
      ["route", "completed", "success", "GitHub Actions 2"],
      ["deploy", "completed", "failure", "prod-b-1"],
      ["verify", "completed", "skipped", null],
    ]);
    const deploy = jobs[1];
    expect(deploy?.runner_group_name).toBe("prod-secondary");
    expect((await getJob(client, REPO, deploy?.id ?? 0)).labels).toEqual(["self-hosted", "production"]);
    const annotations = await listAnnotations(client, REPO, deploy?.id ?? 0);
    expect(annotations[0]).toMatchObject({ annotation_level: "failure", title: "Runner lost" });
    expect(await getJobLog(client, REPO, deploy?.id ?? 0)).toBeNull();
    const queued = (await listRuns(client, REPO, { branch: "feature/login" }))[0];
    const route = (await listJobs(client, REPO, queued?.id ?? 0)).find((j) => j.name === "route");
    expect(await getJobLog(client, REPO, route?.id ?? 0)).toBe("hello from route\n");
  });
});

describe("writes change state the way GitHub does", () => {
  it("cancel, then re-run the route job: its dependents run again, a fresh attempt", async () => {
    const { client } = testClient(emulator);
    const run = (await listRuns(client, REPO, { branch: "feature/login" }))[0];
    const runId = run?.id ?? 0;
    const before = await listJobs(client, REPO, runId);
    expect(before.map((j) => j.status)).toEqual(["completed", "queued", "pending"]);
    await cancelRun(client, REPO, runId);
    const cancelled = await getRun(client, REPO, runId);
    expect(cancelled).toMatchObject({ status: "completed", conclusion: "cancelled" });
    await rerunJob(client, REPO, before[0]?.id ?? 0);
    const after = await listJobs(client, REPO, runId);
    expect(after.map((j) => [j.name, j.status, j.run_attempt])).toEqual([
      ["route", "queued", 2],
      ["deploy", "pending", 2],
      ["verify", "pending", 2],
    ]);
    expect(after[0]?.id).not.toBe(before[0]?.id);
    expect((await listJobs(client, REPO, runId, { filter: "all" })).length).toBe(6);
    expect((await listJobs(client, REPO, runId, { attempt: 1 })).map((j) => j.conclusion)).toEqual(["success", "cancelled", "skipped"]);
  });

  it("re-running failed jobs carries the successful ones over with their outputs", async () => {
    const { client } = testClient(emulator);
    const run = (await listRuns(client, REPO, { status: "failure" }))[0];
    await rerunFailedJobs(client, REPO, run?.id ?? 0);
    const jobs = await listJobs(client, REPO, run?.id ?? 0);
    expect(jobs.map((j) => [j.name, j.status, j.conclusion, j.run_attempt])).toEqual([
      ["route", "completed", "success", 2],
      ["deploy", "queued", null, 2],
      ["verify", "pending", null, 2],
    ]);
    const state = (await control(emulator, "GET", "/state")).body as { runs: { id: number; jobs: { name: string; outputs: Record<string, string> }[] }[] };
    expect(state.runs.find((r) => r.id === run?.id)?.jobs[0]?.outputs).toEqual({ group: "prod-primary" });
  });

  it("dispatch starts a workflow_dispatch run and reports its id", async () => {
    const { client } = testClient(emulator);
    const { runId } = await dispatchWorkflow(client, REPO, "deploy.yml", "main", { version: "1.2.3" });
    const run = await getRun(client, REPO, runId ?? 0);
    expect(run).toMatchObject({ event: "workflow_dispatch", status: "queued", head_branch: "main" });
  });

  it("deployments and statuses; a newer success makes the previous one inactive", async () => {
    const { client } = testClient(emulator);
    const first = await createDeployment(client, REPO, { ref: "main", environment: "staging", payload: { version: "1" } });
    await createDeploymentStatus(client, REPO, first.id, { state: "success", description: "x".repeat(200) });
    const second = await createDeployment(client, REPO, { ref: "main", environment: "staging" });
    await createDeploymentStatus(client, REPO, second.id, { state: "success", log_url: "http://127.0.0.1/run/1" });
    const statuses = await listDeploymentStatuses(client, REPO, first.id);
    expect(statuses.map((s) => s.state)).toEqual(["inactive", "success"]);
    expect(Array.from(statuses[1]?.description ?? "")).toHaveLength(140);
    expect((await listDeployments(client, REPO, { environment: "staging" })).map((d) => d.id)).toEqual([second.id, first.id]);
  });
});

describe("repository settings", () => {
  it("environments, branch rules, protection (null when unprotected), rate limit", async () => {
    const { client } = testClient(emulator);
    const production = await getEnvironment(client, REPO, "production");
    expect(production?.protection_rules?.map((r) => r.type)).toEqual(["wait_timer", "required_reviewers", "branch_policy"]);
    expect(production?.deployment_branch_policy).toEqual({ protected_branches: true, custom_branch_policies: false });
    expect(await getEnvironment(client, REPO, "nope")).toBeNull();
    expect((await getBranchRules(client, REPO, "main")).map((r) => r.type)).toContain("pull_request");
    expect(await getBranchRules(client, REPO, "feature/login")).toEqual([]);
    expect((await getBranchProtection(client, REPO, "main"))?.required_pull_request_reviews?.required_approving_review_count).toBe(2);
    expect(await getBranchProtection(client, REPO, "feature/login")).toBeNull();
    const rate = await getRateLimit(client);
    expect(rate.rate.limit).toBe(5000);
  });
});

describe("GitHub App authentication", () => {
  it("finds the installation on the repository, then works with an installation token", async () => {
    const env = { GITHUB_API_URL: emulator.url, APP_KEY: keys.privateKey, GITHUB_REPOSITORY: "acme/platform" };
    const settings = resolveGithubSettings({ app: { app_id: 777, private_key_env: "APP_KEY" } }, env);
    expect(settings.secrets.map((s) => s.source)).toEqual(["environment variable APP_KEY"]);
    const lines: string[] = [];
    const client = await connectGithub(settings, { log: (line) => lines.push(line) });
    const runners = await listRunners(client, { kind: "org", org: "acme" });
    expect(runners.length).toBeGreaterThan(0);
    expect(client.stats.attempts.map((a) => `${a.method} ${a.path}`)).toEqual([
      "GET /repos/acme/platform/installation",
      "POST /app/installations/4242/access_tokens",
      "GET /orgs/acme/actions/runners",
    ]);
    expect(lines.join("\n")).not.toContain(keys.privateKey.slice(40, 80));
  });
});
