/**
 * 20 processes append 500 entries each to one chain at the same moment (released together once
 * all are ready): SQLite from one working directory, PostgreSQL from two (as from two runner
 * hosts). The chain must end with exactly 10,000 entries, seq 1…10000 without gap or fork, each
 * writer's 500 present, and verify must pass — checkpoints written concurrently included.
 */
import { spawn } from "node:child_process";
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileCheckpoints, storeCheckpoints } from "../../src/audit/checkpoint-place.js";
import { AUDIT_MIGRATIONS } from "../../src/audit/migrations.js";
import { verifyChain } from "../../src/audit/verify.js";
import { Masker } from "../../src/mask/index.js";
import { createMemoryIo } from "../../src/output/memory-io.js";
import { openStore } from "../../src/store/open.js";
import type { StoreConfig } from "../../src/config/schema/store.js";
import { bundleScript, type BundledScript } from "../helpers/bundled-script.js";
import { postgresUnavailable, startPostgres, type PostgresCluster } from "../helpers/postgres.js";

const WRITERS = 20;
const EACH = 500;
/** append-worker.ts, bundled once: 40 writers start as plain JavaScript instead of each compiling it under tsx. */
let worker: BundledScript | undefined;
const pair = generateKeyPairSync("ed25519");
const signingKey = pair.privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");
const publicKey = createPublicKey(pair.privateKey);

function writeConfig(dir: string, store: string, checkpoints: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "hosts"), "[production]\nweb-1\n");
  writeFileSync(
    join(dir, "runwarden.yml"),
    `inventory: hosts\nstore: ${store}\naudit:\n  checkpoints: ${checkpoints}\n  checkpoint_every: 250\nenvironments:\n  production:\n    hosts: production\n    runner_groups:\n      - { name: primary, labels: [self-hosted] }\n`,
  );
}

interface Writer {
  readonly ready: Promise<void>;
  readonly done: Promise<number>;
  go(): void;
}

function startWriter(cwd: string, name: string, env: Record<string, string>): Writer {
  if (worker === undefined) throw new Error("the writer is not bundled");
  const child = spawn(process.execPath, [worker.path, String(EACH), name], {
    cwd,
    env: { ...process.env, ...env, RUNWARDEN_AUDIT_SIGNING_KEY: signingKey },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
    if (out.includes("ready")) onReady();
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const done = new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => (code === 0 && out.includes("done") ? resolve(code) : reject(new Error(`writer ${name} exited ${String(code)}: ${err}`))));
  });
  return { ready: Promise.race([ready, done.then(() => undefined)]), done, go: () => child.stdin.end("go\n") };
}

async function runWriters(dirs: readonly string[], env: Record<string, string>): Promise<void> {
  const writers = Array.from({ length: WRITERS }, (_, i) => startWriter(dirs[i % dirs.length] ?? "", `w${i}`, env));
  await Promise.all(writers.map((w) => w.ready));
  for (const w of writers) w.go();
  await Promise.all(writers.map((w) => w.done));
}

interface Counted {
  readonly n: number;
  readonly min: number;
  readonly max: number;
  readonly uniq: number;
}

