/**
 * Fidelity: every response the emulator gives — successes and the errors GitHub documents — must
 * validate against GitHub's published OpenAPI description. A response that does not validate fails
 * the suite, and so does an emulated endpoint that no test here exercised.
 */
import { createSign } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENDPOINTS, type EndpointKey } from "../../src/github/endpoints.js";
import { ROUTES, type RunningEmulator } from "../../src/sandbox/github/server.js";
import { parseScenario } from "../../src/sandbox/github/scenario.js";
import { appKeys, call, control, fixtureScenario, startEmulator, withApp, type AppKeys, type RawResult } from "./helpers.js";
import { describeErrors, OpenApi } from "./openapi.js";

const openapi = new OpenApi();
const keys: AppKeys = appKeys();
let emulator: RunningEmulator;
const covered = new Set<EndpointKey>();

function jwt(appId: number): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${part({ alg: "RS256", typ: "JWT" })}.${part({ iat: now - 30, exp: now + 540, iss: appId })}`;
  const signer = createSign("RSA-SHA256");
  signer.update(unsigned);
  return `${unsigned}.${signer.sign(keys.privateKey, "base64url")}`;
}

/** Calls the endpoint `key` at a concrete path and validates the response against the description. */
const check = (key: EndpointKey, path: string, expected: number, options: Parameters<typeof call>[3] = {}): Promise<RawResult> =>
  checkAt(key, path, expected, options);

async function checkAt(key: EndpointKey, path: string, expected: number, options: Parameters<typeof call>[3] = {}): Promise<RawResult> {
  const endpoint = ENDPOINTS[key];
  const result = await call(emulator, endpoint.method, path, options);
  expect(result.status, `${endpoint.method} ${path}: ${result.text.slice(0, 300)}`).toBe(expected);
  const spec = openapi.response(endpoint.method, endpoint.path, result.status);
  // A 304 answers any conditional GET (HTTP semantics), documented per operation or not.
  if (result.status < 400 && result.status !== 304)
    expect(spec.documented, `${endpoint.method} ${endpoint.path} does not document ${result.status}`).toBe(true);
  if (spec.validate !== undefined && result.status !== 304) {
    const valid = spec.validate(result.body);
    expect(valid, `${endpoint.method} ${path} → ${result.status} does not match the OpenAPI schema:\n${describeErrors(spec.validate)}`).toBe(true);
  } else if (result.status !== 302) {
    expect(result.text, `${endpoint.method} ${path} → ${result.status} has no documented body`).toBe("");
  }
  if (result.status >= 200 && result.status < 400) covered.add(key);
  return result;
}

beforeAll(async () => {
  emulator = await startEmulator(withApp(fixtureScenario("fidelity.yml"), keys));
});

afterAll(async () => {
  await emulator.close();
});

const R = "/repos/acme/platform";

const REVIEWS = `
org: acme
repository: platform
workflows:
  - file: release.yml
    name: release
    jobs:
      - { name: approve, runs_on: [ubuntu-latest], environment: release-approval }
      - { name: ship, needs: [approve], runs_on: [ubuntu-latest], environment: { name: staging, deployment: false }, concurrency: { group: ship-staging, queue: max } }
runs:
  - { workflow: release.yml, actor: alice }
environments:
  - { name: release-approval, reviewers: [octocat] }
  - { name: staging }
