/**
 * Real contention between processes: 50 contenders on one environment's lock (SQLite; PostgreSQL
 * from two working directories), two environments at once, a holder killed with SIGKILL, a stale
 * holder that wakes up. Overlap is detected by the contenders themselves (an O_EXCL marker file).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { StoreConfig } from "../../src/config/schema/store.js";
import { bundleScript, type BundledScript } from "../helpers/bundled-script.js";
import { repoRoot } from "../helpers/cli.js";
import { engines } from "./engines.js";

let bundled: BundledScript | undefined;
let worker = "";
let work = "";
/** Every contender started, so none outlives a failed test. */
const children = new Set<ChildProcess>();

beforeAll(async () => {
  // Bundled once: 50 processes start in ~0.1 s each instead of ~0.7 s under tsx.
  bundled = await bundleScript(join(repoRoot, "test", "store", "lock-worker.ts"));
  worker = bundled.path;
  work = mkdtempSync(join(tmpdir(), "rw-contend-"));
});
afterEach(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  children.clear();
});
afterAll(() => {
  bundled?.remove();
  rmSync(work, { recursive: true, force: true });
});

type Event = Record<string, unknown> & { id: string; event: string };

interface Contender {
  readonly child: ChildProcess;
  readonly events: Event[];
  /** Resolves with the first event named `name`. */
  next(name: string): Promise<Event>;
  readonly exited: Promise<number | null>;
}

function contend(
  args: { store: StoreConfig; environment: string; id: string; ttlMs: number; mode: "cycle" | "hold" },
  env: Readonly<Record<string, string>>,
  cwd: string,
): Contender {
  const markers = join(work, "markers");
  mkdirSync(markers, { recursive: true });
  const child = spawn(process.execPath, [worker, JSON.stringify({ ...args, markers })], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "inherit"],
  });
  children.add(child);
  const events: Event[] = [];
  const waiting: { name: string; resolve: (e: Event) => void }[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const event = JSON.parse(line) as Event;
    events.push(event);
    for (const w of waiting.filter((w) => w.name === event.event)) w.resolve(event);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    events,
    exited,
    next: (name) =>
      new Promise((resolve, reject) => {
        const seen = events.find((e) => e.event === name);
        if (seen !== undefined) return resolve(seen);
        waiting.push({ name, resolve });
        void exited.then((code) => reject(new Error(`${args.id} exited (${code}) before '${name}': ${JSON.stringify(events)}`)));
      }),
  };
}

for (const engine of engines()) {
  describe(`lock contention between processes on ${engine.name}`, () => {
    beforeAll(() => engine.setup());
    afterAll(() => engine.teardown());

    it("50 processes on one environment: one holder at a time, none lost, all 50 recorded", async () => {
      const config = engine.fresh();
      // PostgreSQL: contenders run from two separate working directories, like two runner hosts.
      const dirs = [join(work, "host-a"), join(work, "host-b")];
      for (const dir of dirs) mkdirSync(dir, { recursive: true });
      const store = await engine.open(config); // migrate once so the 50 start on a ready schema
      const contenders = Array.from({ length: 50 }, (_, i) =>
        contend({ store: config, environment: "production", id: `run-${i}`, ttlMs: 60_000, mode: "cycle" }, engine.env, dirs[i % 2]!),
      );
      const codes = await Promise.all(contenders.map((c) => c.exited));
      const events = contenders.flatMap((c) => c.events);
      expect(events.filter((e) => e.event === "overlap")).toEqual([]);
      expect(codes).toEqual(Array(50).fill(0));
      const done = events.filter((e) => e.event === "done");
      expect(done).toHaveLength(50);
      for (const e of done) expect(e).toMatchObject({ stage: "written", finish: "written", released: "released" });
      const tokens = events.filter((e) => e.event === "acquired").map((e) => e.token as number);
      expect(new Set(tokens).size).toBe(50);
      const history = await store.history.list({ environment: "production", limit: 100 });
      expect(history).toHaveLength(50);
      expect(history.every((a) => a.status === "success")).toBe(true);
      expect(new Set(history.map((a) => a.runId)).size).toBe(50);
      await store.close();
    }, 600_000);

    it("two environments are held at the same time by two processes", async () => {
      const config = engine.fresh();
      const store = await engine.open(config);
      const a = contend({ store: config, environment: "production", id: "p", ttlMs: 60_000, mode: "hold" }, engine.env, work);
      const b = contend({ store: config, environment: "staging", id: "s", ttlMs: 60_000, mode: "hold" }, engine.env, work);
      await Promise.all([a.next("holding"), b.next("holding")]);
      expect((await store.locks.holder("production"))?.owner.runId).toBe("p");
      expect((await store.locks.holder("staging"))?.owner.runId).toBe("s");
      a.child.kill("SIGKILL");
      b.child.kill("SIGKILL");
      await Promise.all([a.exited, b.exited]);
      await store.close();
    });

    it("a holder killed with SIGKILL loses the lock after its TTL; the next proceeds and the killed attempt is aborted", async () => {
      const config = engine.fresh();
      const store = await engine.open(config);
      const victim = contend({ store: config, environment: "production", id: "victim", ttlMs: 1_000, mode: "hold" }, engine.env, work);
      const holding = await victim.next("holding");
      const next = contend({ store: config, environment: "production", id: "next", ttlMs: 60_000, mode: "cycle" }, engine.env, work);
      victim.child.kill("SIGKILL");
      await victim.exited;
      expect(await next.next("acquired")).toMatchObject({ tookOverFrom: "victim" });
      expect(await next.exited).toBe(0);
      const killed = await store.history.get(holding.attemptId as number);
      expect(killed?.status).toBe("aborted");
      const [latest] = await store.history.list({ environment: "production", limit: 1 });
      expect(latest).toMatchObject({ runId: "next", status: "success" });
      await store.close();
    });

    it("a stale holder that wakes up (SIGSTOP, then SIGCONT after a takeover) cannot write", async () => {
      const config = engine.fresh();
      const store = await engine.open(config);
      const sleeper = contend({ store: config, environment: "production", id: "sleeper", ttlMs: 1_000, mode: "hold" }, engine.env, work);
      const holding = await sleeper.next("holding");
      sleeper.child.kill("SIGSTOP");
      const next = contend({ store: config, environment: "production", id: "next", ttlMs: 60_000, mode: "hold" }, engine.env, work);
      expect(await next.next("holding")).toMatchObject({ id: "next" });
      sleeper.child.kill("SIGCONT");
      sleeper.child.stdin!.write("write\n");
      const verdict = await Promise.race([sleeper.next("fenced"), sleeper.next("written")]);
      expect(verdict.event).toBe("fenced");
      expect((await store.history.get(holding.attemptId as number))?.stages).toEqual([]);
      next.child.stdin!.write("write\n");
      expect((await next.next("written")).event).toBe("written");
      for (const c of [sleeper, next]) c.child.kill("SIGKILL");
      await Promise.all([sleeper.exited, next.exited]);
      await store.close();
    });
  });
}