async function check(config: StoreConfig, env: Record<string, string>, place: "file" | StoreConfig, file: string): Promise<void> {
  const options = { migrations: [AUDIT_MIGRATIONS], env };
  const store = await openStore(config, options);
  const second = place === "file" ? undefined : await openStore(place, options);
  try {
    const counts = await store.transaction((tx) =>
      tx.sql.get<Counted>("SELECT COUNT(*) AS n, MIN(seq) AS min, MAX(seq) AS max, COUNT(DISTINCT seq) AS uniq FROM rw_audit_entries WHERE chain = 'main'"),
    );
    expect(counts && { n: Number(counts.n), min: Number(counts.min), max: Number(counts.max), uniq: Number(counts.uniq) }).toEqual({
      n: WRITERS * EACH,
      min: 1,
      max: WRITERS * EACH,
      uniq: WRITERS * EACH,
    });
    const forks = await store.transaction((tx) =>
      tx.sql.get<{ n: number }>("SELECT COUNT(*) AS n FROM (SELECT prev FROM rw_audit_entries GROUP BY prev HAVING COUNT(*) > 1) AS f"),
    );
    expect(Number(forks?.n)).toBe(0);
    const perWriter = await store.transaction((tx) =>
      tx.sql.all<{ n: number }>(
        store.engine === "sqlite"
          ? "SELECT COUNT(*) AS n FROM rw_audit_entries GROUP BY json_extract(event, '$.guard')"
          : "SELECT COUNT(*) AS n FROM rw_audit_entries GROUP BY (event::jsonb ->> 'guard')",
      ),
    );
    expect(perWriter.map((row) => Number(row.n))).toEqual(Array.from({ length: WRITERS }, () => EACH));
    const checkpointPlace = second === undefined ? fileCheckpoints(file, createMemoryIo(new Masker()).files) : storeCheckpoints(second);
    const checkpoints = await checkpointPlace.read("main", true);
    expect(checkpoints.length).toBe((WRITERS * EACH) / 250);
    const verdict = await verifyChain(store, { chain: "main", publicKey, checkpoints });
    expect(verdict).toMatchObject({ intact: true, entries_checked: WRITERS * EACH, checkpoints_checked: checkpoints.length, break: null });
  } finally {
    await store.close();
    await second?.close();
  }
}

describe("concurrent writers never fork the chain", () => {
  let dir = "";
  beforeAll(async () => {
    worker = await bundleScript(join(import.meta.dirname, "append-worker.ts"));
    dir = mkdtempSync(join(tmpdir(), "rw-audit-conc-"));
  });
  afterAll(() => {
    worker?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it("SQLite: 20 processes × 500 appends", async () => {
    const work = join(dir, "sqlite");
    writeConfig(work, "sqlite:state.db", "checkpoints.jsonl");
    // Migrate once up front, as the first command on a runner would.
    await (await openStore({ kind: "sqlite", path: join(work, "state.db") }, { migrations: [AUDIT_MIGRATIONS] })).close();
    await runWriters([work], {});
    await check({ kind: "sqlite", path: join(work, "state.db") }, {}, "file", join(work, "checkpoints.jsonl"));
  }, 1_800_000);

  const unavailable = postgresUnavailable();
  describe.skipIf(unavailable !== undefined)("PostgreSQL", () => {
    let cluster: PostgresCluster | undefined;
    beforeAll(async () => {
      cluster = await startPostgres();
    }, 120_000);
    afterAll(() => cluster?.stop());

    it("PostgreSQL from two working directories: 20 processes × 500 appends", async () => {
      if (cluster === undefined) throw new Error("no cluster");
      // runwarden.yml refuses literal addresses: name the loopback.
      const url = cluster.createDatabase("audit_conc").replace("127.0.0.1", "localhost");
      const checkpoints = cluster.createDatabase("audit_conc_checkpoints").replace("127.0.0.1", "localhost");
      const env = { PGPASSWORD: cluster.password };
      const hosts = [join(dir, "runner-a"), join(dir, "runner-b")];
      for (const host of hosts) writeConfig(host, url, checkpoints);
      await (await openStore({ kind: "postgres", url }, { migrations: [AUDIT_MIGRATIONS], env })).close();
      await (await openStore({ kind: "postgres", url: checkpoints }, { migrations: [AUDIT_MIGRATIONS], env })).close();
      await runWriters(hosts, env);
      await check({ kind: "postgres", url }, env, { kind: "postgres", url: checkpoints }, "");
      // Each append holds the chain's lock for three client round trips; on a 2-core machine
      // shared with other work that is slow, hence the long ceiling (a bound, not a measurement).
    }, 1_800_000);
  });
});
