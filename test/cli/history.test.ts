/**
 * `runwarden history` over a real SQLite store seeded through the store's own API: a finished
 * attempt with its stages and recap, a refusal recorded before any lock, an attempt whose process
 * died holding the lock (shown `aborted` once its lease expired) and one still running; filters,
 * --json, bad input (exit 2) and --help, in-process and through the bundled executable.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HistoryData } from "../../src/cli/commands/history/render.js";
import { openStore, type Fence, type Store } from "../../src/store/index.js";
import { runBinary, runInProcess } from "../helpers/cli.js";

const SHA_OK = "4c2a6f0e8b1d3a5c7e9f0b2d4a6c8e0f1a3b5c7d";
const SHA_DEAD = "5d3b7a1f9c2e4b6d8f0a1c3e5b7d9f1a2c4e6b8d";
const SHA_STAGING = "6e4c8b2a0d3f5c7e9a1b2d4f6c8e0a2b3d5f7c9e";

let dir: string;
let config: string;
let store: Store;

const CONFIG = `inventory: hosts
store: sqlite:state.db
environments:
  production:
    hosts: production
    runner_groups: [{ name: primary, group: prod-primary, labels: [self-hosted, production] }]
  staging:
    hosts: staging
    runner_groups: [{ name: primary, labels: [self-hosted, staging] }]
  canary:
    hosts: production
    runner_groups: [{ name: primary, labels: [self-hosted, canary] }]
`;

function attempt(environment: string, sha: string, runId: string, runnerGroup: string | undefined) {
  return { environment, sha, ref: "refs/heads/main", runId, runAttempt: 1, actor: "alice", runner: "prod-a-1", runnerGroup, startedAt: Date.now() };
}

async function lease(environment: string, runId: string, ttlMs: number) {
  const acquired = await store.locks.acquire({ environment, owner: { runId, attempt: 1, runner: "prod-a-1" }, ttlMs, timeoutMs: 0 });
  if (acquired.status !== "acquired") throw new Error(`lock not granted: ${acquired.status}`);
  return acquired.lease;
}

async function started(environment: string, sha: string, runId: string, fence?: Fence): Promise<number> {
  const start = await store.history.start(attempt(environment, sha, runId, environment === "production" ? "primary" : undefined), fence);
  if (start.status !== "written") throw new Error("fenced");
  return start.id;
}

/** Waits (on the store, not a timer) until the environment's lease has expired. */
async function leaseExpired(environment: string): Promise<void> {
  while ((await store.locks.holder(environment)) !== undefined) await new Promise((resolve) => setImmediate(resolve));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rw-history-"));
  config = join(dir, "runwarden.yml");
  writeFileSync(config, CONFIG);
  writeFileSync(join(dir, "hosts"), "[production]\nweb-01 ansible_host=web-01.example.invalid\n\n[staging]\nweb-s1 ansible_host=web-s1.example.invalid\n");
  store = await openStore({ kind: "sqlite", path: join(dir, "state.db") });

  // 1: production, deployed and verified on two hosts.
  const ok = await lease("production", "9001", 60_000);
  const id1 = await started("production", SHA_OK, "9001", ok.fence);
  await store.history.stage(id1, { name: "guards", status: "success", durationMs: 120, detail: "6 passed" }, ok.fence);
  await store.history.stage(id1, { name: "lock", status: "success", durationMs: 3, detail: "fence 1 after 0 ms" }, ok.fence);
  await store.history.stage(id1, { name: "command", status: "success", durationMs: 4200, detail: "exit 0 in 4200 ms" }, ok.fence);
  const recap = (host: string, changed: number) => ({ host, ok: 5, changed, unreachable: 0, failed: 0, skipped: 1, rescued: 0, ignored: 0 });
  await store.history.finish(
    id1,
    { outcome: "success", failureClass: null, failover: false, deploymentId: 77, hosts: [recap("web-01", 2), recap("web-02", 0)], finishedAt: Date.now() },
    ok.fence,
  );
  await ok.release();

  // 2: staging, refused by a guard before any lock (unfenced).
  const id2 = await started("staging", SHA_STAGING, "9002");
  await store.history.stage(id2, { name: "guards", status: "refused", durationMs: 40, detail: "branch: 'feature/x' is not allowed" });
  await store.history.finish(id2, { outcome: "refused", failureClass: "guard", failover: false, deploymentId: undefined, hosts: [], finishedAt: Date.now() });

  // 3: production, the process died holding the lock (no outcome, no heartbeat).
  const dead = await lease("production", "9003", 50);
  const id3 = await started("production", SHA_DEAD, "9003", dead.fence);
  await store.history.stage(id3, { name: "command", status: "success", durationMs: 10 }, dead.fence);
  await leaseExpired("production");

  // 4: canary, running under a current lease.
  const live = await lease("canary", "9004", 600_000);
  await started("canary", SHA_OK, "9004", live.fence);
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function history(args: string[]) {
  return runInProcess(["history", "-c", config, ...args], { cwd: dir, env: { PATH: process.env.PATH ?? "" } });
}

describe("runwarden history", () => {
  it("--json lists every attempt newest first, with its stages, recap summary, runner group and times", async () => {
    const run = await history(["--json"]);
    expect(run.code, run.stderr).toBe(0);
    const data = JSON.parse(run.stdout) as HistoryData;
    expect(data).toMatchObject({ store: `sqlite:${join(dir, "state.db")}`, environment: null, limit: 20 });
    expect(data.attempts.map((a) => [a.id, a.environment, a.outcome])).toEqual([
      [4, "canary", "running"],
      [3, "production", "aborted"],
      [2, "staging", "refused"],
      [1, "production", "success"],
    ]);
    const ok = data.attempts.find((a) => a.id === 1);
    expect(ok).toMatchObject({
      sha: SHA_OK,
      ref: "refs/heads/main",
      run_id: "9001",
      run_attempt: 1,
      actor: "alice",
      runner: "prod-a-1",
      runner_group: "primary",
      failure_class: null,
      failover: false,
      deployment_id: 77,
      lock_token: 1,
      recap: { hosts: 2, ok: 2, changed: 1, failed: 0, unreachable: 0 },
    });
    expect(ok?.stages.map((s) => s.name)).toEqual(["guards", "lock", "command"]);
    expect(ok?.hosts.map((h) => h.host)).toEqual(["web-01", "web-02"]);
    expect(Date.parse(ok?.started_at ?? "")).toBeLessThanOrEqual(Date.parse(ok?.finished_at ?? ""));
    expect(ok?.duration_ms).toBeGreaterThanOrEqual(0);
    const refused = data.attempts.find((a) => a.id === 2);
    expect(refused).toMatchObject({ failure_class: "guard", lock_token: null, runner_group: null, deployment_id: null });
  });

  it("an attempt whose process died holding the lock is aborted once its lease expired, with no finish time", async () => {
    const data = JSON.parse((await history(["--json", "--environment", "production"])).stdout) as HistoryData;
    const dead = data.attempts.find((a) => a.sha === SHA_DEAD);
    expect(dead).toMatchObject({ outcome: "aborted", finished_at: null, duration_ms: null, lock_token: 2 });
  });

  it("--environment and --limit filter, newest first", async () => {
    const production = JSON.parse((await history(["--json", "-e", "production"])).stdout) as HistoryData;
    expect(production.environment).toBe("production");
    expect(production.attempts.map((a) => a.id)).toEqual([3, 1]);
    const one = JSON.parse((await history(["--json", "--limit", "1"])).stdout) as HistoryData;
    expect(one.attempts.map((a) => a.id)).toEqual([4]);
    // docs/deploy.md's examples, as written there.
    expect((await history(["--environment", "production", "--limit", "5"])).stdout).toContain("2 deploy attempt(s) of production");
    expect((await history([])).code).toBe(0);
    const none = JSON.parse((await history(["--json", "-e", "canary", "-n", "5"])).stdout) as HistoryData;
    expect(none.attempts.map((a) => a.outcome)).toEqual(["running"]);
  });

  it("prints a table: outcome, class, the deciding stage, the recap", async () => {
    const run = await history(["-e", "staging"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("1 deploy attempt(s) of staging");
    expect(run.stdout).toMatch(/refused\s+guard\s+guards refused/);
    const all = await history([]);
    expect(all.stdout).toMatch(/prod-a-1 \(primary\)\s+success/);
    expect(all.stdout).toContain("2 host(s): 2 ok, 1 changed");
    expect(all.stdout).toMatch(/\baborted\b/);
  });

  it("bad input exits 2: a limit that is not a positive count, an environment not in runwarden.yml", async () => {
    for (const limit of ["0", "ten", "-3"]) {
      const run = await history(["--limit", limit]);
      expect(run.code, run.stdout).toBe(2);
      expect(run.stderr).toMatch(/--limit takes a whole number/);
    }
    const unknown = await history(["-e", "nowhere", "--json"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout + unknown.stderr).toContain("no environment 'nowhere'");
    expect(unknown.stdout + unknown.stderr).toContain(config);
  });

  it("--help names the options and an example", async () => {
    const run = await history(["--help"]);
    expect(run.code).toBe(0);
    for (const text of ["--environment", "--limit", "--json", "aborted", "runwarden history -e production --json"]) expect(run.stdout).toContain(text);
  });

  it("the bundled executable lists the same attempts", async () => {
    const run = await runBinary(["history", "-c", config, "--json", "-n", "2"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const data = JSON.parse(run.stdout) as HistoryData;
    expect(data.attempts.map((a) => [a.id, a.outcome])).toEqual([
      [4, "running"],
      [3, "aborted"],
    ]);
  });
});
