/**
 * The chain's SQL, written once for both engines against the store's `Sql`: append under the
 * chain's lock, read the head, read pages in storage order, filter for `show`/`export`.
 */
import type { Engine, Sql, SqlValue, StoreTx } from "../store/types.js";
import { GENESIS_PREV, nextEntry, type EntryHasher, type StoredEntry } from "./entry.js";

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

/** A stored entry with its row id. */
interface EntryRow extends StoredEntry {
  readonly id: number;
}

function entryOf(row: EntryRow): StoredEntry {
  return { seq: Number(row.seq), ts: row.ts, prev: row.prev, event: row.event, alg: row.alg, hash: row.hash };
}

export async function readHead(sql: Sql, chain: string): Promise<ChainHead | undefined> {
  const row = await sql.get<{ seq: number; hash: string }>("SELECT seq, hash FROM rw_audit_entries WHERE chain = ? ORDER BY seq DESC LIMIT 1", [chain]);
  return row === undefined ? undefined : { seq: Number(row.seq), hash: row.hash };
}

/** One entry waiting to be appended: its time, canonical event text and hasher. */
export interface PendingEntry {
  readonly ts: string;
  readonly event: string;
  readonly hasher: EntryHasher;
}

/**
 * PostgreSQL: lock the chain's head row and read it in one round trip. `FOR UPDATE` waits for the
 * previous writer and then returns the row as that writer left it (READ COMMITTED re-reads a row
 * updated meanwhile), so the lock and a fresh head come together. A missing row is created; when
 * it had to be created while entries exist (someone deleted it), the head comes from the entries.
 */
async function lockHeadPostgres(sql: Sql, chain: string): Promise<ChainHead | undefined> {
  const select = "SELECT seq, hash FROM rw_audit_heads WHERE chain = ? FOR UPDATE";
  let row = await sql.get<{ seq: number; hash: string }>(select, [chain]);
  if (row === undefined) {
    await sql.run("INSERT INTO rw_audit_heads (chain, seq, hash) VALUES (?, 0, ?) ON CONFLICT (chain) DO NOTHING", [chain, GENESIS_PREV]);
    row = await sql.get<{ seq: number; hash: string }>(select, [chain]);
  }
  if (row === undefined || Number(row.seq) === 0) return readHead(sql, chain);
  return { seq: Number(row.seq), hash: row.hash };
}

/**
 * Appends inside `tx`, in order: takes the chain's lock (PostgreSQL: its head row; SQLite's
 * transaction is already exclusive), reads the head once, inserts the next entries. They commit or
 * roll back with `tx`, together. On PostgreSQL the inserts and the head update are one statement,
 * so the lock is held for three round trips: head, write, commit.
 */
export async function appendEntries(tx: StoreTx, chain: string, pending: readonly PendingEntry[]): Promise<StoredEntry[]> {
  const postgres = tx.sql.engine === "postgres";
  if (!postgres) await tx.serialize(chainLockKey(chain));
  let head: ChainHead | undefined = postgres ? await lockHeadPostgres(tx.sql, chain) : await readHead(tx.sql, chain);
  const out: StoredEntry[] = [];
  for (const item of pending) {
    const entry = nextEntry(head, item.ts, item.event, item.hasher);
    out.push(entry);
    head = entry;
  }
  if (head === undefined || out.length === 0) return out;
  const values = out.map(() => "(?, ?, ?, ?, ?, ?, ?)").join(", ");
  const params = out.flatMap((entry) => [chain, entry.seq, entry.ts, entry.prev, entry.event, entry.alg, entry.hash]);
  const insert = `INSERT INTO rw_audit_entries (chain, ${COLUMNS}) VALUES ${values}`;
  if (postgres) {
    await tx.sql.run(`WITH appended AS (${insert} RETURNING seq) UPDATE rw_audit_heads SET seq = ?, hash = ? WHERE chain = ?`, [
      ...params,
      head.seq,
      head.hash,
      chain,
    ]);
  } else {
    await tx.sql.run(insert, params);
  }
  return out;
}

/** Appends one entry inside `tx` (see `appendEntries`). */
export async function appendEntry(tx: StoreTx, chain: string, ts: string, event: string, hasher: EntryHasher): Promise<StoredEntry> {
  const [entry] = await appendEntries(tx, chain, [{ ts, event, hasher }]);
  if (entry === undefined) throw new Error("no entry appended");
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

/** U+001F: never in a stored field (JSON escapes it inside events; the others are digits, hex, ISO times). */
const UNIT = "\u001f";

/**
 * One text column per row (`seq␟ts␟prev␟alg␟hash␟event`): drivers build one small object per row
 * instead of seven properties, which is most of verify's time. A row that does not split into
 * exactly six parts (a field edited to hold U+001F) is read again column by column.
 */
function packed(engine: Engine): string {
  const sep = engine === "sqlite" ? "char(31)" : "chr(31)";
  const seq = engine === "sqlite" ? "seq" : "seq::text";
  return `${seq} || ${sep} || ts || ${sep} || prev || ${sep} || alg || ${sep} || hash || ${sep} || event AS packed`;
}

function unpack(text: string): StoredEntry | undefined {
  const a = text.indexOf(UNIT);
  const b = text.indexOf(UNIT, a + 1);
  const c = text.indexOf(UNIT, b + 1);
  const d = text.indexOf(UNIT, c + 1);
  const e = text.indexOf(UNIT, d + 1);
  if (a < 0 || b < 0 || c < 0 || d < 0 || e < 0 || text.includes(UNIT, e + 1)) return undefined;
  const seq = text.slice(0, a);
  if (!/^-?\d{1,16}$/.test(seq)) return undefined;
  return {
    seq: Number(seq),
    ts: text.slice(a + 1, b),
    prev: text.slice(b + 1, c),
    alg: text.slice(c + 1, d),
    hash: text.slice(d + 1, e),
    event: text.slice(e + 1),
  };
}

/**
 * Entries in storage order after position `after` (0: from the start), at most `limit`. SQLite
 * walks the table itself in rowid order (`+chain` keeps the planner off the (chain, seq) index).
 */
export async function readPage(sql: Sql, chain: string, after: number, limit: number, fromSeq = 1): Promise<Page> {
  const chainColumn = sql.engine === "sqlite" ? "+chain" : "chain";
  const rows = await sql.all<{ id: number; packed: string }>(
    `SELECT id, ${packed(sql.engine)} FROM rw_audit_entries WHERE ${chainColumn} = ? AND id > ? AND seq >= ? ORDER BY id LIMIT ?`,
    [chain, after, fromSeq, limit],
  );
  const entries: StoredEntry[] = [];
  for (const row of rows) {
    const entry = unpack(row.packed) ?? (await readById(sql, Number(row.id)));
    if (entry !== undefined) entries.push(entry);
  }
  const last = rows[rows.length - 1];
  return { entries, next: last === undefined ? after : Number(last.id) };
}

async function readById(sql: Sql, id: number): Promise<StoredEntry | undefined> {
  const row = await sql.get<EntryRow>(`SELECT id, ${COLUMNS} FROM rw_audit_entries WHERE id = ?`, [id]);
  return row === undefined ? undefined : entryOf(row);
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
