/**
 * The one lock test suite, run against every backend (SQLite, PostgreSQL, a Git ref on the GitHub
 * emulator): lease, FIFO line, timeout, cancel, expiry takeover, heartbeat and fencing. Waiting
 * is on events (a waiter's first `onWait` report, a promise settling), never on sleeps.
 */
import { describe, expect, it } from "vitest";
import type { AcquireRequest, AcquireResult, Lease, LockBackend, LockWait, Store } from "../../src/store/index.js";

export interface LockFixture {
  readonly locks: LockBackend;
  /** The store fenced writes go to. */
  readonly store: Store;
  close(): Promise<void>;
}

const owner = (runId: string) => ({ runId, attempt: 1, runner: `host-${runId}` });

function request(environment: string, runId: string, extra: Partial<AcquireRequest> = {}): AcquireRequest {
  return { environment, owner: owner(runId), ttlMs: 60_000, timeoutMs: 0, ...extra };
}

function held(result: AcquireResult): Lease {
  if (result.status !== "acquired") throw new Error(`expected the lock, got ${result.status}`);
  return result.lease;
}

/** Starts an acquire that waits; resolves once it is in line (its first report), with the pending result. */
async function queued(locks: LockBackend, req: AcquireRequest): Promise<{ result: Promise<AcquireResult>; first: LockWait }> {
  let reported!: (wait: LockWait) => void;
  const first = new Promise<LockWait>((resolve) => (reported = resolve));
  const result = locks.acquire({ ...req, onWait: (wait) => reported(wait) });
  return { result, first: await first };
}

export interface SuiteTimes {
  /** TTL of a holder that goes silent (short, so the takeover comes soon). */
  readonly shortTtlMs: number;
  /** TTL of a holder that keeps heart-beating (long enough for a heartbeat round trip under load). */
  readonly aliveTtlMs: number;
}

