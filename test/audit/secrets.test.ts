/**
 * Secrets planted in every string field of every event type — a registered secret and a GitHub
 * token nobody registered — never reach the database (the SQLite file and its WAL, bytes; the
 * PostgreSQL rows), the export, or the checkpoints.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileCheckpoints } from "../../src/audit/checkpoint-place.js";
import { AUDIT_MIGRATIONS } from "../../src/audit/migrations.js";
import { checkpointAudit, recordAudit } from "../../src/audit/record.js";
import { Masker } from "../../src/mask/index.js";
import { createMemoryIo } from "../../src/output/memory-io.js";
import { openStore } from "../../src/store/open.js";
import { runInProcess } from "../helpers/cli.js";
import { postgresUnavailable, startPostgres, type PostgresCluster } from "../helpers/postgres.js";
import { everyEvent, SUBJECT, testContext, testKeys } from "./fixtures.js";

const SECRET = "Pl4nted-s3cret-V4lue!";
const TOKEN = `ghp_${"A1b2C3d4E5".repeat(3)}xYz123`;
const PLANT = ` ${SECRET} ${TOKEN} ${Buffer.from(`x:${SECRET}`).toString("base64")} `;
const forms = [SECRET, TOKEN, Buffer.from(SECRET).toString("base64").slice(0, 20), Buffer.from(`x:${SECRET}`).toString("base64").slice(4, 24), "ghp_A1b2"];

function plantedEvents() {
  const subject = { ...SUBJECT, actor: `octocat${PLANT}`, ref: `refs/heads/main${PLANT}` };
  return everyEvent(PLANT, subject);
}

function masker(): Masker {
  const m = new Masker();
  m.addSecret(SECRET, "test secret");
  return m;
}

function absent(text: string, where: string): void {
  for (const form of forms) expect(text.includes(form), `${where} contains ${form.slice(0, 6)}…`).toBe(false);
}

describe("no secret reaches the audit trail", () => {
  let dir = "";
  const keys = testKeys();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "rw-audit-secrets-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("SQLite: database file, export and checkpoints are clean; the events are still there, masked", async () => {
    const dbPath = join(dir, "state.db");
    const checkpoints = join(dir, "checkpoints.jsonl");
    const ctx = testContext({ masker: masker(), keys, place: fileCheckpoints(checkpoints, createMemoryIo(new Masker()).files), every: 3 });
    const store = await openStore({ kind: "sqlite", path: dbPath }, { migrations: [AUDIT_MIGRATIONS] });
    const events = plantedEvents();
    for (const event of events) await recordAudit(store, event, ctx);
    await checkpointAudit(store, ctx);
    // Read the raw bytes while the store is still open, WAL included, then after the checkpoint on close.
    const files = [dbPath, `${dbPath}-wal`].filter((path) => existsSync(path));
    for (const path of files) absent(readFileSync(path).toString("latin1"), path);
    await store.close();
    absent(readFileSync(dbPath).toString("latin1"), dbPath);
    absent(readFileSync(checkpoints, "utf8"), "checkpoints");

    writeFileSync(join(dir, "hosts"), "[production]\nweb-1\n");
    writeFileSync(
      join(dir, "runwarden.yml"),
      "inventory: hosts\nstore: sqlite:state.db\nenvironments:\n  production:\n    hosts: production\n    runner_groups:\n      - { name: primary, labels: [self-hosted] }\n",
    );
    // The exporter's masker does not know the secret: what it prints is what the store holds.
    const exported = await runInProcess(["audit", "export", "--format", "jsonl"], { cwd: dir });
    expect(exported.code).toBe(0);
    absent(exported.stdout, "export");
    const lines = exported.stdout.trim().split("\n");
    expect(lines).toHaveLength(events.length);
    expect(exported.stdout).toContain("***");
    expect(exported.stdout).toContain('"type":"watchdog.cancel"');
  });

  const unavailable = postgresUnavailable();
  describe.skipIf(unavailable !== undefined)("PostgreSQL", () => {
    let cluster: PostgresCluster | undefined;
    beforeAll(async () => {
      cluster = await startPostgres();
    }, 120_000);
    afterAll(() => cluster?.stop());

    it("PostgreSQL: no row of the chain holds a secret", async () => {
      if (cluster === undefined) throw new Error("no cluster");
      const store = await openStore({ kind: "postgres", url: cluster.url }, { migrations: [AUDIT_MIGRATIONS], env: { PGPASSWORD: cluster.password } });
      try {
        const ctx = testContext({ masker: masker() });
        for (const event of plantedEvents()) await recordAudit(store, event, ctx);
        const rows = await store.transaction((tx) => tx.sql.all<Record<string, unknown>>("SELECT * FROM rw_audit_entries"));
        expect(rows).toHaveLength(9);
        absent(JSON.stringify(rows), "rw_audit_entries");
      } finally {
        await store.close();
      }
    });
  });
});
