/**
 * PostgreSQL through pg's pool. The URL names user, host and database, never the password: that
 * comes from `PGPASSWORD` (or the variable `store_password_env` names) or `~/.pgpass`, as for psql.
 * BIGINT (int8) comes back as a JavaScript number: the store keeps millisecond times and counters
 * there, far below 2^53.
 */
import pg from "pg";
import type { Connection } from "./connection.js";
import { StoreError } from "./errors.js";
import type { Sql, SqlValue } from "./types.js";

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** `?` → `$1, $2…` (the store's SQL never has `?` inside a literal). */
function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

interface QueryResult {
  rows: unknown[];
  rowCount: number | null;
}

interface Queryable {
  query(text: string, values?: unknown[]): Promise<QueryResult>;
  query(config: { text: string; values: unknown[]; rowMode: "array" }): Promise<QueryResult>;
}

function sqlOn(client: Queryable): Sql {
  const query = (text: string, params: readonly SqlValue[]) => client.query(numbered(text), [...params]);
  return {
    engine: "postgres",
    all: async <Row extends object>(text: string, params: readonly SqlValue[] = []) => (await query(text, params)).rows as Row[],
    tuples: async <Row extends readonly unknown[]>(text: string, params: readonly SqlValue[] = []) =>
      (await client.query({ text: numbered(text), values: [...params], rowMode: "array" })).rows as Row[],
    get: async <Row extends object>(text: string, params: readonly SqlValue[] = []) => (await query(text, params)).rows[0] as Row | undefined,
    run: async (text: string, params: readonly SqlValue[] = []) => ({ changes: (await query(text, params)).rowCount ?? 0 }),
  };
}

export interface PostgresOptions {
  readonly url: string;
  readonly password: string | undefined;
  /** Connections per process; a lock waiter holds none while it waits. */
  readonly max?: number;
}

export function openPostgres(options: PostgresOptions): Connection {
  const types = {
    getTypeParser: (oid: number, format?: "text" | "binary") => {
      if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
      return pg.types.getTypeParser(oid, format);
    },
  };
  // pg lets the URL's (empty) password override a `password` option: put it in the URL, in memory only.
  const withPassword = new URL(options.url);
  if (options.password !== undefined) withPassword.password = encodeURIComponent(options.password);
  const pool = new pg.Pool({
    connectionString: withPassword.toString(),
    max: options.max ?? 4,
    types: types as pg.CustomTypesConfig,
    connectionTimeoutMillis: 30_000,
    application_name: "runwarden",
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on("error", () => undefined);
  const location = redacted(options.url);
  const wrap = (err: unknown): StoreError =>
    err instanceof StoreError
      ? err
      : new StoreError(`the PostgreSQL store ${location} failed: ${describe(err)}`, {
          cause: err,
          hint: "check that the database is reachable from this runner and the password is in PGPASSWORD (or store_password_env)",
        });
  const poolSql = sqlOn(pool);
  const guarded: Sql = {
    engine: "postgres",
    all: <Row extends object>(text: string, params?: readonly SqlValue[]) =>
      poolSql.all<Row>(text, params).catch((err: unknown): Promise<Row[]> => Promise.reject(wrap(err))),
    tuples: <Row extends readonly unknown[]>(text: string, params?: readonly SqlValue[]) =>
      poolSql.tuples<Row>(text, params).catch((err: unknown): Promise<Row[]> => Promise.reject(wrap(err))),
    get: <Row extends object>(text: string, params?: readonly SqlValue[]) =>
      poolSql.get<Row>(text, params).catch((err: unknown): Promise<Row | undefined> => Promise.reject(wrap(err))),
    run: (text, params) => poolSql.run(text, params).catch((err: unknown) => Promise.reject(wrap(err))),
  };

  return {
    engine: "postgres",
    location,
    sql: guarded,
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err: unknown) {
        throw wrap(err);
      }
      let broken = false;
      try {
        await client.query("BEGIN");
        const result = await fn(sqlOn(client));
        await client.query("COMMIT");
        return result;
      } catch (err: unknown) {
        try {
          await client.query("ROLLBACK");
        } catch {
          broken = true;
        }
        throw err instanceof Error && "severity" in err ? wrap(err) : err;
      } finally {
        client.release(broken);
      }
    },
    async serialize(sql, key) {
      await sql.get("SELECT pg_advisory_xact_lock(hashtextextended(?, 0)) AS locked", [key]);
    },
    async now(sql) {
      const row = await sql.get<{ now: number }>("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now");
      return row?.now ?? Date.now();
    },
    close: () => pool.end(),
  };
}

/** The URL without any password (there should be none: the config refuses it). */
export function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = "";
    return parsed.toString();
  } catch {
    return "postgres://…";
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === "string" ? `${err.message} (${code})` : err.message;
  }
  return String(err);
}
