/**
 * SQLite through better-sqlite3: WAL (readers never wait for the writer), `busy_timeout` so
 * writers from other processes queue instead of failing, `BEGIN IMMEDIATE` for every write
 * transaction. better-sqlite3 is synchronous, so the transactions of one process on one file are
 * chained on a promise queue: an `await` inside one never lets another's statements in, and a
 * second connection of the same process never blocks the thread waiting for a lock the first
 * holds across an `await`.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import type { Connection } from "./connection.js";
import { StoreError } from "./errors.js";
import type { Sql, SqlValue } from "./types.js";

/** How long a writer waits for another process's write transaction before giving up. */
const BUSY_TIMEOUT_MS = 30_000;

type Db = InstanceType<typeof Database>;

/** Per database file, the tail of this process's transaction chain. */
const queues = new Map<string, Promise<unknown>>();

function sqlOn(db: Db): Sql {
  const cache = new Map<string, Database.Statement>();
  // A statement in raw mode returns arrays: those are prepared apart from the ones returning objects.
  const rawCache = new Map<string, Database.Statement>();
  const prepare = (text: string, raw = false): Database.Statement => {
    const statements = raw ? rawCache : cache;
    let statement = statements.get(text);
    if (statement === undefined) {
      statement = db.prepare(text);
      if (raw) statement.raw(true);
      statements.set(text, statement);
    }
    return statement;
  };
  return {
    engine: "sqlite",
    all: <Row extends object>(text: string, params: readonly SqlValue[] = []) => {
      const statement = prepare(text);
      if (statement.reader) return Promise.resolve(statement.all(...params) as Row[]);
      statement.run(...params);
      return Promise.resolve([] as Row[]);
    },
    tuples: <Row extends readonly unknown[]>(text: string, params: readonly SqlValue[] = []) => Promise.resolve(prepare(text, true).all(...params) as Row[]),
    get: <Row extends object>(text: string, params: readonly SqlValue[] = []) => {
      const statement = prepare(text);
      if (!statement.reader) {
        statement.run(...params);
        return Promise.resolve(undefined);
      }
      return Promise.resolve(statement.get(...params) as Row | undefined);
    },
    run: (text: string, params: readonly SqlValue[] = []) => Promise.resolve({ changes: prepare(text).run(...params).changes }),
  };
}

export function openSqlite(file: string): Connection {
  const path = resolve(file);
  let db: Db;
  try {
    mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
  } catch (err: unknown) {
    throw new StoreError(`cannot open the SQLite store sqlite:${path}`, {
      cause: err,
      hint: "check that the folder exists and is writable by the runner's user",
    });
  }
  const sql = sqlOn(db);
  const begin = db.prepare("BEGIN IMMEDIATE");
  const commit = db.prepare("COMMIT");
  const rollback = db.prepare("ROLLBACK");

  return {
    engine: "sqlite",
    location: `sqlite:${path}`,
    sql,
    transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      const run = async (): Promise<T> => {
        begin.run();
        try {
          const result = await fn(sql);
          commit.run();
          return result;
        } catch (err: unknown) {
          if (db.inTransaction) rollback.run();
          throw err;
        }
      };
      const next = (queues.get(path) ?? Promise.resolve()).then(run, run);
      const tail = next.catch(() => undefined);
      queues.set(path, tail);
      void tail.then(() => {
        if (queues.get(path) === tail) queues.delete(path);
      });
      return next;
    },
    serialize: () => Promise.resolve(),
    now: () => Promise.resolve(Date.now()),
    async close() {
      await queues.get(path);
      db.close();
    },
  };
}
