/**
 * The store's contracts: one `Store` (SQLite or PostgreSQL) holding deploy history, environment
 * locks and whatever else needs one transaction with them (the audit chain); one `LockBackend`
 * per place a lock can live (the store's own database, or a Git ref on GitHub). Results are data
 * (discriminated unions); only "could not run" throws (`src/store/errors.ts`).
 *
 * Times are milliseconds since the epoch. Lock expiry is judged by the lock's own clock: the
 * PostgreSQL server's for `postgres`, the host's for `sqlite` and `github` (docs/store.md).
 */
import type { FailureClass } from "../diagnose/signatures.js";

export type Engine = "sqlite" | "postgres";

/** A value bound to a `?` placeholder. Booleans are stored as 0/1, JSON as text. */
export type SqlValue = string | number | bigint | null | Uint8Array;

/**
 * Plain SQL on the store's connection, for modules that keep their own tables (the audit chain).
 * Placeholders are `?` on both engines (rewritten to `$n` for PostgreSQL: never put a literal `?`
 * in the SQL text). BIGINT columns come back as JavaScript numbers on both engines.
 */
export interface Sql {
  readonly engine: Engine;
  all<Row extends object>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /**
   * Like `all`, with each row as an array of its columns in the SELECT's order: no object and no
   * property names per row, for reads of many rows (a report over a long history).
   */
  tuples<Row extends readonly unknown[]>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  get<Row extends object>(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined>;
  run(sql: string, params?: readonly SqlValue[]): Promise<{ readonly changes: number }>;
}

/** The inside of `Store.transaction`: everything here commits or rolls back together. */
export interface StoreTx {
  readonly sql: Sql;
  readonly history: DeployHistoryWriter;
  /**
   * Serialize with every other transaction that names the same key (e.g. `audit:main`), across
   * processes and hosts: PostgreSQL takes a transaction-scoped advisory lock; SQLite transactions
   * are already exclusive (`BEGIN IMMEDIATE`), so it is a no-op there.
   */
  serialize(key: string): Promise<void>;
}

/** Versioned schema changes of one component (`store`, `audit`, …), applied in order on first use. */
export interface Migration {
  /** 1, 2, 3… without gaps. */
  readonly version: number;
  readonly description: string;
  /** One or more statements separated by `;`. */
  readonly sqlite: string;
  readonly postgres: string;
}

export interface MigrationSet {
  /** Stable name of the component, the key in the `runwarden_migrations` table. */
  readonly component: string;
  readonly migrations: readonly Migration[];
}

export interface OpenStoreOptions {
  /** Schema sets of other components (the audit chain) to migrate with the store's own. */
  readonly migrations?: readonly MigrationSet[];
  /** Environment for the PostgreSQL password (`PGPASSWORD` or `store_password_env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Folder that a relative `sqlite:` path is relative to (the folder of runwarden.yml). */
  readonly baseDir?: string;
}

export interface Store {
  readonly engine: Engine;
  /** Where it is, for messages: `sqlite:/abs/path` or the PostgreSQL URL (never a password). */
  readonly location: string;
  readonly history: DeployHistory;
  /** The lock that lives in this store's database (SQLite: one host; PostgreSQL: shared). */
  readonly locks: LockBackend;
  /** Fenced writes check leases here, whichever backend holds the lock (see `Fence`). */
  readonly fences: FenceRegistry;
  /** Runs `fn` in one transaction (retried never: a thrown error rolls back and is rethrown). */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// ── Environment lock ────────────────────────────────────────────────────────────────────────

/** Who holds or wants a lock: the workflow run, its attempt and the runner it runs on. */
export interface LockOwner {
  readonly runId: string;
  readonly attempt: number;
  readonly runner: string;
}

/** Proof of holding a lease, passed to every write made under it. Tokens only grow. */
export interface Fence {
  readonly environment: string;
  readonly token: number;
}

export interface LockHolder {
  readonly owner: LockOwner;
  readonly token: number;
  readonly acquiredAt: number;
  readonly expiresAt: number;
}

/** What a waiter is told while it waits (first call at once, then every few seconds). */
export interface LockWait {
  readonly environment: string;
  /** `undefined` when the lock is free but earlier waiters are ahead. */
  readonly holder: LockHolder | undefined;
  /** Waiters ahead of this one (0: next). */
  readonly ahead: number;
  readonly waitedMs: number;
}

export interface AcquireRequest {
  readonly environment: string;
  readonly owner: LockOwner;
  /** Lease length; the holder's heartbeat renews it. Past it, a silent holder loses the lock. */
  readonly ttlMs: number;
  /** `lock_timeout`: how long to wait in line before giving up. 0: try once. */
  readonly timeoutMs: number;
  readonly onWait?: (wait: LockWait) => void;
  readonly signal?: AbortSignal;
}

export type AcquireResult =
  | {
      readonly status: "acquired";
      readonly lease: Lease;
      /** The holder whose lease had expired and was taken over (its unfinished attempts are now `aborted`). */
      readonly tookOverFrom: LockHolder | undefined;
      readonly waitedMs: number;
    }
  | { readonly status: "timeout"; readonly holder: LockHolder | undefined; readonly waitedMs: number }
  | { readonly status: "cancelled"; readonly waitedMs: number };

export type LeaseCheck = { readonly status: "held"; readonly expiresAt: number } | { readonly status: "lost"; readonly holder: LockHolder | undefined };

export type ReleaseResult = { readonly status: "released" } | { readonly status: "lost"; readonly holder: LockHolder | undefined };

export interface Lease {
  readonly fence: Fence;
  readonly holder: LockHolder;
  /** Renews the lease for another TTL, unless it was lost (expired and taken, or expired). */
  heartbeat(): Promise<LeaseCheck>;
  /**
   * Heartbeats every TTL/3 until `release` or until the lease is lost; `onLost` is called once then.
   * Errors reaching the backend are retried until the lease would expire, then count as lost.
   */
  keepAlive(onLost: (check: Extract<LeaseCheck, { status: "lost" }>) => void): void;
  /** Stops the heartbeat and frees the lock for the next waiter (a lost lease reports `lost`). */
  release(): Promise<ReleaseResult>;
}

export interface LockBackend {
  readonly kind: "sqlite" | "postgres" | "github";
  acquire(request: AcquireRequest): Promise<AcquireResult>;
  /** The current holder, `undefined` when free or expired. */
  holder(environment: string): Promise<LockHolder | undefined>;
}

/**
 * The store's record of leases, against which fenced writes are checked in the same transaction:
 * a write under `fence` succeeds only while that token is the environment's latest and unexpired.
 * The SQL lock backends keep it themselves; the GitHub backend mirrors each acquire, heartbeat and
 * release into it.
 */
export interface FenceRegistry {
  /** Records a lease granted elsewhere (GitHub); ignored when `holder.token` is older than the recorded one. */
  record(environment: string, holder: LockHolder): Promise<void>;
  /** Marks the lease ended (released or lost) when it is still the recorded one. */
  end(fence: Fence): Promise<void>;
  check(fence: Fence): Promise<LeaseCheck>;
}

// ── Deploy history ─────────────────────────────────────────────────────────────────────────

export type DeployOutcome = "success" | "failure" | "refused" | "aborted" | "skipped";
/** `running`: no outcome yet and its lease is current; `aborted` is also shown for an unfinished attempt whose lease expired. */
export type AttemptStatus = DeployOutcome | "running";

export type StageStatus = "success" | "failure" | "skipped" | "error" | "refused";

export interface StageRecord {
  readonly name: string;
  readonly status: StageStatus;
  readonly durationMs: number;
  readonly detail?: string;
}

/** One host's line of an Ansible PLAY RECAP. */
export interface HostRecap {
  readonly host: string;
  readonly ok: number;
  readonly changed: number;
  readonly unreachable: number;
  readonly failed: number;
  readonly skipped: number;
  readonly rescued: number;
  readonly ignored: number;
}

export interface AttemptStart {
  readonly environment: string;
  readonly sha: string;
  readonly ref: string;
  readonly runId: string;
  readonly runAttempt: number;
  readonly actor: string;
  readonly runner: string;
  readonly runnerGroup: string | undefined;
  readonly startedAt: number;
  /** When GitHub queued the deploy job (its `created_at`), when known: queue time is `startedAt − queuedAt`. */
  readonly queuedAt?: number | undefined;
}

export interface AttemptFinish {
  readonly outcome: DeployOutcome;
  readonly failureClass: FailureClass | null;
  readonly failover: boolean;
  readonly deploymentId: number | undefined;
  readonly hosts: readonly HostRecap[];
  readonly finishedAt: number;
}

export interface AttemptRecord extends AttemptStart {
  readonly id: number;
  /** The lease it ran under, once `attachFence` was called. */
  readonly lockToken: number | undefined;
  readonly status: AttemptStatus;
  readonly failureClass: FailureClass | null;
  readonly failover: boolean;
  readonly deploymentId: number | undefined;
  readonly stages: readonly StageRecord[];
  readonly hosts: readonly HostRecap[];
  readonly finishedAt: number | undefined;
}

export type FencedWrite = { readonly status: "written" } | { readonly status: "fenced"; readonly holder: LockHolder | undefined };
export type FencedStart = { readonly status: "written"; readonly id: number } | { readonly status: "fenced"; readonly holder: LockHolder | undefined };

/**
 * Writes to history. Writes that name a `fence` are refused (`fenced`, nothing written) unless
 * that lease is still the environment's current one; writes without one (a refusal recorded
 * before any lock was taken) are never fenced.
 */
export interface DeployHistoryWriter {
  /** Records a new attempt (its `lockToken` is the fence's); returns its id. */
  start(attempt: AttemptStart, fence?: Fence): Promise<FencedStart>;
  attachFence(id: number, fence: Fence): Promise<FencedWrite>;
  stage(id: number, stage: StageRecord, fence?: Fence): Promise<FencedWrite>;
  finish(id: number, result: AttemptFinish, fence?: Fence): Promise<FencedWrite>;
}

export interface HistoryQuery {
  readonly environment?: string;
  /** Newest first; default 20. */
  readonly limit?: number;
}

export interface DeployHistory extends DeployHistoryWriter {
  list(query?: HistoryQuery): Promise<AttemptRecord[]>;
  get(id: number): Promise<AttemptRecord | undefined>;
}
