/**
 * The environment lock in the store's own database: a lease row per environment (`leases.ts`) and
 * a first-come-first-served line of waiters (`rw_lock_waiters`). SQLite serves one runner host;
 * PostgreSQL is shared by every host and judges expiry by the server's clock.
 *
 * Waiters keep their place by refreshing their row; a waiter silent for its TTL (killed while
 * waiting) drops out of the line. Polls are plain reads; only a waiter that sees the lock free and
 * itself first opens a write transaction.
 */
import type { Connection } from "./connection.js";
import { makeLease } from "./lease.js";
import { end, grant, leaseRow, liveHolder, renew, serializeEnvironment, type LeaseRow } from "./leases.js";
import type { AcquireRequest, AcquireResult, LockBackend, LockHolder, Sql } from "./types.js";
import { waitInLine, type Line, type LineStep } from "./wait.js";

export interface SqlLockOptions {
  /** Pause between two polls of a waiter. Default: 25 ms (SQLite), 50 ms (PostgreSQL). */
  readonly pollMs?: number;
  readonly reportEveryMs?: number;
}

interface WaiterRow {
  readonly ticket: number;
}

/** The lease row (or nulls), the first live waiter and how many live waiters are ahead of a ticket. */
type PeekRow = { readonly [K in keyof LeaseRow]: LeaseRow[K] | null } & { readonly now: number; readonly first: number | null; readonly ahead: number };

const PEEK = (clockSql: string): string => `
  WITH c AS (SELECT ${clockSql} AS now)
  SELECT c.now AS now, l.environment, l.token, l.run_id, l.attempt, l.runner, l.acquired_at, l.expires_at, l.held,
    (SELECT MIN(w.ticket) FROM rw_lock_waiters w WHERE w.environment = ? AND w.expires_at > c.now) AS first,
    (SELECT COUNT(*) FROM rw_lock_waiters w WHERE w.environment = ? AND w.ticket < ? AND w.expires_at > c.now) AS ahead
  FROM c LEFT JOIN rw_locks l ON l.environment = ?`;
// Parameters: [clock (SQLite only)], environment, environment, ticket, environment.
const PEEK_SQLITE = PEEK("?");
const PEEK_POSTGRES = PEEK("(extract(epoch FROM clock_timestamp()) * 1000)::bigint");

async function pruneWaiters(sql: Sql, environment: string, now: number): Promise<void> {
  await sql.run("DELETE FROM rw_lock_waiters WHERE environment = ? AND expires_at <= ?", [environment, now]);
}

