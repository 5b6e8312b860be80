/**
 * The deploy pattern's world: the GitHub emulator running the job graph of the shipped workflows
 * (workflow.ts) for acme/platform — two production runner groups, the environments
 * `production-approval` (required reviewers, no secrets) and `production` (no reviewers), commits
 * C1 ← C2 ← C3 on main — a folder with runwarden.yml, an inventory whose one host is a loopback
 * HTTP app reporting the live commit, a deploy command that sets it, and a SQLite store. Steps run
 * runwarden in-process as the workflow's steps would, with the variables of that step.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { parseScenario } from "../../src/sandbox/github/scenario.js";
import { startGithubEmulator, type RunningEmulator } from "../../src/sandbox/github/server.js";
import { runInProcess } from "../helpers/cli.js";
import { parseOutputs } from "../route/helpers.js";
import { advanceJob, call, control, stateRun, type StateJob } from "../sandbox/helpers.js";
import { loadPattern, type PatternCall } from "./workflow.js";

export const C1 = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
export const C2 = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2";
export const C3 = "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3";
const R = "/repos/acme/platform";
const DEPLOY_KEY = "deploy-key-material-7f3a9c";

const SCENARIO = `
org: acme
repository: platform
runner_groups:
  - { name: prod-primary, visibility: selected, repositories: [platform] }
  - { name: prod-secondary, visibility: selected, repositories: [platform] }
runners:
  - { name: prod-a-1, group: prod-primary, labels: [self-hosted, linux, x64, production] }
  - { name: prod-b-1, group: prod-secondary, labels: [self-hosted, linux, x64, production] }
environments:
  - { name: production-approval, reviewers: [octocat], prevent_self_review: true, deployment_branch_policy: custom }
  - { name: production, deployment_branch_policy: custom }
branches:
  - name: main
    protection: { required_approving_review_count: 1 }
commits:
  - { sha: ${C1}, message: "first" }
  - { sha: ${C2}, message: "second", parents: [${C1}] }
  - { sha: ${C3}, message: "third", parents: [${C2}] }
`;

function config(port: number): string {
  return `
github: { repository: acme/platform, retries: 1 }
inventory: hosts
store: sqlite:state.db
mask: { secrets: [] }
environments:
  production:
    hosts: production
    runner_groups:
      - { name: primary, group: prod-primary, labels: [self-hosted, linux, x64, production], min_idle: 1 }
      - { name: secondary, group: prod-secondary, labels: [self-hosted, linux, x64, production], approved_for_failover: true }
    guards:
      branches: [main]
      require_protected_branch: true
      require_environment_approval: true
      approval_environment: production-approval
    preflight:
      - secrets: {}
    deploy:
      run: node deploy.mjs {{ sha }}
      secrets: [DEPLOY_SSH_KEY]
      timeout: 1m
      lock_timeout: 30s
    gates:
      - name: version live
        version: { url: "http://{{ ansible_host }}:{{ app_port }}/version", json_path: $.sha }
        count: 1
`.replace("{{ app_port }}", String(port));
}

/** One /version request of a gate: the commit it saw and how many statuses the deployment had then. */
export interface GateHit {
  readonly sha: string;
  readonly statuses: readonly string[];
}

export interface PatternWorld {
  readonly emulator: RunningEmulator;
  readonly pattern: PatternCall;
  readonly dir: string;
  readonly hits: GateHit[];
  /** The commit the app reports, as the deploy command left it. */
  live(): string;
  close(): Promise<void>;
}

