/**
 * The store's own schema: environment locks (lease rows and their waiting line) and deploy
 * history. Add a migration at the end; never edit one that shipped.
 */
import type { MigrationSet } from "./types.js";

export const STORE_MIGRATIONS: MigrationSet = {
  component: "store",
  migrations: [
    {
      version: 1,
      description: "environment locks, lock waiters, deploy attempts",
      sqlite: `
        CREATE TABLE rw_locks (
          environment TEXT PRIMARY KEY,
          token INTEGER NOT NULL,
          run_id TEXT NOT NULL,
          attempt INTEGER NOT NULL,
          runner TEXT NOT NULL,
          acquired_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          held INTEGER NOT NULL
        );
        CREATE TABLE rw_lock_waiters (
          ticket INTEGER PRIMARY KEY AUTOINCREMENT,
          environment TEXT NOT NULL,
          run_id TEXT NOT NULL,
          attempt INTEGER NOT NULL,
          runner TEXT NOT NULL,
          expires_at INTEGER NOT NULL
        );
        CREATE INDEX rw_lock_waiters_environment ON rw_lock_waiters (environment, ticket);
        CREATE TABLE rw_deploy_attempts (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          environment TEXT NOT NULL,
          sha TEXT NOT NULL,
          ref TEXT NOT NULL,
          run_id TEXT NOT NULL,
          run_attempt INTEGER NOT NULL,
          actor TEXT NOT NULL,
          runner TEXT NOT NULL,
          runner_group TEXT,
          lock_token INTEGER,
          outcome TEXT,
          failure_class TEXT,
          failover INTEGER NOT NULL DEFAULT 0,
          deployment_id INTEGER,
          stages TEXT NOT NULL DEFAULT '[]',
          hosts TEXT NOT NULL DEFAULT '[]',
          started_at INTEGER NOT NULL,
          finished_at INTEGER
        );
        CREATE INDEX rw_deploy_attempts_environment ON rw_deploy_attempts (environment, id)`,
      postgres: `
        CREATE TABLE rw_locks (
          environment TEXT PRIMARY KEY,
          token BIGINT NOT NULL,
          run_id TEXT NOT NULL,
          attempt INTEGER NOT NULL,
          runner TEXT NOT NULL,
          acquired_at BIGINT NOT NULL,
          expires_at BIGINT NOT NULL,
          held INTEGER NOT NULL
        );
        CREATE TABLE rw_lock_waiters (
          ticket BIGSERIAL PRIMARY KEY,
          environment TEXT NOT NULL,
          run_id TEXT NOT NULL,
          attempt INTEGER NOT NULL,
          runner TEXT NOT NULL,
          expires_at BIGINT NOT NULL
        );
        CREATE INDEX rw_lock_waiters_environment ON rw_lock_waiters (environment, ticket);
        CREATE TABLE rw_deploy_attempts (
          id BIGSERIAL PRIMARY KEY,
          environment TEXT NOT NULL,
          sha TEXT NOT NULL,
          ref TEXT NOT NULL,
          run_id TEXT NOT NULL,
          run_attempt INTEGER NOT NULL,
          actor TEXT NOT NULL,
          runner TEXT NOT NULL,
          runner_group TEXT,
          lock_token BIGINT,
          outcome TEXT,
          failure_class TEXT,
          failover INTEGER NOT NULL DEFAULT 0,
          deployment_id BIGINT,
          stages TEXT NOT NULL DEFAULT '[]',
          hosts TEXT NOT NULL DEFAULT '[]',
          started_at BIGINT NOT NULL,
          finished_at BIGINT
        );
        CREATE INDEX rw_deploy_attempts_environment ON rw_deploy_attempts (environment, id)`,
    },
    {
      version: 2,
      description: "deploy attempts: when GitHub queued the job (queue time), and an index for reports over a window",
      sqlite: `
        ALTER TABLE rw_deploy_attempts ADD COLUMN queued_at INTEGER;
        CREATE INDEX rw_deploy_attempts_started ON rw_deploy_attempts (started_at)`,
      postgres: `
        ALTER TABLE rw_deploy_attempts ADD COLUMN queued_at BIGINT;
        CREATE INDEX rw_deploy_attempts_started ON rw_deploy_attempts (started_at)`,
    },
  ],
};