`;

describe("the emulator's responses validate against GitHub's OpenAPI description", () => {
  it("every emulated route is a documented operation with the same operationId", () => {
    for (const route of ROUTES) {
      const endpoint = ENDPOINTS[route.key];
      expect(openapi.operationId(endpoint.method, endpoint.path), route.key).toBe(endpoint.operationId);
    }
  });

  it("runners and runner groups", async () => {
    await check("listRepoRunners", `${R}/actions/runners`, 200);
    await check("listOrgRunners", "/orgs/acme/actions/runners?per_page=1&page=2", 200);
    const groups = await check("listRunnerGroups", "/orgs/acme/actions/runner-groups", 200);
    const ids = (groups.body as { runner_groups: { id: number; name: string }[] }).runner_groups;
    const primary = ids.find((g) => g.name === "prod-primary")?.id;
    await check("getRunnerGroup", `/orgs/acme/actions/runner-groups/${primary}`, 200);
    await check("listGroupRunners", `/orgs/acme/actions/runner-groups/${primary}/runners`, 200);
    await check("listGroupRepositories", `/orgs/acme/actions/runner-groups/${primary}/repositories`, 200);
    await check("getRunnerGroup", "/orgs/acme/actions/runner-groups/999", 404);
    await check("listOrgRunners", "/orgs/other/actions/runners", 404);
  });

  it("workflows, runs, jobs, annotations and logs", async () => {
    await check("listWorkflows", `${R}/actions/workflows`, 200);
    const runs = await check("listRuns", `${R}/actions/runs`, 200);
    await check("listRuns", `${R}/actions/runs?status=failure&branch=main`, 200);
    await check("listWorkflowRuns", `${R}/actions/workflows/deploy.yml/runs?status=in_progress`, 200);
    await check("listWorkflowRuns", `${R}/actions/workflows/nope.yml/runs`, 404);
    const [queuedRun, failedRun] = (runs.body as { workflow_runs: { id: number }[] }).workflow_runs;
    await check("getRun", `${R}/actions/runs/${failedRun?.id}`, 200);
    await check("getRun", `${R}/actions/runs/1`, 404);
    const jobs = await check("listRunJobs", `${R}/actions/runs/${failedRun?.id}/jobs`, 200);
    await check("listRunJobs", `${R}/actions/runs/${queuedRun?.id}/jobs?filter=all`, 200);
    await check("listAttemptJobs", `${R}/actions/runs/${failedRun?.id}/attempts/1/jobs`, 200);
    await check("listAttemptJobs", `${R}/actions/runs/${failedRun?.id}/attempts/9/jobs`, 404);
    const list = (jobs.body as { jobs: { id: number; name: string }[] }).jobs;
    const deploy = list.find((job) => job.name === "deploy");
    const route = list.find((job) => job.name === "route");
    await check("getJob", `${R}/actions/jobs/${deploy?.id}`, 200);
    await check("listAnnotations", `${R}/check-runs/${deploy?.id}/annotations`, 200);
    const log = await check("downloadJobLogs", `${R}/actions/jobs/${route?.id}/logs`, 302);
    expect(log.headers.get("location")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_emulator\/blobs\/job-logs\//);
    await check("downloadJobLogs", `${R}/actions/jobs/${deploy?.id}/logs`, 404);
  });

  it("writes: cancel, re-run, dispatch — and GitHub's refusals", async () => {
    const runs = (await call(emulator, "GET", `${R}/actions/runs`)).body as { workflow_runs: { id: number; status: string }[] };
    const queued = runs.workflow_runs.find((run) => run.status !== "completed");
    const done = runs.workflow_runs.find((run) => run.status === "completed");
    await check("rerunRun", `${R}/actions/runs/${queued?.id}/rerun`, 403);
    await check("cancelRun", `${R}/actions/runs/${queued?.id}/cancel`, 202);
    await check("cancelRun", `${R}/actions/runs/${queued?.id}/cancel`, 409);
    await check("forceCancelRun", `${R}/actions/runs/${queued?.id}/force-cancel`, 409);
    await check("rerunRun", `${R}/actions/runs/${queued?.id}/rerun`, 201);
    await check("forceCancelRun", `${R}/actions/runs/${queued?.id}/force-cancel`, 202);
    await check("rerunFailedJobs", `${R}/actions/runs/${done?.id}/rerun-failed-jobs`, 201);
    const jobs = (await call(emulator, "GET", `${R}/actions/runs/${done?.id}/jobs`)).body as { jobs: { id: number; name: string }[] };
    const route = jobs.jobs.find((job) => job.name === "route");
    await check("rerunJob", `${R}/actions/jobs/${route?.id}/rerun`, 403);
    await check("cancelRun", `${R}/actions/runs/${done?.id}/cancel`, 202);
    await check("rerunJob", `${R}/actions/jobs/${route?.id}/rerun`, 201);
    await check("dispatchWorkflow", `${R}/actions/workflows/deploy.yml/dispatches`, 204, { body: { ref: "main", inputs: { version: "1.2.3" } } });
    await check("dispatchWorkflow", `${R}/actions/workflows/deploy.yml/dispatches`, 200, { body: { ref: "main", return_run_details: true } });
    await check("dispatchWorkflow", `${R}/actions/workflows/deploy.yml/dispatches`, 422, { body: { ref: "no-such-branch" } });
  });

  it("Git data: commits and references (create is atomic, update without force is a fast-forward)", async () => {
    const tree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    const first = await check("createGitCommit", `${R}/git/commits`, 201, { body: { message: "lease 1", tree, parents: [] } });
    const a = (first.body as { sha: string }).sha;
    const second = await check("createGitCommit", `${R}/git/commits`, 201, { body: { message: "lease 2", tree, parents: [a] } });
    const b = (second.body as { sha: string }).sha;
    const other = await check("createGitCommit", `${R}/git/commits`, 201, { body: { message: "elsewhere", tree, parents: [] } });
    const c = (other.body as { sha: string }).sha;
    await check("createGitCommit", `${R}/git/commits`, 422, { body: { message: "x", tree, parents: ["0".repeat(40)] } });
    await check("getGitCommit", `${R}/git/commits/${b}`, 200);
    await check("getGitCommit", `${R}/git/commits/${"0".repeat(40)}`, 404);
    await check("createGitRef", `${R}/git/refs`, 201, { body: { ref: "refs/runwarden/lock/production", sha: a } });
    await check("createGitRef", `${R}/git/refs`, 422, { body: { ref: "refs/runwarden/lock/production", sha: a } });
    expect((await check("getGitRef", `${R}/git/ref/runwarden/lock/production`, 200)).body).toMatchObject({ object: { sha: a } });
    await check("getGitRef", `${R}/git/ref/runwarden%2Flock%2Fproduction`, 200);
    await check("getGitRef", `${R}/git/ref/runwarden/lock/staging`, 404);
    await check("updateGitRef", `${R}/git/refs/runwarden/lock/production`, 200, { body: { sha: b, force: false } });
    await check("updateGitRef", `${R}/git/refs/runwarden/lock/production`, 422, { body: { sha: c, force: false } });
    await check("updateGitRef", `${R}/git/refs/runwarden/lock/production`, 200, { body: { sha: c, force: true } });
    await check("updateGitRef", `${R}/git/refs/runwarden/lock/staging`, 422, { body: { sha: c } });
    await check("deleteGitRef", `${R}/git/refs/runwarden/lock/production`, 204);
    await check("deleteGitRef", `${R}/git/refs/runwarden/lock/production`, 422);
  });

  it("deployments and statuses", async () => {
    const created = await check("createDeployment", `${R}/deployments`, 201, {
      body: { ref: "main", environment: "production", auto_merge: false, required_contexts: [], payload: { version: "1.2.3" } },
    });
    const id = (created.body as { id: number }).id;
    await check("createDeployment", `${R}/deployments`, 422, { body: { ref: "nope" } });
    await check("createDeploymentStatus", `${R}/deployments/${id}/statuses`, 201, {
      body: { state: "in_progress", log_url: "http://127.0.0.1/log", description: "deploying" },
    });
    await check("createDeploymentStatus", `${R}/deployments/${id}/statuses`, 201, { body: { state: "success", environment_url: "http://127.0.0.1/app" } });
    await check("createDeploymentStatus", `${R}/deployments/${id}/statuses`, 422, { body: { state: "done" } });
    await check("listDeploymentStatuses", `${R}/deployments/${id}/statuses`, 200);
    await check("listDeploymentStatuses", `${R}/deployments/1/statuses`, 404);
    await check("listDeployments", `${R}/deployments?environment=production`, 200);
  });

  it("commits and the pull requests associated with them", async () => {
    const sha = "1f0c3b7e5a9d2c4b6e8f0a1b3c5d7e9f1a2b3c4d";
    const commit = await check("getCommit", `${R}/commits/${sha}`, 200);
    expect((commit.body as { commit: { message: string } }).commit.message).toContain("INFRA-1234");
    await check("getCommit", `${R}/commits/${sha.slice(0, 12)}`, 200);
    await check("getCommit", `${R}/commits/${"0".repeat(40)}`, 422);
    const pulls = await check("listCommitPulls", `${R}/commits/${sha}/pulls`, 200);
    expect((pulls.body as { title: string }[]).map((pr) => pr.title)).toEqual(["INFRA-1234: new checkout", "Follow-up"]);
    await check("listCommitPulls", `${R}/commits/${"0".repeat(40)}/pulls`, 200);
  });

  it("comparing two commits: ahead, behind, identical, diverged; unknown commits are 404", async () => {
    const [root, next, after, side] = [
      "1f0c3b7e5a9d2c4b6e8f0a1b3c5d7e9f1a2b3c4d",
      "2b4d6f8a0c2e4a6c8e0b2d4f6a8c0e2b4d6f8a0c",
      "3a5c7e9f1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a",
      "4c6e8a0b2d4f6c8e0a2c4e6b8d0f2a4c6e8b0d2f",
    ];
    const status = async (base: string, head: string) =>
      (await check("compareCommits", `${R}/compare/${base}...${head}`, 200)).body as {
        status: string;
        ahead_by: number;
        behind_by: number;
        commits: { sha: string }[];
      };
    expect(await status(root, after)).toMatchObject({ status: "ahead", ahead_by: 2, behind_by: 0, commits: [{ sha: next }, { sha: after }] });
    expect(await status(after, root)).toMatchObject({ status: "behind", ahead_by: 0, behind_by: 2 });
    expect(await status(next, next)).toMatchObject({ status: "identical", ahead_by: 0, behind_by: 0 });
    expect(await status(after, side)).toMatchObject({ status: "diverged", ahead_by: 1, behind_by: 2 });
    await check("compareCommits", `${R}/compare/${root}...${"0".repeat(40)}`, 404);
  });

  it("environment reviews: a job waits for its environment's reviewers; approving queues it; the review history", async () => {
    // Its own repository (a release workflow whose first job references a reviewed environment), same token.
    const reviews = await startEmulator(parseScenario(REVIEWS, "reviews.yml"), { token: emulator.token });
    try {
      await reviewChecks(reviews.url);
    } finally {
      await reviews.close();
    }
  });

  async function reviewChecks(base: string): Promise<void> {
    const check = (key: EndpointKey, path: string, expected: number, options: Parameters<typeof call>[3] = {}) =>
      checkAt(key, path, expected, { ...options, base });
    const runs = (await call(emulator, "GET", `${R}/actions/workflows/release.yml/runs`, { base })).body as { workflow_runs: { id: number; status: string }[] };
    const run = runs.workflow_runs[0];
    expect(run?.status).toBe("waiting");
    const pending = await check("listPendingDeployments", `${R}/actions/runs/${run?.id}/pending_deployments`, 200);
    const envs = pending.body as { environment: { id: number; name: string }; current_user_can_approve: boolean }[];
    expect(envs.map((p) => [p.environment.name, p.current_user_can_approve])).toEqual([["release-approval", true]]);
    await check("listRunApprovals", `${R}/actions/runs/${run?.id}/approvals`, 200);
    await check("reviewPendingDeployments", `${R}/actions/runs/${run?.id}/pending_deployments`, 422, {
      body: { environment_ids: [1], state: "approved", comment: "" },
    });
    const reviewed = await check("reviewPendingDeployments", `${R}/actions/runs/${run?.id}/pending_deployments`, 200, {
      body: { environment_ids: [envs[0]?.environment.id], state: "approved", comment: "ship it" },
    });
    expect((reviewed.body as { environment: string }[]).map((d) => d.environment)).toEqual(["release-approval"]);
    const history = await check("listRunApprovals", `${R}/actions/runs/${run?.id}/approvals`, 200);
    expect(history.body).toMatchObject([{ state: "approved", comment: "ship it", user: { login: "octocat" }, environments: [{ name: "release-approval" }] }]);
    expect((await check("listPendingDeployments", `${R}/actions/runs/${run?.id}/pending_deployments`, 200)).body).toEqual([]);
    await check("listPendingDeployments", `${R}/actions/runs/1/pending_deployments`, 404);
  }

  it("environments, branch rules and protection, rate limit", async () => {
    await check("getEnvironment", `${R}/environments/production`, 200);
    await check("getEnvironment", `${R}/environments/staging`, 200);
    await check("getEnvironment", `${R}/environments/nope`, 404);
    await check("getBranchRules", `${R}/rules/branches/main`, 200);
    await check("getBranchRules", `${R}/rules/branches/feature%2Flogin`, 200);
    await check("getBranchProtection", `${R}/branches/main/protection`, 200);
    await check("getBranchProtection", `${R}/branches/feature%2Flogin/protection`, 404);
    const rate = await check("getRateLimit", "/rate_limit", 200);
    expect(rate.headers.get("x-ratelimit-limit")).toBe("5000");
  });

  it("GitHub App: installation lookups and installation tokens", async () => {
    const appJwt = jwt(777);
    await check("getRepoInstallation", `${R}/installation`, 200, { token: appJwt });
    await check("getOrgInstallation", "/orgs/acme/installation", 200, { token: appJwt });
    const token = await check("createInstallationToken", "/app/installations/4242/access_tokens", 201, { token: appJwt });
    await check("createInstallationToken", "/app/installations/1/access_tokens", 404, { token: appJwt });
    await check("getRepoInstallation", `${R}/installation`, 401, { token: emulator.token });
    const installationToken = (token.body as { token: string }).token;
    expect(installationToken).toMatch(/^ghs_[A-Za-z0-9]{36}$/);
    await check("getRun", `${R}/actions/runs/1`, 404, { token: installationToken });
  });

  it("authentication, permissions, ETags and faults keep GitHub's shapes", async () => {
    await check("listRepoRunners", `${R}/actions/runners`, 401, { token: null });
    await check("listRepoRunners", `${R}/actions/runners`, 401, { token: "wrong-token-value" });
    const denied = await check("listRepoRunners", `${R}/actions/runners`, 403, { token: "read-only-actions-token" });
    expect(denied.headers.get("x-accepted-github-permissions")).toBe("administration=read");
    await check("listRuns", `${R}/actions/runs`, 200, { token: "read-only-actions-token" });
    const first = await check("getEnvironment", `${R}/environments/production`, 200);
    const again = await check("getEnvironment", `${R}/environments/production`, 304, { headers: { "if-none-match": first.headers.get("etag") ?? "" } });
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
    await control(emulator, "POST", "/faults", { kind: "status", status: 502, times: 1 });
    await check("listRuns", `${R}/actions/runs`, 502);
    await control(emulator, "POST", "/faults", { kind: "primary_rate_limit", times: 1, reset_in_s: 30 });
    const limited = await check("listRuns", `${R}/actions/runs`, 403);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    await control(emulator, "POST", "/faults", { kind: "secondary_rate_limit", status: 429, retry_after_s: 7, times: 1 });
    const secondary = await check("listRuns", `${R}/actions/runs`, 429);
    expect(secondary.headers.get("retry-after")).toBe("7");
    await check("listRuns", `/api/v3${R}/actions/runs`.replace("/api/v3", ""), 200, { base: emulator.ghesUrl });
  });

  it("runner lifecycle: registration and remove tokens, labels (drain and restore), forced deletion", async () => {
    const minted = await check("createOrgRegistrationToken", "/orgs/acme/actions/runners/registration-token", 201);
    await check("createRepoRegistrationToken", `${R}/actions/runners/registration-token`, 201);
    await check("createOrgRemoveToken", "/orgs/acme/actions/runners/remove-token", 201);
    await check("createRepoRemoveToken", `${R}/actions/runners/remove-token`, 201);
    await check("createOrgRegistrationToken", "/orgs/other/actions/runners/registration-token", 404);
    // The stand-in runner's registration (a control route: the real runner uses a private endpoint).
    const token = (minted.body as { token: string }).token;
    const registered = await control(emulator, "POST", "/runner-registrations", {
      token,
      url: `${emulator.url}/acme`,
      name: "lifecycle-1",
      labels: ["production"],
      runner_group: "prod-secondary",
    });
    expect(registered.status, registered.text).toBe(201);
    const id = (registered.body as { id: number }).id;
    const drained = await check("removeOrgRunnerLabels", `/orgs/acme/actions/runners/${id}/labels`, 200);
    expect((drained.body as { labels: { name: string }[] }).labels.map((l) => l.name)).toEqual(["self-hosted", "Linux", "X64"]);
    await check("addOrgRunnerLabels", `/orgs/acme/actions/runners/${id}/labels`, 200, { body: { labels: ["production"] } });
    await check("addOrgRunnerLabels", `/orgs/acme/actions/runners/${id}/labels`, 422, { body: { labels: [] } });
    await check("removeOrgRunnerLabels", "/orgs/acme/actions/runners/999999/labels", 404);
    await check("deleteOrgRunner", `/orgs/acme/actions/runners/${id}`, 204);
  });

  it("covers every emulated endpoint", () => {
    expect([...covered].sort()).toEqual(ROUTES.map((route) => route.key).sort());
  });
});
