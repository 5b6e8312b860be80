/**
 * The engines every store test runs against: SQLite in a temp folder and a throwaway PostgreSQL
 * cluster (one per test file, a fresh database per `open()` group). PostgreSQL is skipped only when
 * it cannot run here (`postgresUnavailable` says why).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StoreConfig } from "../../src/config/schema/store.js";
import { openStore, type OpenOptions } from "../../src/store/index.js";
import type { Store } from "../../src/store/types.js";
import { postgresUnavailable, startPostgres, type PostgresCluster } from "../helpers/postgres.js";

export interface TestEngine {
  readonly name: "sqlite" | "postgres";
  /** A new, empty database; every store opened with the same `config` shares it. */
  fresh(): StoreConfig;
  open(config: StoreConfig, options?: OpenOptions): Promise<Store>;
  /** Environment for child processes (the PostgreSQL password). */
  readonly env: Readonly<Record<string, string>>;
  setup(): Promise<void>;
  teardown(): void;
}

export function sqliteEngine(): TestEngine {
  let dir = "";
  let n = 0;
  return {
    name: "sqlite",
    env: {},
    fresh: () => ({ kind: "sqlite", path: join(dir, `state-${++n}.db`) }),
    open: (config, options) => openStore(config, options),
    setup() {
      dir = mkdtempSync(join(tmpdir(), "rw-store-"));
      return Promise.resolve();
    },
    teardown() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function postgresEngine(): TestEngine {
  let cluster: PostgresCluster | undefined;
  let n = 0;
  const env: Record<string, string> = {};
  return {
    name: "postgres",
    env,
    fresh() {
      if (cluster === undefined) throw new Error("cluster not started");
      return { kind: "postgres", url: cluster.createDatabase(`t${process.pid}_${++n}`) };
    },
    open: (config, options) => openStore(config, { env: { PGPASSWORD: cluster?.password }, ...options }),
    async setup() {
      cluster = await startPostgres();
      env.PGPASSWORD = cluster.password;
    },
    teardown() {
      cluster?.stop();
    },
  };
}

const unavailable = postgresUnavailable();
if (unavailable !== undefined) process.stderr.write(`PostgreSQL store tests skipped: ${unavailable}\n`);

/** SQLite always; PostgreSQL when it can run here. */
export function engines(): TestEngine[] {
  return unavailable === undefined ? [sqliteEngine(), postgresEngine()] : [sqliteEngine()];
}
