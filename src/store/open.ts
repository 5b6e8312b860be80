/**
 * Opens the store named by `store:` and migrates it on first use. The PostgreSQL password comes
 * from the environment only: `store_password_env` names the variable (default `PGPASSWORD`, which
 * pg also reads itself); `~/.pgpass` works as for psql.
 */
import { isAbsolute, resolve } from "node:path";
import type { StoreConfig } from "../config/schema/store.js";
import type { Connection } from "./connection.js";
import { StoreError } from "./errors.js";
import { fenceRegistry } from "./fences.js";
import { deployHistory, historyWriter } from "./history.js";
import { sqlLock, type SqlLockOptions } from "./lock-sql.js";
import { migrate } from "./migrate.js";
import { STORE_MIGRATIONS } from "./migrations.js";
import type { OpenStoreOptions, Store, StoreTx } from "./types.js";

export interface OpenOptions extends OpenStoreOptions {
  /** Name of the environment variable holding the PostgreSQL password. Default: `PGPASSWORD`. */
  readonly passwordEnv?: string;
  readonly lock?: SqlLockOptions;
}

/** Each engine's driver is loaded only when a store of that engine is opened (pg alone costs tens of ms at start-up). */
async function connect(config: StoreConfig, options: OpenOptions): Promise<Connection> {
  if (config.kind === "sqlite") {
    const path = isAbsolute(config.path) ? config.path : resolve(options.baseDir ?? process.cwd(), config.path);
    const { openSqlite } = await import("./sqlite-connection.js");
    return openSqlite(path);
  }
  const variable = options.passwordEnv ?? "PGPASSWORD";
  const env = options.env ?? process.env;
  const password = env[variable];
  if (options.passwordEnv !== undefined && (password === undefined || password === "")) {
    throw new StoreError(`the PostgreSQL password variable ${variable} is not set`, { hint: `set ${variable} in the job's environment from a secret` });
  }
  const { openPostgres } = await import("./postgres-connection.js");
  return openPostgres({ url: config.url, password: password === "" ? undefined : password });
}

/** Wraps an open connection (tests use it to open the same database twice). */
export async function storeOn(connection: Connection, options: OpenOptions = {}): Promise<Store> {
  try {
    await migrate(connection, [STORE_MIGRATIONS, ...(options.migrations ?? [])]);
  } catch (err: unknown) {
    await connection.close().catch(() => undefined);
    throw err;
  }
  return {
    engine: connection.engine,
    location: connection.location,
    history: deployHistory(connection),
    locks: sqlLock(connection, options.lock),
    fences: fenceRegistry(connection),
    transaction: <T>(fn: (tx: StoreTx) => Promise<T>) =>
      connection.transaction((sql) =>
        fn({
          sql,
          history: historyWriter(connection, sql),
          serialize: (key) => connection.serialize(sql, key),
        }),
      ),
    close: () => connection.close(),
  };
}

export async function openStore(config: StoreConfig, options: OpenOptions = {}): Promise<Store> {
  return storeOn(await connect(config, options), options);
}