export function lockSuite(name: string, fixture: () => Promise<LockFixture>, times: SuiteTimes = { shortTtlMs: 400, aliveTtlMs: 1_500 }): void {
  describe(`environment lock on ${name}`, () => {
    it("grants a free lock, names its holder, and frees it on release", async () => {
      const f = await fixture();
      const lease = held(await f.locks.acquire(request("production", "r1")));
      expect(lease.fence.token).toBeGreaterThan(0);
      expect((await f.locks.holder("production"))?.owner).toEqual(owner("r1"));
      expect(await lease.release()).toEqual({ status: "released" });
      expect(await f.locks.holder("production")).toBeUndefined();
      const again = held(await f.locks.acquire(request("production", "r2")));
      expect(again.fence.token).toBeGreaterThan(lease.fence.token);
      await again.release();
      await f.close();
    });

    it("a waiter is told who holds the lock and since when, and gets it when it is released", async () => {
      const f = await fixture();
      const first = held(await f.locks.acquire(request("production", "holder")));
      const busy = await f.locks.acquire(request("production", "impatient"));
      expect(busy).toMatchObject({ status: "timeout", holder: { owner: owner("holder"), token: first.fence.token } });
      const waiter = await queued(f.locks, request("production", "patient", { timeoutMs: 120_000 }));
      expect(waiter.first).toMatchObject({ environment: "production", ahead: 0, holder: { owner: owner("holder"), acquiredAt: first.holder.acquiredAt } });
      await first.release();
      const lease = held(await waiter.result);
      expect(lease.holder.owner).toEqual(owner("patient"));
      await lease.release();
      await f.close();
    });

    it("waiters get the lock first come, first served", async () => {
      const f = await fixture();
      const holder = held(await f.locks.acquire(request("production", "holder")));
      const order: string[] = [];
      const waiters = [];
      for (const id of ["a", "b", "c"]) {
        const waiter = await queued(f.locks, request("production", id, { timeoutMs: 120_000 }));
        expect(waiter.first.ahead).toBe(waiters.length);
        waiters.push(
          waiter.result.then(async (result) => {
            const lease = held(result);
            order.push(lease.holder.owner.runId);
            await lease.release();
          }),
        );
      }
      await holder.release();
      await Promise.all(waiters);
      expect(order).toEqual(["a", "b", "c"]);
      await f.close();
    });

    it("gives up at lock_timeout or on cancel, and leaves the line", async () => {
      const f = await fixture();
      const holder = held(await f.locks.acquire(request("production", "holder")));
      const timedOut = await f.locks.acquire(request("production", "late", { timeoutMs: 300 }));
      expect(timedOut).toMatchObject({ status: "timeout", holder: { owner: owner("holder") } });
      const controller = new AbortController();
      const cancelled = await queued(f.locks, request("production", "cancelled", { timeoutMs: 120_000, signal: controller.signal }));
      controller.abort();
      expect(await cancelled.result).toMatchObject({ status: "cancelled" });
      await holder.release();
      // Nobody is left in line: a single try gets the lock.
      const next = held(await f.locks.acquire(request("production", "next")));
      await next.release();
      await f.close();
    });

    it("two environments are locked independently", async () => {
      const f = await fixture();
      const production = held(await f.locks.acquire(request("production", "p")));
      const staging = held(await f.locks.acquire(request("staging", "s")));
      expect((await f.locks.holder("production"))?.owner.runId).toBe("p");
      expect((await f.locks.holder("staging"))?.owner.runId).toBe("s");
      await Promise.all([production.release(), staging.release()]);
      await f.close();
    });

    it("a silent holder loses the lease after its TTL; the next takes over; the stale holder's writes are fenced", async () => {
      const f = await fixture();
      const stale = held(await f.locks.acquire(request("production", "stale", { ttlMs: times.shortTtlMs })));
      const started = await f.store.history.start(
        {
          environment: "production",
          sha: "b".repeat(40),
          ref: "refs/heads/main",
          runId: "stale",
          runAttempt: 1,
          actor: "a",
          runner: "host-stale",
          runnerGroup: undefined,
          startedAt: 1,
        },
        stale.fence,
      );
      if (started.status !== "written") throw new Error("fenced");
      const next = await f.locks.acquire(request("production", "next", { timeoutMs: 120_000 }));
      const lease = held(next);
      expect(next).toMatchObject({ tookOverFrom: { owner: owner("stale"), token: stale.fence.token } });
      expect(lease.fence.token).toBeGreaterThan(stale.fence.token);
      expect(await f.store.fences.check(stale.fence)).toMatchObject({ status: "lost", holder: { owner: owner("next") } });
      expect(await f.store.fences.check(lease.fence)).toMatchObject({ status: "held" });
      expect(await f.store.history.stage(started.id, { name: "command", status: "success", durationMs: 1 }, stale.fence)).toMatchObject({ status: "fenced" });
      expect((await f.store.history.get(started.id))?.status).toBe("aborted");
      expect(await stale.heartbeat()).toMatchObject({ status: "lost" });
      expect(await stale.release()).toMatchObject({ status: "lost" });
      expect((await f.locks.holder("production"))?.owner.runId).toBe("next");
      await lease.release();
      await f.close();
    });

    it("a holder that keeps its heartbeat keeps the lock past many TTLs", async () => {
      const f = await fixture();
      const lease = held(await f.locks.acquire(request("production", "alive", { ttlMs: times.aliveTtlMs })));
      let lost = false;
      lease.keepAlive(() => (lost = true));
      const waiter = await f.locks.acquire(request("production", "waiter", { timeoutMs: times.aliveTtlMs * 2 }));
      expect(waiter).toMatchObject({ status: "timeout", holder: { owner: owner("alive"), token: lease.fence.token } });
      expect(lost).toBe(false);
      expect(await f.store.fences.check(lease.fence)).toMatchObject({ status: "held" });
      expect(await lease.release()).toEqual({ status: "released" });
      await f.close();
    });
  });
}
