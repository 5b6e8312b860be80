/**
 * The environment lock as the watchdog reads it: the leases a run holds in the store that the deploy
 * uses (`store:` of runwarden.yml). The watchdog only reads: it never takes, renews or breaks a lock.
 * A store that cannot be read — an SQLite file that is not on this machine (a fresh one would say
 * "free" about a lock it never saw), PostgreSQL unreachable — is reported as unavailable, and the
 * watchdog then leaves started deploy jobs alone (fail closed).
 */
import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { StoreConfig } from "../config/schema/store.js";
import { RunwardenError } from "../model/errors.js";
import type { Store } from "../store/types.js";
import type { LeaseWatch } from "./watchdog-execute.js";

export interface OpenedLeases {
  readonly watch: LeaseWatch;
  close(): Promise<void>;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The leases of `environments` in the configured store, or why they cannot be read. */
export async function openLeases(
  store: StoreConfig,
  environments: readonly string[],
  options: { readonly baseDir: string; readonly env: Readonly<Record<string, string | undefined>> },
): Promise<OpenedLeases> {
  const none = async () => undefined;
  if (store.kind === "sqlite") {
    const path = isAbsolute(store.path) ? store.path : resolve(options.baseDir, store.path);
    if (!existsSync(path)) return { watch: { unavailable: `the SQLite store ${path} is not on this machine` }, close: none };
  }
  let opened: Store;
  try {
    const { openStore } = await import("../store/open.js");
    opened = await openStore(store, { baseDir: options.baseDir, env: options.env });
  } catch (e: unknown) {
    if (!(e instanceof RunwardenError) && !(e instanceof Error)) throw e;
    return { watch: { unavailable: `the store could not be opened: ${errorText(e)}` }, close: none };
  }
  return {
    watch: {
      async holdersOf(runId) {
        const holders = await Promise.all(environments.map((environment) => opened.locks.holder(environment)));
        return holders.flatMap((holder) => (holder !== undefined && holder.owner.runId === String(runId) ? [holder] : []));
      },
    },
    close: () => opened.close(),
  };
}
