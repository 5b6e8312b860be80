/**
 * The deploy's lock backend and what it records, through `runwarden deploy` against the GitHub
 * emulator: with `deploy.lock: github` the deploy takes the Git ref `refs/runwarden/lock/<env>`
 * (created atomically) and releases it (a fast-forward to a commit with no holder); its history row
 * is written under that lease's fence and names the runner group the runner-group guard found. A
 * stage detail holding a secret is stored masked.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { HistoryData } from "../../src/cli/commands/history/render.js";
import { Masker } from "../../src/mask/index.js";
import type { DeployResult } from "../../src/pipeline/types.js";
import { StageLog } from "../../src/pipeline/stages.js";
import { gitDatabase } from "../../src/sandbox/github/git-data.js";
import { createMemoryIo } from "../../src/output/memory-io.js";
import { openStore } from "../../src/store/index.js";
import { runInProcess } from "../helpers/cli.js";
import { SHA, startWorld, writeConfig, type World } from "./world.js";

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

function lockCommitMessage(environment: string): { holder: unknown; token: number } {
  const db = gitDatabase(world.emulator.engine.state);
  const sha = db.refs.get(`refs/runwarden/lock/${environment}`);
  if (sha === undefined) throw new Error(`no lock ref for ${environment}`);
  const message = db.commits.get(sha)?.message ?? "";
  return JSON.parse(message.slice(message.indexOf("{"))) as { holder: unknown; token: number };
}

describe("deploy.lock", () => {
  it("github: the deploy takes the lock ref in the repository and releases it; history names the fence and the runner group", async () => {
    const config = writeConfig(world, { staging: { deploy: { run: `touch ${world.marker}`, timeout: "1m", lock: "github", lock_ttl: "10m" } } });
    const before = world.emulator.requests.length;
    const run = await runInProcess(["deploy", "-c", config, "-e", "staging", "--json"], { env: world.env(), cwd: world.dir });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as DeployResult;
    expect(result.outcome).toBe("success");
    expect(existsSync(world.marker)).toBe(true);
    expect(result.stages.find((s) => s.name === "lock")).toMatchObject({ status: "success", detail: expect.stringMatching(/^fence 1 /) as unknown });
    expect(result.stages.find((s) => s.name === "release")?.status).toBe("success");

    // Taken by creating the ref, released by one fast-forward update (the 10m lease needs no heartbeat
    // here): the ref now says nobody holds it.
    const requests = world.emulator.requests.slice(before).map((r) => `${r.method} ${r.path.replace(/\?.*$/, "")} ${String(r.status)}`);
    expect(requests).toContain("POST /repos/acme/platform/git/refs 201");
    expect(
      requests.filter((r) => r.startsWith("PATCH ")),
      requests.join("\n"),
    ).toEqual(["PATCH /repos/acme/platform/git/refs/runwarden%2Flock%2Fstaging 200"]);
    expect(lockCommitMessage("staging")).toMatchObject({ holder: null, token: 1 });

    const history = await runInProcess(["history", "-c", config, "-e", "staging", "--json"], { env: world.env(), cwd: world.dir });
    const row = (JSON.parse(history.stdout) as HistoryData).attempts[0];
    expect(row).toMatchObject({ id: result.attempt_id, outcome: "success", lock_token: 1, runner: "prod-a-1", runner_group: "primary", run_id: "9001" });
    expect(row?.stages.map((s) => s.name)).toContain("release");
  });

  it("store (the default): the ref is never touched, the store's lock is used", async () => {
    const config = writeConfig(world, { production: { deploy: { run: `touch ${world.marker}`, timeout: "1m" } } });
    const before = world.emulator.requests.length;
    const run = await runInProcess(["deploy", "-c", config, "-e", "production", "--json"], { env: world.env(), cwd: world.dir });
    expect(run.code, run.stderr).toBe(0);
    expect(world.emulator.requests.slice(before).some((r) => r.path.includes("/git/refs"))).toBe(false);
    expect(gitDatabase(world.emulator.engine.state).refs.has("refs/runwarden/lock/production")).toBe(false);
  });

  it("a refusal before the lock is recorded with its outcome, unfenced, with the route's group from RUNWARDEN_RUNNER_GROUP when GitHub was not asked", async () => {
    const config = writeConfig(world, { production: { guards: { branches: ["main"] }, deploy: { run: `touch ${world.marker}` } } });
    const env = world.env({ GITHUB_REF: "refs/heads/feature/x", RUNNER_NAME: "", RUNWARDEN_RUNNER_GROUP: "primary" });
    const run = await runInProcess(["deploy", "-c", config, "-e", "production", "--json"], { env, cwd: world.dir });
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as DeployResult;
    const history = JSON.parse((await runInProcess(["history", "-c", config, "-n", "1", "--json"], { env, cwd: world.dir })).stdout) as HistoryData;
    expect(history.attempts[0]).toMatchObject({ id: result.attempt_id, outcome: "refused", failure_class: "guard", lock_token: null, runner_group: "primary" });
    expect(history.attempts[0]?.stages.map((s) => [s.name, s.status]).slice(0, 2)).toEqual([
      ["guards", "refused"],
      ["lock", "skipped"],
    ]);
  });

  it("a stage's detail is masked before it is stored", async () => {
    const store = await openStore({ kind: "sqlite", path: join(world.dir, "mask.db") });
    try {
      const masker = new Masker();
      masker.addSecret("s3cr3t-deploy-token-value", "DEPLOY_TOKEN");
      const start = await store.history.start({
        environment: "production",
        sha: SHA,
        ref: "refs/heads/main",
        runId: "1",
        runAttempt: 1,
        actor: "alice",
        runner: "r",
        runnerGroup: undefined,
        startedAt: Date.now(),
      });
      if (start.status !== "written") throw new Error("fenced");
      // The live sink masks nothing itself here: what reaches it and the store was masked by the log.
      const live = createMemoryIo(new Masker());
      const log = new StageLog(
        live.stdout,
        store.history,
        () => undefined,
        (text) => masker.mask(text),
      );
      await log.run("preflight", () => Promise.resolve({ status: "failure", detail: "token s3cr3t-deploy-token-value refused", value: undefined }));
      await log.attach(start.id);
      const stored = (await store.history.get(start.id))?.stages ?? [];
      expect(stored).toHaveLength(1);
      expect(stored[0]?.detail).not.toContain("s3cr3t-deploy-token-value");
      expect(stored[0]?.detail).toContain("refused");
      expect(live.stdoutText()).toContain("preflight failure");
      expect(live.stdoutText()).not.toContain("s3cr3t-deploy-token-value");
    } finally {
      await store.close();
    }
  });
});
