/**
 * One contender, as its own process: takes the environment lock, records a deploy attempt under
 * its fence, proves it is alone by creating `<markers>/<environment>` with O_EXCL (and removing it
 * before it lets go), records the outcome and releases. Prints one JSON line per event.
 *
 *   mode "cycle": the above, then exit.
 *   mode "hold":  take the lock, record the start, print `holding`, then wait; on a stdin line
 *                 "write" try to record a stage and print whether it was written or fenced.
 */
import { closeSync, openSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { StoreConfig } from "../../src/config/schema/store.js";
import { openStore } from "../../src/store/index.js";

interface Args {
  readonly store: StoreConfig;
  readonly environment: string;
  readonly id: string;
  readonly ttlMs: number;
  readonly markers: string;
  readonly mode: "cycle" | "hold";
}

const args = JSON.parse(process.argv[2] ?? "{}") as Args;
const say = (event: Record<string, unknown>): void => {
  writeSync(1, `${JSON.stringify({ id: args.id, ...event })}\n`);
};

const store = await openStore(args.store, { env: process.env, lock: { pollMs: 20 } });
const result = await store.locks.acquire({
  environment: args.environment,
  owner: { runId: args.id, attempt: 1, runner: `host-${args.id}` },
  ttlMs: args.ttlMs,
  timeoutMs: 600_000,
});
if (result.status !== "acquired") {
  say({ event: result.status });
  process.exit(1);
}
const { lease } = result;
lease.keepAlive(() => say({ event: "lost" }));
say({ event: "acquired", token: lease.fence.token, tookOverFrom: result.tookOverFrom?.owner.runId ?? null });
const started = await store.history.start(
  {
    environment: args.environment,
    sha: "c".repeat(40),
    ref: "refs/heads/main",
    runId: args.id,
    runAttempt: 1,
    actor: "octocat",
    runner: `host-${args.id}`,
    runnerGroup: "primary",
    startedAt: Date.now(),
  },
  lease.fence,
);
if (started.status !== "written") {
  say({ event: "fenced" });
  process.exit(1);
}

if (args.mode === "hold") {
  say({ event: "holding", attemptId: started.id, token: lease.fence.token });
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() !== "write") continue;
    const written = await store.history.stage(started.id, { name: "command", status: "success", durationMs: 1 }, lease.fence);
    say({ event: written.status });
  }
  process.exit(0);
}

const marker = join(args.markers, args.environment);
let fd: number;
try {
  fd = openSync(marker, "wx");
} catch (err: unknown) {
  say({ event: "overlap", error: String(err) });
  process.exit(2);
}
closeSync(fd);
const stage = await store.history.stage(started.id, { name: "command", status: "success", durationMs: 1 }, lease.fence);
unlinkSync(marker);
const finish = await store.history.finish(
  started.id,
  { outcome: "success", failureClass: null, failover: false, deploymentId: undefined, hosts: [], finishedAt: Date.now() },
  lease.fence,
);
const released = await lease.release();
say({ event: "done", stage: stage.status, finish: finish.status, released: released.status });
await store.close();
