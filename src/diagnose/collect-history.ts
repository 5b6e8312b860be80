/**
 * The history collector: the environment's recent runwarden deploys from the store (stages, failure
 * class, per-host recap) and who holds its lock. An SQLite store that is not on this machine is
 * reported as such (a new empty file would claim there is no history), never created.
 */
import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { LoadedConfig } from "../config/load.js";
import type { AttemptRecord, LockHolder } from "../store/types.js";
import type { CollectorContext } from "./budget.js";

export interface HistoryFindings {
  readonly store: string;
  readonly attempts: readonly AttemptRecord[];
  readonly lock: LockHolder | null;
}

export async function collectHistory(
  ctx: CollectorContext,
  loaded: LoadedConfig,
  environment: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<HistoryFindings | undefined> {
  const store = loaded.config.store;
  if (store.kind === "sqlite") {
    const path = isAbsolute(store.path) ? store.path : resolve(loaded.dir, store.path);
    if (!existsSync(path)) {
      ctx.skip("history", `no store on this machine (${path} does not exist): deploy history and the lock holder are unknown`);
      return undefined;
    }
  }
  return ctx.track(`history: ${store.kind} store`, async (signal) => {
    const { openStore } = await import("../store/open.js");
    const opened = await openStore(store, { baseDir: loaded.dir, env });
    try {
      signal.throwIfAborted();
      const [attempts, lock] = await Promise.all([opened.history.list({ environment, limit: 10 }), opened.locks.holder(environment)]);
      return { store: opened.location, attempts, lock: lock ?? null };
    } finally {
      await opened.close();
    }
  });
}
