/**
 * Environment lock: uncontended acquire/release cycles per second on SQLite and on PostgreSQL
 * (a throwaway cluster on loopback, fsync on, as in production). Run: `npx tsx bench/deploy-lock.ts
 * [SECONDS]` (default 3 per engine). Each cycle is one `acquire` (timeout 0: one write transaction
 * that grants the lease) and one `release` (one write transaction), each committed. Prints
 * figures, asserts nothing. Goal (issue 11): ≥ 500 cycles/s on SQLite.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { StoreConfig } from "../src/config/schema/store.js";
import { openStore, type Store } from "../src/store/index.js";
import { postgresUnavailable, startPostgres } from "../test/helpers/postgres.js";

const SECONDS = Number(process.argv[2] ?? 3);

export interface LockFigures {
  readonly engine: string;
  readonly cycles: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

async function measure(engine: string, store: Store): Promise<LockFigures> {
  const owner = { runId: "bench", attempt: 1, runner: "bench-host" };
  const once = async (): Promise<void> => {
    const result = await store.locks.acquire({ environment: "bench", owner, ttlMs: 60_000, timeoutMs: 0 });
    if (result.status !== "acquired") throw new Error(`lock not granted: ${result.status}`);
    const released = await result.lease.release();
    if (released.status !== "released") throw new Error("lease lost");
  };
  for (let i = 0; i < 50; i++) await once(); // warm-up: statements prepared, pool connected
  const durations: number[] = [];
  const start = performance.now();
  while (performance.now() - start < SECONDS * 1000) {
    const t = performance.now();
    await once();
    durations.push(performance.now() - t);
  }
  const elapsed = (performance.now() - start) / 1000;
  durations.sort((a, b) => a - b);
  const at = (q: number): number => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? 0;
  return { engine, cycles: durations.length, perSecond: durations.length / elapsed, p50Ms: at(0.5), p99Ms: at(0.99) };
}

/** Runs the lock benchmark on SQLite and (when it can run here) PostgreSQL. */
export async function benchLock(): Promise<LockFigures[]> {
  const figures: LockFigures[] = [];
  const dir = mkdtempSync(join(tmpdir(), "rw-bench-lock-"));
  try {
    const sqlite: StoreConfig = { kind: "sqlite", path: join(dir, "state.db") };
    const store = await openStore(sqlite);
    figures.push(await measure("sqlite (WAL, synchronous=NORMAL)", store));
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const reason = postgresUnavailable();
  if (reason !== undefined) {
    process.stdout.write(`PostgreSQL skipped: ${reason}\n`);
    return figures;
  }
  const cluster = await startPostgres({ fast: false });
  try {
    const store = await openStore({ kind: "postgres", url: cluster.url }, { env: { PGPASSWORD: cluster.password } });
    figures.push(await measure("postgres 15 (loopback TCP, fsync on)", store));
    await store.close();
  } finally {
    cluster.stop();
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`lock acquire/release cycles, ${SECONDS} s per engine; ${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)}\n`);
  for (const f of await benchLock()) {
    process.stdout.write(
      `${f.engine.padEnd(40)} ${f.perSecond.toFixed(0).padStart(6)} cycles/s  (${f.cycles} cycles; p50 ${f.p50Ms.toFixed(2)} ms, p99 ${f.p99Ms.toFixed(2)} ms)\n`,
    );
  }
}
