/** The store on both engines: migrations, transactions, history and fenced writes. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreTooNewError, type AttemptStart, type Fence, type MigrationSet } from "../../src/store/index.js";
import { engines } from "./engines.js";

function attempt(environment: string, runId: string, startedAt = 1_000): AttemptStart {
  return {
    environment,
    sha: "a".repeat(40),
    ref: "refs/heads/main",
    runId,
    runAttempt: 1,
    actor: "octocat",
    runner: "runner-1",
    runnerGroup: "primary",
    startedAt,
  };
}

const owner = (runId: string) => ({ runId, attempt: 1, runner: `host-${runId}` });

for (const engine of engines()) {
  describe(`store on ${engine.name}`, () => {
    beforeAll(() => engine.setup());
    afterAll(() => engine.teardown());

    it("migrates on first use, once, and concurrent first opens agree", async () => {
      const config = engine.fresh();
      const stores = await Promise.all([engine.open(config), engine.open(config), engine.open(config)]);
      const rows = await stores[0]!.transaction((tx) =>
        tx.sql.all<{ component: string; version: number }>("SELECT component, version FROM runwarden_migrations ORDER BY version"),
      );
      expect(rows).toEqual([
        { component: "store", version: 1 },
        { component: "store", version: 2 },
      ]);
      await Promise.all(stores.map((store) => store.close()));
    });

    it("applies another component's migrations and refuses a database newer than the binary (exit 3)", async () => {
      const config = engine.fresh();
      const v2: MigrationSet = {
        component: "extra",
        migrations: [
          { version: 1, description: "t", sqlite: "CREATE TABLE extra_t (x INTEGER)", postgres: "CREATE TABLE extra_t (x INTEGER)" },
          { version: 2, description: "u", sqlite: "ALTER TABLE extra_t ADD COLUMN y TEXT", postgres: "ALTER TABLE extra_t ADD COLUMN y TEXT" },
        ],
      };
      const newer = await engine.open(config, { migrations: [v2] });
      await newer.transaction((tx) => tx.sql.run("INSERT INTO extra_t (x, y) VALUES (?, ?)", [1, "one"]));
      await newer.close();
      const older: MigrationSet = { component: "extra", migrations: v2.migrations.slice(0, 1) };
      const refused = await engine.open(config, { migrations: [older] }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(StoreTooNewError);
      const error = refused as StoreTooNewError;
      expect(error.exitCode).toBe(3);
      expect(error.code).toBe("RW_STORE_TOO_NEW");
      expect(error.message).toContain("extra schema version 2");
      expect(error.message).toContain("versions up to 1");
    });

    it("rolls a transaction back when it throws, history row and all", async () => {
      const store = await engine.open(engine.fresh());
      await expect(
        store.transaction(async (tx) => {
          await tx.serialize("audit:main");
          await tx.history.start(attempt("production", "r1"));
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await store.history.list()).toEqual([]);
      await store.close();
    });

    it("records an attempt's start, stages and finish, and lists with filters, newest first", async () => {
      const store = await engine.open(engine.fresh());
      const lock = await store.locks.acquire({ environment: "production", owner: owner("r1"), ttlMs: 60_000, timeoutMs: 0 });
      if (lock.status !== "acquired") throw new Error(lock.status);
      const started = await store.history.start(attempt("production", "r1"), lock.lease.fence);
      if (started.status !== "written") throw new Error("fenced");
      expect(await store.history.stage(started.id, { name: "guards", status: "success", durationMs: 12 }, lock.lease.fence)).toEqual({ status: "written" });
      expect((await store.history.get(started.id))?.status).toBe("running");
      const finish = {
        outcome: "failure",
        failureClass: "application",
        failover: false,
        deploymentId: 42,
        hosts: [{ host: "web1", ok: 3, changed: 1, unreachable: 0, failed: 1, skipped: 0, rescued: 0, ignored: 0 }],
        finishedAt: 2_000,
      } as const;
      expect(await store.history.finish(started.id, finish, lock.lease.fence)).toEqual({ status: "written" });
      expect(await lock.lease.release()).toEqual({ status: "released" });
      const refused = await store.history.start(attempt("staging", "r2", 3_000));
      if (refused.status !== "written") throw new Error("fenced");
      await store.history.finish(refused.id, {
        outcome: "refused",
        failureClass: "guard",
        failover: false,
        deploymentId: undefined,
        hosts: [],
        finishedAt: 3_001,
      });

      const all = await store.history.list();
      expect(all.map((a) => [a.environment, a.status])).toEqual([
        ["staging", "refused"],
        ["production", "failure"],
      ]);
      const production = await store.history.list({ environment: "production" });
      expect(production).toHaveLength(1);
      expect(production[0]).toMatchObject({
        runId: "r1",
        runnerGroup: "primary",
        lockToken: lock.lease.fence.token,
        failureClass: "application",
        failover: false,
        deploymentId: 42,
        stages: [{ name: "guards", status: "success", durationMs: 12 }],
        hosts: finish.hosts,
        startedAt: 1_000,
        finishedAt: 2_000,
      });
      expect(await store.history.list({ limit: 1 })).toHaveLength(1);
      await store.close();
    });

    it("an attempt whose lease expired reads aborted, and is written aborted when the next holder takes over", async () => {
      const store = await engine.open(engine.fresh());
      const first = await store.locks.acquire({ environment: "production", owner: owner("dead"), ttlMs: 300, timeoutMs: 0 });
      if (first.status !== "acquired") throw new Error(first.status);
      const started = await store.history.start(attempt("production", "dead"), first.lease.fence);
      if (started.status !== "written") throw new Error("fenced");
      // The holder stops heart-beating (it died). The next one waits for the expiry, then takes over.
      const next = await store.locks.acquire({ environment: "production", owner: owner("next"), ttlMs: 60_000, timeoutMs: 60_000 });
      if (next.status !== "acquired") throw new Error(next.status);
      expect(next.tookOverFrom?.owner.runId).toBe("dead");
      expect(next.lease.fence.token).toBeGreaterThan(first.lease.fence.token);
      const record = await store.history.get(started.id);
      expect(record?.status).toBe("aborted");
      expect(record?.finishedAt).toBeDefined();
      // The stale holder wakes up: every write under its fence is refused.
      expect(await store.history.stage(started.id, { name: "command", status: "success", durationMs: 1 }, first.lease.fence)).toMatchObject({
        status: "fenced",
        holder: { owner: { runId: "next" } },
      });
      expect(await store.history.start(attempt("production", "dead"), first.lease.fence)).toMatchObject({ status: "fenced" });
      expect(await first.lease.heartbeat()).toMatchObject({ status: "lost" });
      expect(await first.lease.release()).toMatchObject({ status: "lost" });
      expect((await store.history.get(started.id))?.stages).toEqual([]);
      expect(await next.lease.release()).toEqual({ status: "released" });
      await store.close();
    });

    it("an unfinished attempt shows aborted once its lease expired, before anyone takes over", async () => {
      const store = await engine.open(engine.fresh());
      // A short lease, so that the test does not wait long for it to expire; on a machine so busy
      // that it expired before the attempt was even recorded, again with a longer one (a new
      // environment each time, so that nobody takes the expired lease over).
      let setup: { environment: string; fence: Fence; id: number } | undefined;
      for (const ttlMs of [200, 2_000, 20_000]) {
        const environment = `qa-${ttlMs}`;
        const lock = await store.locks.acquire({ environment, owner: owner("gone"), ttlMs, timeoutMs: 0 });
        if (lock.status !== "acquired") throw new Error(lock.status);
        const started = await store.history.start(attempt(environment, "gone"), lock.lease.fence);
        if (started.status === "written") {
          setup = { environment, fence: lock.lease.fence, id: started.id };
          break;
        }
      }
      if (setup === undefined) throw new Error("the attempt was never recorded before its lease expired");
      const { environment, fence, id } = setup;
      // Wait for the lease to be over by the store's own judgement (the lock reports no holder).
      while ((await store.locks.holder(environment)) !== undefined) await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await store.history.get(id))?.status).toBe("aborted");
      expect(
        await store.history.finish(id, { outcome: "success", failureClass: null, failover: false, deploymentId: undefined, hosts: [], finishedAt: 5 }, fence),
      ).toMatchObject({
        status: "fenced",
      });
      await store.close();
    });
  });
}
