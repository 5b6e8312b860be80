/**
 * The chain's SQL, written once for both engines against the store's `Sql`: append under the
 * chain's lock, read the head, read pages in storage order, filter for `show`/`export`.
 */
import type { Engine, Sql, SqlValue, StoreTx } from "../store/types.js";
import { nextEntry, type EntryHasher, type StoredEntry } from "./entry.js";

/** The chain every command writes unless told otherwise. */
export const DEFAULT_CHAIN = "main";

/** The key `StoreTx.serialize` takes for a chain: one writer per chain at a time. */
export function chainLockKey(chain: string): string {
  return `audit:${chain}`;
}

export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

const COLUMNS = "seq, ts, prev, event, alg, hash";

interface EntryRow {
  readonly id: number;
  readonly seq: number;
  readonly ts: string;
  readonly prev: string;
  readonly event: string;
  readonly alg: string;
  readonly hash: string;
}

function entryOf(row: EntryRow): StoredEntry {
  return { seq: Number(row.seq), ts: row.ts, prev: row.prev, event: row.event, alg: row.alg, hash: row.hash };
}

export async function readHead(sql: Sql, chain: string): Promise<ChainHead | undefined> {
  const row = await sql.get<{ seq: number; hash: string }>("SELECT seq, hash FROM rw_audit_entries WHERE chain = ? ORDER BY seq DESC LIMIT 1", [chain]);
  return row === undefined ? undefined : { seq: Number(row.seq), hash: row.hash };
}

/**
 * Appends inside `tx`: takes the chain's lock (PostgreSQL advisory lock; SQLite's transaction is
 * already exclusive), reads the head, inserts the next entry. Commits or rolls back with `tx`.
 */
export async function appendEntry(tx: StoreTx, chain: string, ts: string, event: string, hasher: EntryHasher): Promise<StoredEntry> {
  await tx.serialize(chainLockKey(chain));
  const entry = nextEntry(await readHead(tx.sql, chain), ts, event, hasher);
  await tx.sql.run(`INSERT INTO rw_audit_entries (chain, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
    chain,
    entry.seq,
    entry.ts,
    entry.prev,
    entry.event,
    entry.alg,
    entry.hash,
  ]);
  return entry;
}

export async function readEntry(sql: Sql, chain: string, seq: number): Promise<StoredEntry | undefined> {
  const row = await sql.get<EntryRow>(`SELECT id, ${COLUMNS} FROM rw_audit_entries WHERE chain = ? AND seq = ?`, [chain, seq]);
  return row === undefined ? undefined : entryOf(row);
}

export interface Page {
  readonly entries: readonly StoredEntry[];
  /** Storage position after the last entry of this page: pass it as `after` for the next one. */
  readonly next: number;
}

/** Entries in storage order after position `after` (0: from the start), at most `limit`. */
export async function readPage(sql: Sql, chain: string, after: number, limit: number, fromSeq = 1): Promise<Page> {
  const rows = await sql.all<EntryRow>(`SELECT id, ${COLUMNS} FROM rw_audit_entries WHERE chain = ? AND id > ? AND seq >= ? ORDER BY id LIMIT ?`, [
    chain,
    after,
    fromSeq,
    limit,
  ]);
  const last = rows[rows.length - 1];
  return { entries: rows.map(entryOf), next: last === undefined ? after : Number(last.id) };
}

export interface EntryFilter {
  readonly environment?: string;
  /** ISO 8601 UTC: entries at or after it. */
  readonly since?: string;
}

function environmentOf(engine: Engine): string {
  return engine === "sqlite" ? "json_extract(event, '$.environment')" : "(event::jsonb ->> 'environment')";
}

function where(engine: Engine, chain: string, filter: EntryFilter): { text: string; params: SqlValue[] } {
  const parts = ["chain = ?"];
  const params: SqlValue[] = [chain];
  if (filter.environment !== undefined) {
    parts.push(`${environmentOf(engine)} = ?`);
    params.push(filter.environment);
  }
  if (filter.since !== undefined) {
    parts.push("ts >= ?");
    params.push(filter.since);
  }
  return { text: parts.join(" AND "), params };
}

/** The newest `limit` entries matching `filter`, oldest first (for `show`). */
export async function readLatest(sql: Sql, chain: string, filter: EntryFilter, limit: number): Promise<StoredEntry[]> {
  const clause = where(sql.engine, chain, filter);
  const rows = await sql.all<EntryRow>(`SELECT id, ${COLUMNS} FROM rw_audit_entries WHERE ${clause.text} ORDER BY seq DESC LIMIT ?`, [...clause.params, limit]);
  return rows.map(entryOf).reverse();
}

/** Entries matching `filter` in seq order after seq `after`, at most `limit` (for `export`). */
export async function readMatching(sql: Sql, chain: string, filter: EntryFilter, after: number, limit: number): Promise<StoredEntry[]> {
  const clause = where(sql.engine, chain, filter);
  const rows = await sql.all<EntryRow>(`SELECT id, ${COLUMNS} FROM rw_audit_entries WHERE ${clause.text} AND seq > ? ORDER BY seq LIMIT ?`, [
    ...clause.params,
    after,
    limit,
  ]);
  return rows.map(entryOf);
}
