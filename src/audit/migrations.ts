/**
 * The audit chain's tables, migrated with the store's own (pass `AUDIT_MIGRATIONS` in
 * `openStore(config, { migrations: [AUDIT_MIGRATIONS] })`). Add a migration at the end; never edit
 * one that shipped.
 *
 * `rw_audit_entries.id` is the storage order (appends are serialized per chain, so it grows with
 * `seq`); `verify` reads in that order (its primary key), which is how a reordered chain shows. `UNIQUE (chain, seq)`
 * makes a fork impossible even if two writers ever raced. `rw_audit_heads` (PostgreSQL) is the row
 * an append locks and the head it reads (a cache: verify never trusts it). `rw_audit_checkpoints` holds checkpoints
 * when a *second* store is their place (never the chain's own store).
 */
import type { MigrationSet } from "../store/types.js";

export const AUDIT_MIGRATIONS: MigrationSet = {
  component: "audit",
  migrations: [
    {
      version: 1,
      description: "audit chain entries and checkpoints",
      sqlite: `
        CREATE TABLE rw_audit_entries (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          chain TEXT NOT NULL,
          seq INTEGER NOT NULL,
          ts TEXT NOT NULL,
          prev TEXT NOT NULL,
          event TEXT NOT NULL,
          alg TEXT NOT NULL,
          hash TEXT NOT NULL,
          UNIQUE (chain, seq)
        );
        CREATE TABLE rw_audit_checkpoints (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          chain TEXT NOT NULL,
          size INTEGER NOT NULL,
          head_hash TEXT NOT NULL,
          ts TEXT NOT NULL,
          key_id TEXT NOT NULL,
          signature TEXT NOT NULL
        );
        CREATE INDEX rw_audit_checkpoints_chain ON rw_audit_checkpoints (chain, size)`,
      postgres: `
        CREATE TABLE rw_audit_entries (
          id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          chain TEXT NOT NULL,
          seq BIGINT NOT NULL,
          ts TEXT NOT NULL,
          prev TEXT NOT NULL,
          event TEXT NOT NULL,
          alg TEXT NOT NULL,
          hash TEXT NOT NULL,
          UNIQUE (chain, seq)
        );
        CREATE TABLE rw_audit_checkpoints (
          id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          chain TEXT NOT NULL,
          size BIGINT NOT NULL,
          head_hash TEXT NOT NULL,
          ts TEXT NOT NULL,
          key_id TEXT NOT NULL,
          signature TEXT NOT NULL
        );
        CREATE INDEX rw_audit_checkpoints_chain ON rw_audit_checkpoints (chain, size)`,
    },
    {
      version: 2,
      description: "chain heads: the row a PostgreSQL append locks (SQLite transactions are exclusive already)",
      sqlite: "",
      postgres: `
        CREATE TABLE rw_audit_heads (
          chain TEXT PRIMARY KEY,
          seq BIGINT NOT NULL,
          hash TEXT NOT NULL
        );
        INSERT INTO rw_audit_heads (chain, seq, hash)
          SELECT e.chain, e.seq, e.hash FROM rw_audit_entries e
          WHERE e.seq = (SELECT MAX(m.seq) FROM rw_audit_entries m WHERE m.chain = e.chain)`,
    },
  ],
};