export function sqlLock(connection: Connection, options: SqlLockOptions = {}): LockBackend {
  const pollMs = options.pollMs ?? (connection.engine === "sqlite" ? 25 : 50);
  const clock = (): number => Date.now();

  function line(request: AcquireRequest): Line {
    const { environment, owner, ttlMs } = request;
    let ticket: number | undefined;
    /** When our waiter row was last refreshed (by the local clock: only to decide when to refresh). */
    let refreshedAt = 0;

    const take = async (sql: Sql, now: number): Promise<LineStep> => {
      const row = await leaseRow(sql, environment);
      const holder: LockHolder = { owner, token: Number(row?.token ?? 0) + 1, acquiredAt: now, expiresAt: now + ttlMs };
      const { tookOverFrom } = await grant(sql, environment, holder, now);
      if (ticket !== undefined) await sql.run("DELETE FROM rw_lock_waiters WHERE ticket = ?", [ticket]);
      ticket = undefined;
      return { kind: "acquired", holder, tookOverFrom };
    };

    /** One write transaction: take the lock if free and first, else join or refresh our place. */
    const decide = (): Promise<LineStep> =>
      connection.transaction(async (sql) => {
        await serializeEnvironment(connection, sql, environment);
        const now = await connection.now(sql);
        await pruneWaiters(sql, environment, now);
        const live = liveHolder(await leaseRow(sql, environment), now);
        if (ticket !== undefined) {
          const refreshed = await sql.run("UPDATE rw_lock_waiters SET expires_at = ? WHERE ticket = ?", [now + ttlMs, ticket]);
          if (refreshed.changes === 0) ticket = undefined; // we were silent too long and dropped out
        }
        const first = await sql.get<WaiterRow>("SELECT ticket FROM rw_lock_waiters WHERE environment = ? ORDER BY ticket LIMIT 1", [environment]);
        if (live === undefined && (first === undefined || Number(first.ticket) === ticket)) return take(sql, now);
        if (ticket === undefined) {
          const inserted = await sql.get<WaiterRow>(
            "INSERT INTO rw_lock_waiters (environment, run_id, attempt, runner, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING ticket",
            [environment, owner.runId, owner.attempt, owner.runner, now + ttlMs],
          );
          ticket = Number(inserted?.ticket);
        }
        refreshedAt = clock();
        return { kind: "waiting", holder: live, ahead: await aheadOf(sql, now) };
      });

    const aheadOf = async (sql: Sql, now: number): Promise<number> => {
      const row = await sql.get<{ n: number }>("SELECT COUNT(*) AS n FROM rw_lock_waiters WHERE environment = ? AND ticket < ? AND expires_at > ?", [
        environment,
        ticket ?? 0,
        now,
      ]);
      return Number(row?.n ?? 0);
    };

    /** A read-only look, one statement: is it worth a write transaction now? */
    const peek = async (): Promise<LineStep | undefined> => {
      const now = connection.engine === "sqlite" ? clock() : undefined;
      const row = await connection.sql.get<PeekRow>(connection.engine === "sqlite" ? PEEK_SQLITE : PEEK_POSTGRES, [
        ...(now === undefined ? [] : [now]),
        environment,
        environment,
        ticket ?? 0,
        environment,
      ]);
      if (row === undefined) return undefined;
      const live = row.token === null ? undefined : liveHolder(row as LeaseRow, Number(row.now));
      const myTurn = live === undefined && (row.first === null || Number(row.first) === ticket);
      const needsRefresh = clock() - refreshedAt >= ttlMs / 3;
      if (myTurn || needsRefresh) return undefined;
      return { kind: "waiting", holder: live, ahead: Number(row.ahead) };
    };

    return {
      async step() {
        if (ticket !== undefined) {
          const looked = await peek();
          if (looked !== undefined) return looked;
        }
        return decide();
      },
      async leave() {
        if (ticket === undefined) return;
        const mine = ticket;
        ticket = undefined;
        await connection.transaction(async (sql) => {
          await sql.run("DELETE FROM rw_lock_waiters WHERE ticket = ?", [mine]);
        });
      },
    };
  }

  return {
    kind: connection.engine,
    async acquire(request: AcquireRequest): Promise<AcquireResult> {
      const outcome = await waitInLine(request, line(request), { pollMs, reportEveryMs: options.reportEveryMs ?? 10_000, clock });
      if (outcome.kind === "timeout") return { status: "timeout", holder: outcome.holder, waitedMs: outcome.waitedMs };
      if (outcome.kind === "cancelled") return { status: "cancelled", waitedMs: outcome.waitedMs };
      const fence = { environment: request.environment, token: outcome.holder.token };
      const lease = makeLease(
        request.environment,
        outcome.holder,
        request.ttlMs,
        {
          renew: () =>
            connection.transaction(async (sql) => {
              await serializeEnvironment(connection, sql, request.environment);
              const now = await connection.now(sql);
              return renew(sql, fence, now, now + request.ttlMs);
            }),
          end: () =>
            connection.transaction(async (sql) => {
              await serializeEnvironment(connection, sql, request.environment);
              return end(sql, fence, await connection.now(sql));
            }),
        },
        clock,
      );
      return { status: "acquired", lease, tookOverFrom: outcome.tookOverFrom, waitedMs: outcome.waitedMs };
    },
    holder: (environment) => connection.transaction(async (sql) => liveHolder(await leaseRow(sql, environment), await connection.now(sql))),
  };
}
