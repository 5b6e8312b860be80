/**
 * Versioned migrations, applied on first use in one transaction per component, serialized across
 * processes (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: an advisory lock). A database that a newer
 * runwarden migrated further than this binary knows is refused, never written.
 */
import { statements, type Connection } from "./connection.js";
import { StoreTooNewError } from "./errors.js";
import type { MigrationSet } from "./types.js";

const TABLE = `CREATE TABLE IF NOT EXISTS runwarden_migrations (
  component TEXT NOT NULL,
  version INTEGER NOT NULL,
  description TEXT NOT NULL,
  applied_at BIGINT NOT NULL,
  PRIMARY KEY (component, version)
)`;

export interface MigrationReport {
  readonly component: string;
  readonly from: number;
  readonly to: number;
}

function latest(set: MigrationSet): number {
  set.migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`migrations of ${set.component} must be numbered 1, 2, 3…`);
  });
  return set.migrations.length;
}

async function versions(connection: Connection): Promise<Map<string, number> | undefined> {
  const exists =
    connection.engine === "sqlite"
      ? await connection.sql.get("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'runwarden_migrations'")
      : await connection.sql.get("SELECT 1 AS x FROM pg_catalog.pg_tables WHERE tablename = 'runwarden_migrations' AND schemaname = current_schema()");
  if (exists === undefined) return undefined;
  const rows = await connection.sql.all<{ component: string; version: number }>(
    "SELECT component, MAX(version) AS version FROM runwarden_migrations GROUP BY component",
  );
  return new Map(rows.map((row) => [row.component, Number(row.version)]));
}

function refuseNewer(connection: Connection, set: MigrationSet, found: number): void {
  const known = latest(set);
  if (found > known) {
    throw new StoreTooNewError(`the store ${connection.location} has ${set.component} schema version ${found}; this runwarden knows versions up to ${known}`, {
      hint: "a newer runwarden migrated it: upgrade runwarden on this runner (the store is never downgraded)",
    });
  }
}

/** Brings every set up to date; returns what changed. Reads only, when nothing is to do. */
export async function migrate(connection: Connection, sets: readonly MigrationSet[]): Promise<MigrationReport[]> {
  const before = await versions(connection);
  if (
    before !== undefined &&
    sets.every((set) => {
      refuseNewer(connection, set, before.get(set.component) ?? 0);
      return (before.get(set.component) ?? 0) === latest(set);
    })
  ) {
    return [];
  }
  return connection.transaction(async (sql) => {
    await connection.serialize(sql, "runwarden:migrate");
    await sql.run(TABLE);
    const reports: MigrationReport[] = [];
    for (const set of sets) {
      const row = await sql.get<{ version: number | null }>("SELECT MAX(version) AS version FROM runwarden_migrations WHERE component = ?", [set.component]);
      const from = Number(row?.version ?? 0);
      refuseNewer(connection, set, from);
      for (const migration of set.migrations.slice(from)) {
        for (const statement of statements(connection.engine === "sqlite" ? migration.sqlite : migration.postgres)) await sql.run(statement);
        await sql.run("INSERT INTO runwarden_migrations (component, version, description, applied_at) VALUES (?, ?, ?, ?)", [
          set.component,
          migration.version,
          migration.description,
          Date.now(),
        ]);
      }
      if (from < latest(set)) reports.push({ component: set.component, from, to: latest(set) });
    }
    return reports;
  });
}
