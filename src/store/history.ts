/**
 * Deploy history: one row per attempt. Writes under a fence are checked against the lease rows in
 * the same transaction. An attempt with no outcome whose lease is gone reads as `aborted` (and is
 * written so as soon as the next holder takes the lock).
 */
import type { Connection } from "./connection.js";
import { checkFence, leaseRow, liveHolder, serializeEnvironment, type LeaseRow } from "./leases.js";
import type {
  AttemptFinish,
  AttemptRecord,
  AttemptStart,
  AttemptStatus,
  DeployHistory,
  DeployHistoryWriter,
  DeployOutcome,
  Fence,
  FencedStart,
  FencedWrite,
  HistoryQuery,
  HostRecap,
  Sql,
  StageRecord,
} from "./types.js";
import type { FailureClass } from "../diagnose/signatures.js";

interface AttemptRow {
  readonly id: number;
  readonly environment: string;
  readonly sha: string;
  readonly ref: string;
  readonly run_id: string;
  readonly run_attempt: number;
  readonly actor: string;
  readonly runner: string;
  readonly runner_group: string | null;
  readonly lock_token: number | null;
  readonly outcome: string | null;
  readonly failure_class: string | null;
  readonly failover: number;
  readonly deployment_id: number | null;
  readonly stages: string;
  readonly hosts: string;
  readonly started_at: number;
  readonly finished_at: number | null;
  readonly queued_at: number | null;
}

const DEFAULT_LIMIT = 20;

function parsed<T>(text: string): T[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}

function statusOf(row: AttemptRow, lease: LeaseRow | undefined, now: number): AttemptStatus {
  if (row.outcome !== null) return row.outcome as DeployOutcome;
  if (row.lock_token === null) return "running";
  const live = liveHolder(lease, now);
  return live !== undefined && live.token === Number(row.lock_token) ? "running" : "aborted";
}

function recordOf(row: AttemptRow, lease: LeaseRow | undefined, now: number): AttemptRecord {
  return {
    id: Number(row.id),
    environment: row.environment,
    sha: row.sha,
    ref: row.ref,
    runId: row.run_id,
    runAttempt: Number(row.run_attempt),
    actor: row.actor,
    runner: row.runner,
    runnerGroup: row.runner_group ?? undefined,
    startedAt: Number(row.started_at),
    lockToken: row.lock_token === null ? undefined : Number(row.lock_token),
    status: statusOf(row, lease, now),
    failureClass: (row.failure_class as FailureClass | null) ?? null,
    failover: Number(row.failover) === 1,
    deploymentId: row.deployment_id === null ? undefined : Number(row.deployment_id),
    stages: parsed<StageRecord>(row.stages),
    hosts: parsed<HostRecap>(row.hosts),
    finishedAt: row.finished_at === null ? undefined : Number(row.finished_at),
    queuedAt: row.queued_at === null ? undefined : Number(row.queued_at),
  };
}

