/**
 * The lease rows (`rw_locks`): one per environment, with the latest token, its owner and expiry.
 * Every function here runs inside a transaction that has called `serializeEnvironment` first, so
 * a takeover and a fenced write never interleave. The SQL lock backend grants leases here; the
 * GitHub backend mirrors its leases here so that fenced writes are checked the same way.
 */
import type { Connection } from "./connection.js";
import type { Fence, LeaseCheck, LockHolder, Sql } from "./types.js";

export interface LeaseRow {
  readonly environment: string;
  readonly token: number;
  readonly run_id: string;
  readonly attempt: number;
  readonly runner: string;
  readonly acquired_at: number;
  readonly expires_at: number;
  readonly held: number;
}

export function serializeEnvironment(connection: Connection, sql: Sql, environment: string): Promise<void> {
  return connection.serialize(sql, `runwarden:lock:${environment}`);
}

export function holderOf(row: LeaseRow): LockHolder {
  return {
    owner: { runId: row.run_id, attempt: Number(row.attempt), runner: row.runner },
    token: Number(row.token),
    acquiredAt: Number(row.acquired_at),
    expiresAt: Number(row.expires_at),
  };
}

export async function leaseRow(sql: Sql, environment: string): Promise<LeaseRow | undefined> {
  return sql.get<LeaseRow>("SELECT * FROM rw_locks WHERE environment = ?", [environment]);
}

/** The holder while its lease runs; `undefined` when released or expired. */
export function liveHolder(row: LeaseRow | undefined, now: number): LockHolder | undefined {
  return row !== undefined && Number(row.held) === 1 && Number(row.expires_at) > now ? holderOf(row) : undefined;
}

/**
 * Records `holder` as the environment's lease unless a newer token is already recorded. When it
 * replaces a lease that was still marked held (its holder died), that holder's unfinished
 * attempts become `aborted`. Returns the replaced holder in that case.
 */
export async function grant(
  sql: Sql,
  environment: string,
  holder: LockHolder,
  now: number,
): Promise<{ granted: boolean; tookOverFrom: LockHolder | undefined }> {
  const row = await leaseRow(sql, environment);
  if (row !== undefined && Number(row.token) >= holder.token) return { granted: false, tookOverFrom: undefined };
  const tookOverFrom = row !== undefined && Number(row.held) === 1 ? holderOf(row) : undefined;
  const values = [holder.token, holder.owner.runId, holder.owner.attempt, holder.owner.runner, holder.acquiredAt, holder.expiresAt];
  if (row === undefined) {
    await sql.run("INSERT INTO rw_locks (token, run_id, attempt, runner, acquired_at, expires_at, held, environment) VALUES (?, ?, ?, ?, ?, ?, 1, ?)", [
      ...values,
      environment,
    ]);
  } else {
    await sql.run("UPDATE rw_locks SET token = ?, run_id = ?, attempt = ?, runner = ?, acquired_at = ?, expires_at = ?, held = 1 WHERE environment = ?", [
      ...values,
      environment,
    ]);
  }
  // Every attempt still open under an older token lost its lease: it is over, as `aborted`.
  await sql.run(
    "UPDATE rw_deploy_attempts SET outcome = 'aborted', finished_at = ? WHERE environment = ? AND outcome IS NULL AND lock_token IS NOT NULL AND lock_token < ?",
    [now, environment, holder.token],
  );
  return { granted: true, tookOverFrom };
}

/** Whether writes under `fence` are allowed now. */
export async function checkFence(sql: Sql, fence: Fence, now: number): Promise<LeaseCheck> {
  const row = await leaseRow(sql, fence.environment);
  const live = liveHolder(row, now);
  if (live !== undefined && live.token === fence.token) return { status: "held", expiresAt: live.expiresAt };
  return { status: "lost", holder: live };
}

/** Extends the lease of `fence` to `expiresAt` when it is still current and unexpired. */
export async function renew(sql: Sql, fence: Fence, now: number, expiresAt: number): Promise<LeaseCheck> {
  const result = await sql.run("UPDATE rw_locks SET expires_at = ? WHERE environment = ? AND token = ? AND held = 1 AND expires_at > ?", [
    expiresAt,
    fence.environment,
    fence.token,
    now,
  ]);
  if (result.changes === 1) return { status: "held", expiresAt };
  return { status: "lost", holder: liveHolder(await leaseRow(sql, fence.environment), now) };
}

/** Frees the lock held under `fence`; `lost` when it no longer was (expired or taken). */
export async function end(sql: Sql, fence: Fence, now: number): Promise<LeaseCheck> {
  const result = await sql.run("UPDATE rw_locks SET held = 0, expires_at = ? WHERE environment = ? AND token = ? AND held = 1 AND expires_at > ?", [
    now,
    fence.environment,
    fence.token,
    now,
  ]);
  if (result.changes === 1) return { status: "held", expiresAt: now };
  return { status: "lost", holder: liveHolder(await leaseRow(sql, fence.environment), now) };
}