export async function startWorld(): Promise<PatternWorld> {
  const pattern = await loadPattern();
  const scenario = parseScenario(SCENARIO, "pattern.yml");
  const emulator = await startGithubEmulator({ scenario: { ...scenario, workflows: [pattern.workflow] } });
  const dir = mkdtempSync(join(tmpdir(), "rw-pattern-"));
  const liveFile = join(dir, "live.json");
  writeFileSync(liveFile, JSON.stringify({ sha: C1 }));
  const hits: GateHit[] = [];
  const live = () => (JSON.parse(readFileSync(liveFile, "utf8")) as { sha: string }).sha;
  const server: Server = createServer((request, response) => {
    const sha = live();
    const production = [...emulator.engine.state.deployments.values()].filter((d) => d.environment === "production").at(-1);
    const statuses =
      production === undefined ? [] : [...emulator.engine.state.statuses.values()].filter((s) => s.deploymentId === production.id).map((s) => s.state);
    if (request.url === "/version") hits.push({ sha, statuses });
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ sha }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  writeFileSync(join(dir, "runwarden.yml"), config(port));
  writeFileSync(join(dir, "hosts"), "[production]\napp-1 ansible_host=127.0.0.1\n");
  // The deploy command: the key must reach it (the step's env), then the app reports the new commit.
  writeFileSync(
    join(dir, "deploy.mjs"),
    `import { writeFileSync } from "node:fs";\nif (process.env.DEPLOY_SSH_KEY !== ${JSON.stringify(DEPLOY_KEY)}) { console.error("no deploy key"); process.exit(4); }\nwriteFileSync(${JSON.stringify(liveFile)}, JSON.stringify({ sha: process.argv[2] }));\nconsole.log("deployed " + process.argv[2]);\n`,
  );
  return {
    emulator,
    pattern,
    dir,
    hits,
    live,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Step {
  readonly code: number;
  readonly outputs: Record<string, string>;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs runwarden as a step of a job of run `runId` (commit `sha`) on `runner` would. */
export async function step(
  world: PatternWorld,
  argv: string[],
  facts: { runId: number; sha: string; runner: string; attempt?: number; secrets?: boolean },
): Promise<Step> {
  const tmp = mkdtempSync(join(tmpdir(), "rw-step-"));
  try {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? "/root",
      GITHUB_ACTIONS: "true",
      GITHUB_API_URL: world.emulator.url,
      GITHUB_TOKEN: world.emulator.token,
      GITHUB_REPOSITORY: "acme/platform",
      GITHUB_SERVER_URL: "https://github.example",
      GITHUB_WORKFLOW_REF: "acme/platform/.github/workflows/deploy.yml@refs/heads/main",
      GITHUB_REF: "refs/heads/main",
      GITHUB_EVENT_NAME: "push",
      GITHUB_ACTOR: "alice",
      GITHUB_RUN_ID: String(facts.runId),
      GITHUB_RUN_ATTEMPT: String(facts.attempt ?? 1),
      GITHUB_SHA: facts.sha,
      RUNNER_NAME: facts.runner,
      RUNNER_TEMP: tmp,
      GITHUB_OUTPUT: join(tmp, "output"),
      GITHUB_STEP_SUMMARY: join(tmp, "summary"),
      ...(facts.secrets === true ? { DEPLOY_SSH_KEY: DEPLOY_KEY } : {}),
    };
    writeFileSync(env.GITHUB_OUTPUT ?? "", "");
    const run = await runInProcess([...argv, "--config", join(world.dir, "runwarden.yml")], { env, cwd: world.dir });
    return { code: run.code, outputs: parseOutputs(readFileSync(env.GITHUB_OUTPUT ?? "", "utf8")), stdout: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A push of `sha` to main by alice: the caller's run. */
export async function push(world: PatternWorld, sha: string): Promise<number> {
  const started = await control(world.emulator, "POST", "/runs", { workflow: "deploy.yml", sha, actor: "alice" });
  expect(started.status, started.text).toBe(201);
  return (started.body as { id: number }).id;
}

export async function job(world: PatternWorld, runId: number, name: string): Promise<StateJob> {
  const found = (await stateRun(world.emulator, runId)).jobs.find((j) => j.name === `${world.pattern.callerJob} / ${name}`);
  if (found === undefined) throw new Error(`no job ${name} in run ${runId}`);
  return found;
}

export const advance = (world: PatternWorld, jobId: number, body: Record<string, unknown> = {}): Promise<StateJob> => advanceJob(world.emulator, jobId, body);

export interface PendingDeployment {
  environment: { id: number; name: string };
}

export async function pending(world: PatternWorld, runId: number): Promise<PendingDeployment[]> {
  return (await call(world.emulator, "GET", `${R}/actions/runs/${runId}/pending_deployments`)).body as PendingDeployment[];
}

export async function approvals(world: PatternWorld, runId: number): Promise<{ state: string; environments: { name: string }[] }[]> {
  return (await call(world.emulator, "GET", `${R}/actions/runs/${runId}/approvals`)).body as { state: string; environments: { name: string }[] }[];
}

/** A required reviewer approves what run `runId` waits for, then its approve job runs (GitHub-hosted). */
export async function approve(world: PatternWorld, runId: number): Promise<void> {
  const waiting = await pending(world, runId);
  expect(waiting.map((p) => p.environment.name)).toEqual(["production-approval"]);
  const reviewed = await call(world.emulator, "POST", `${R}/actions/runs/${runId}/pending_deployments`, {
    body: { environment_ids: waiting.map((p) => p.environment.id), state: "approved", comment: "ship it" },
  });
  expect(reviewed.status, reviewed.text).toBe(200);
  await advance(world, (await job(world, runId, "approve")).id, { conclusion: "success" });
}

/** The route job: `runwarden route` (its step), then the job ends with its outputs. */
export async function route(world: PatternWorld, runId: number, sha: string): Promise<Record<string, string>> {
  const routeJob = await job(world, runId, "route");
  expect(routeJob.status).toBe("queued");
  const routed = await step(world, ["route", "--environment", "production"], { runId, sha, runner: "GitHub Actions 1" });
  expect(routed.code, routed.stderr).toBe(0);
  const outputs = { group: routed.outputs["group"] ?? "", labels: routed.outputs["labels"] ?? "", name: routed.outputs["name"] ?? "" };
  await advance(world, routeJob.id, { conclusion: "success", outputs });
  return outputs;
}

/** A deploy job that GitHub queued: it starts on a runner, runs its one step (`runwarden deploy`), ends as the step did. */
export async function deployJob(world: PatternWorld, runId: number, name: "deploy-primary" | "deploy-secondary", sha: string, attempt = 1): Promise<Step> {
  const queued = await job(world, runId, name);
  expect(queued.status, `${name} of run ${runId}`).toBe("queued");
  const running = await advance(world, queued.id, { status: "in_progress" });
  const deployed = await step(world, ["deploy", "--environment", "production"], { runId, sha, runner: running.runner_name ?? "", attempt, secrets: true });
  await advance(world, queued.id, { conclusion: deployed.code === 0 ? "success" : "failure", outputs: deployed.outputs });
  return deployed;
}

/** The production environment's deployments (newest first) with their statuses (newest first). */
export async function productionDeployments(world: PatternWorld): Promise<{ id: number; sha: string; statuses: string[] }[]> {
  const list = (await call(world.emulator, "GET", `${R}/deployments?environment=production`)).body as { id: number; sha: string }[];
  return Promise.all(
    list.map(async (d) => ({
      id: d.id,
      sha: d.sha,
      statuses: ((await call(world.emulator, "GET", `${R}/deployments/${d.id}/statuses`)).body as { state: string }[]).map((s) => s.state),
    })),
  );
}