/** The writer bound to one transaction's `sql` (the caller has opened the transaction). */
export function historyWriter(connection: Connection, sql: Sql): DeployHistoryWriter {
  /** Checks the fence (if any) for the attempt's environment, then runs `write`. */
  const fenced = async (environment: string, fence: Fence | undefined, write: () => Promise<void>): Promise<FencedWrite> => {
    if (fence !== undefined) {
      if (fence.environment !== environment) return { status: "fenced", holder: undefined };
      await serializeEnvironment(connection, sql, environment);
      const check = await checkFence(sql, fence, await connection.now(sql));
      if (check.status === "lost") return { status: "fenced", holder: check.holder };
    }
    await write();
    return { status: "written" };
  };
  const environmentOf = async (id: number): Promise<string | undefined> =>
    (await sql.get<{ environment: string }>("SELECT environment FROM rw_deploy_attempts WHERE id = ?", [id]))?.environment;
  const onAttempt = async (id: number, fence: Fence | undefined, write: () => Promise<void>): Promise<FencedWrite> => {
    const environment = await environmentOf(id);
    if (environment === undefined) throw new RangeError(`no deploy attempt ${id} in the store`);
    return fenced(environment, fence, write);
  };

  return {
    async start(attempt: AttemptStart, fence?: Fence): Promise<FencedStart> {
      let id = 0;
      const result = await fenced(attempt.environment, fence, async () => {
        const row = await sql.get<{ id: number }>(
          `INSERT INTO rw_deploy_attempts (environment, sha, ref, run_id, run_attempt, actor, runner, runner_group, lock_token, started_at, queued_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
          [
            attempt.environment,
            attempt.sha,
            attempt.ref,
            attempt.runId,
            attempt.runAttempt,
            attempt.actor,
            attempt.runner,
            attempt.runnerGroup ?? null,
            fence?.token ?? null,
            attempt.startedAt,
            attempt.queuedAt ?? null,
          ],
        );
        id = Number(row?.id);
      });
      return result.status === "fenced" ? result : { status: "written", id };
    },
    attachFence: (id, fence) =>
      onAttempt(id, fence, async () => {
        await sql.run("UPDATE rw_deploy_attempts SET lock_token = ? WHERE id = ?", [fence.token, id]);
      }),
    stage: (id, stage, fence) =>
      onAttempt(id, fence, async () => {
        const row = await sql.get<{ stages: string }>("SELECT stages FROM rw_deploy_attempts WHERE id = ?", [id]);
        const stages = [...parsed<StageRecord>(row?.stages ?? "[]"), stage];
        await sql.run("UPDATE rw_deploy_attempts SET stages = ? WHERE id = ?", [JSON.stringify(stages), id]);
      }),
    finish: (id, result: AttemptFinish, fence) =>
      onAttempt(id, fence, async () => {
        await sql.run(
          "UPDATE rw_deploy_attempts SET outcome = ?, failure_class = ?, failover = ?, deployment_id = ?, hosts = ?, finished_at = ? WHERE id = ?",
          [result.outcome, result.failureClass, result.failover ? 1 : 0, result.deploymentId ?? null, JSON.stringify(result.hosts), result.finishedAt, id],
        );
      }),
  };
}

export function deployHistory(connection: Connection): DeployHistory {
  const inTx = <T>(fn: (writer: DeployHistoryWriter) => Promise<T>): Promise<T> => connection.transaction((sql) => fn(historyWriter(connection, sql)));
  const leasesAt = async (sql: Sql, environments: Iterable<string>): Promise<Map<string, LeaseRow>> => {
    const leases = new Map<string, LeaseRow>();
    for (const environment of new Set(environments)) {
      const row = await leaseRow(sql, environment);
      if (row !== undefined) leases.set(environment, row);
    }
    return leases;
  };
  const read = async (where: string, params: (string | number)[], limit: number): Promise<AttemptRecord[]> =>
    connection.transaction(async (sql) => {
      const rows = await sql.all<AttemptRow>(`SELECT * FROM rw_deploy_attempts ${where} ORDER BY id DESC LIMIT ?`, [...params, limit]);
      const now = await connection.now(sql);
      const leases = await leasesAt(
        sql,
        rows.map((row) => row.environment),
      );
      return rows.map((row) => recordOf(row, leases.get(row.environment), now));
    });

  return {
    start: (attempt, fence) => inTx((writer) => writer.start(attempt, fence)),
    attachFence: (id, fence) => inTx((writer) => writer.attachFence(id, fence)),
    stage: (id, stage, fence) => inTx((writer) => writer.stage(id, stage, fence)),
    finish: (id, result, fence) => inTx((writer) => writer.finish(id, result, fence)),
    list: (query: HistoryQuery = {}) =>
      read(
        query.environment === undefined ? "" : "WHERE environment = ?",
        query.environment === undefined ? [] : [query.environment],
        query.limit ?? DEFAULT_LIMIT,
      ),
    get: async (id) => (await read("WHERE id = ?", [id], 1))[0],
  };
}
