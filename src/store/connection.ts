/**
 * What the store needs from an engine: plain SQL, transactions that serialize where they must, and
 * the clock leases are judged by. `sqlite-connection.ts` and `postgres-connection.ts` implement it;
 * everything above (migrations, history, locks) is written once against it.
 */
import type { Engine, Sql } from "./types.js";

export interface Connection {
  readonly engine: Engine;
  readonly location: string;
  /** Single statements outside any transaction (each commits by itself). */
  readonly sql: Sql;
  /**
   * Runs `fn` in one write transaction. SQLite: `BEGIN IMMEDIATE` (one writer at a time, so every
   * transaction is serialized); PostgreSQL: READ COMMITTED on a pooled client — use `serialize`.
   */
  transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  /** Inside a transaction: wait for every other transaction holding `key` to end. */
  serialize(sql: Sql, key: string): Promise<void>;
  /** The lease clock, read inside the transaction (PostgreSQL: the server's `clock_timestamp()`). */
  now(sql: Sql): Promise<number>;
  close(): Promise<void>;
}

/** Splits migration text into statements (no `;` inside string literals in migrations). */
export function statements(text: string): string[] {
  return text
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}
