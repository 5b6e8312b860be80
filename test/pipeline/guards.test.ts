/**
 * Guards against the GitHub emulator, through `runwarden deploy` itself: each refuses before the
 * command runs (the command would leave a marker file: it is absent), with exit 1 and outcome
 * `refused`; GitHub unreachable is refused too, exit 3; when every guard passes the deploy runs and
 * GitHub records the deployment. `--dry-run` prints the plan and acts on nothing.
 */
import { existsSync, rmSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DeployPlan } from "../../src/pipeline/plan.js";
import type { DeployResult } from "../../src/pipeline/types.js";
import { closedPort } from "../helpers/servers.js";
import { runInProcess } from "../helpers/cli.js";
import { SHA_NO_TICKET, SHA_PR_TICKET, startWorld, writeConfig, type EnvironmentSpec, type World } from "./world.js";

let world: World;

beforeAll(async () => {
  world = await startWorld();
});

afterAll(async () => {
  await world.close();
});

beforeEach(() => {
  rmSync(world.marker, { force: true });
});

function production(guards: Record<string, unknown>): Record<string, EnvironmentSpec> {
  return { production: { guards, deploy: { run: `touch ${world.marker}`, timeout: "1m" } } };
}

async function deploy(environments: Record<string, EnvironmentSpec>, env: Record<string, string> = {}, extra: string[] = [], github?: Record<string, unknown>) {
  const config = writeConfig(world, environments, github === undefined ? {} : { github });
  const run = await runInProcess(["deploy", "-c", config, "-e", Object.keys(environments)[0] ?? "production", "--json", ...extra], {
    env: world.env(env),
    cwd: world.dir,
  });
  return { ...run, result: JSON.parse(run.stdout) as DeployResult };
}

function expectRefused(run: Awaited<ReturnType<typeof deploy>>, guard: string, code = 1): void {
  expect(run.code, run.stderr).toBe(code);
  expect(run.result).toMatchObject({ outcome: "refused", failure_class: "guard", failover: false, deployment_id: null });
  expect(run.result.guards.find((g) => g.id === guard)?.status).toBe(code === 3 ? "error" : "refuse");
  expect(run.result.stages.find((s) => s.name === "command")?.status).toBe("skipped");
  expect(run.result.stages.find((s) => s.name === "lock")?.status).toBe("skipped");
  expect(existsSync(world.marker), "the command ran").toBe(false);
}

describe("deploy guards", () => {
  it("refuses a branch not in guards.branches", async () => {
    const run = await deploy(production({ branches: ["main", "release/*"] }), { GITHUB_REF: "refs/heads/feature/x" });
    expectRefused(run, "branch");
    expect(run.result.guards.find((g) => g.id === "branch")?.reason).toMatch(/'feature\/x' is not among the branches allowed/);
  });

  it("refuses an unprotected branch when require_protected_branch", async () => {
    expectRefused(await deploy(production({ require_protected_branch: true }), { GITHUB_REF: "refs/heads/feature/x" }), "protected-branch");
  });

  it("refuses an environment without required reviewers when require_environment_approval", async () => {
    const run = await deploy({ staging: { guards: { require_environment_approval: true }, deploy: { run: `touch ${world.marker}` } } });
    expectRefused(run, "environment-approval");
  });

  it("refuses a commit without a change ticket in its message or its pull requests' titles", async () => {
    const run = await deploy(production({ change_ticket: "INFRA-[0-9]+" }), { GITHUB_SHA: SHA_NO_TICKET });
    expectRefused(run, "change-ticket");
    expect(run.result.guards.find((g) => g.id === "change-ticket")?.remedy).toMatch(/pull request title/);
  });

  it("refuses a runner outside the environment's runner groups", async () => {
    const run = await deploy(production({}), { RUNNER_NAME: "stray-1" });
    expectRefused(run, "runner-group");
    expect(run.result.guards.find((g) => g.id === "runner-group")?.reason).toMatch(/group Default/);
  });

  it("refuses a pull_request run", async () => {
    expectRefused(await deploy(production({}), { GITHUB_EVENT_NAME: "pull_request_target" }), "event");
  });

  it("GitHub unreachable: refused, never deployed, exit 3", async () => {
    const port = await closedPort();
    const run = await deploy(production({ require_protected_branch: true }), { GITHUB_API_URL: `http://127.0.0.1:${port}` }, [], {
      retries: 0,
      request_timeout: "2s",
    });
    expectRefused(run, "runner-group", 3);
  });

  it("every guard passes (the ticket in a pull request title): the command runs and GitHub records the deployment", async () => {
    const run = await deploy(
      production({ branches: ["main"], require_protected_branch: true, require_environment_approval: true, change_ticket: "INFRA-[0-9]+" }),
      { GITHUB_SHA: SHA_PR_TICKET },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.result).toMatchObject({ outcome: "success", failure_class: null, failover: false });
    expect(run.result.guards.every((g) => g.status === "pass")).toBe(true);
    expect(existsSync(world.marker)).toBe(true);
    expect(run.result.stages.map((s) => [s.name, s.status])).toEqual([
      ["guards", "success"],
      ["lock", "success"],
      ["supersede", "success"],
      ["live-check", "skipped"],
      ["deployment", "success"],
      ["preflight", "skipped"],
      ["pre-gates", "skipped"],
      ["command", "success"],
      ["gates", "skipped"],
      ["status", "success"],
      ["release", "success"],
    ]);
    const deployment = world.emulator.engine.state.deployments.get(run.result.deployment_id ?? -1);
    expect(deployment).toMatchObject({ sha: SHA_PR_TICKET, environment: "production" });
    const statuses = [...world.emulator.engine.state.statuses.values()].filter((s) => s.deploymentId === deployment?.id).map((s) => [s.state, s.logUrl]);
    expect(statuses).toEqual([
      ["in_progress", "https://github.example/acme/platform/actions/runs/9001/attempts/1"],
      ["success", "https://github.example/acme/platform/actions/runs/9001/attempts/1"],
    ]);
  });

  it("--dry-run prints the guards' verdicts, the lock, hosts and the command, and acts on nothing", async () => {
    const before = world.emulator.engine.state.deployments.size;
    const config = writeConfig(world, production({ branches: ["main"] }));
    const run = await runInProcess(["deploy", "-c", config, "-e", "production", "--dry-run", "--json"], {
      env: world.env({ GITHUB_REF: "refs/heads/feature/x" }),
      cwd: world.dir,
    });
    expect(run.code, run.stderr).toBe(0);
    const plan = JSON.parse(run.stdout) as DeployPlan;
    expect(plan).toMatchObject({ dry_run: true, would: "refuse", guards_verdict: "refuse", hosts: ["web-01"], lock: { backend: "sqlite", holder: null } });
    expect(plan.command.run).toBe(`touch ${world.marker}`);
    expect(existsSync(world.marker)).toBe(false);
    expect(world.emulator.engine.state.deployments.size).toBe(before);
  });
});
