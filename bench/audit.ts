/**
 * The audit chain's speed. Run: `npm run build && npx tsx bench/audit.ts [appends] [verify-entries]` (0 skips a part)
 * (defaults 20000 and 1000000). Prints figures, asserts nothing. Goals: ≥ 5,000 durable appends/s
 * on SQLite; 1,000,000 entries verified in ≤ 10 s within 200 MiB.
 *
 * - Appends: `recordAudit` awaited one after another (each its own committed transaction: mask,
 *   canonical JSON, hash, insert), then 16 concurrent callers in one process (group commit: each
 *   promise settles after the commit that holds its entry). On SQLite as the store opens it (WAL,
 *   synchronous=NORMAL: a commit survives a crash of the process; the WAL is fsynced at
 *   checkpoints), with synchronous=FULL (an fsync per commit: survives power loss), and on
 *   PostgreSQL 15 with fsync on.
 * - Verify: a 1,000,000-entry chain seeded straight into SQLite, then `runwarden audit verify` (the
 *   bundled executable) timed with its peak resident memory from /usr/bin/time, plain and HMAC-keyed.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { nextEntry, EntryHasher, type StoredEntry } from "../src/audit/entry.js";
import type { AuditEvent } from "../src/audit/events.js";
import { AUDIT_MIGRATIONS } from "../src/audit/migrations.js";
import { createAuditContext, recordAudit } from "../src/audit/record.js";
import { Masker } from "../src/mask/index.js";
import { openStore, storeOn } from "../src/store/open.js";
import { openSqlite } from "../src/store/sqlite-connection.js";
import type { Store } from "../src/store/types.js";
import { canonicalEvent } from "../src/audit/prepare.js";
import { postgresUnavailable, startPostgres } from "../test/helpers/postgres.js";

const APPENDS = Number(process.argv[2] ?? 20_000);
const VERIFY = Number(process.argv[3] ?? 1_000_000);
const BIN = join(import.meta.dirname, "..", "dist", "runwarden.js");
const HMAC = "bench-hmac-key-0123456789abcdef0123456789";

function event(i: number): AuditEvent {
  const subject = {
    actor: "octocat",
    repository: "acme/shop",
    sha: "0123456789abcdef0123456789abcdef01234567",
    ref: "refs/heads/main",
    environment: i % 3 === 0 ? "staging" : "production",
    run_id: 9_000_000 + i,
    run_attempt: 1,
    runner: `prod-runner-${i % 7}`,
    runner_group: "primary",
    duration_ms: 1000 + (i % 977),
  };
  switch (i % 4) {
    case 0:
      return {
        ...subject,
        type: "gate.verdict",
        gate: "http-health",
        verdict: "pass",
        reason: null,
        probes: [{ name: "https", kind: "http", passes: 3, failures: 0, errors: 0 }],
      };
    case 1:
      return { ...subject, type: "lock.acquired", lock: "production", holder: `run ${i}/1`, fencing_token: i, ttl_ms: 60_000 };
    case 2:
      return {
        ...subject,
        type: "route.decision",
        considered: [{ name: "primary", github_group: "prod-primary", healthy: true, eligible: true, reasons: [] }],
        chosen: "primary",
        failover: false,
        drill: false,
        reasons: [],
      };
    default:
      return {
        ...subject,
        type: "deploy.attempt",
        outcome: "succeeded",
        stages: [
          { name: "guards", outcome: "ok", duration_ms: 4 },
          { name: "execute", outcome: "ok", duration_ms: 48_000 },
          { name: "gates", outcome: "ok", duration_ms: 31_000 },
        ],
        failure_class: null,
        hosts: [
          { host: "web-1", ok: 14, changed: 2, unreachable: 0, failed: 0, skipped: 3, rescued: 0, ignored: 0 },
          { host: "web-2", ok: 14, changed: 2, unreachable: 0, failed: 0, skipped: 3, rescued: 0, ignored: 0 },
        ],
      };
  }
}

const rate = (n: number, ms: number): string => `${Math.round((n * 1000) / ms).toLocaleString("en-US")}/s`;

async function appends(label: string, store: Store, n: number, writers = 1): Promise<void> {
  const masker = new Masker();
  masker.addSecret("bench-secret-value", "bench");
  const ctx = createAuditContext({ masker, keys: { hmacKey: undefined, signingKey: undefined, publicKey: undefined } });
  await recordAudit(store, event(0), ctx); // warm-up: statement cache, masker automaton
  const started = performance.now();
  let next = 1;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next <= n) await recordAudit(store, event(next++), ctx);
    }),
  );
  const ms = performance.now() - started;
  console.log(`${label.padEnd(58)} ${String(n).padStart(7)} appends in ${(ms / 1000).toFixed(2).padStart(6)} s = ${rate(n, ms).padStart(9)}`);
}

function seed(path: string, n: number, hasher: EntryHasher): number {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  const insert = db.prepare("INSERT INTO rw_audit_entries (chain, seq, ts, prev, event, alg, hash) VALUES ('main', ?, ?, ?, ?, ?, ?)");
  const masker = new Masker();
  const texts = Array.from({ length: 64 }, (_, i) => canonicalEvent(event(i), masker));
  const started = performance.now();
  let head: StoredEntry | undefined;
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      head = nextEntry(head, new Date(1_746_000_000_000 + i * 1000).toISOString(), texts[i % texts.length] ?? "{}", hasher);
      insert.run(head.seq, head.ts, head.prev, head.event, head.alg, head.hash);
    }
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return performance.now() - started;
}

/** `runwarden audit verify` once under /usr/bin/time (elapsed seconds and peak RSS to a file). */
function verifyFigures(label: string, dir: string, env: Record<string, string>): void {
  const timing = join(dir, "time.txt");
  let stdout = "";
  let failure = "";
  try {
    stdout = execFileSync("/usr/bin/time", ["-f", "%e %M %U %S", "-o", timing, process.execPath, BIN, "audit", "verify", "--json"], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", ...env },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (err: unknown) {
    failure = String((err as { stderr?: unknown }).stderr ?? err).slice(0, 300);
  }
  const [seconds, kib, user, system] = readFileSync(timing, "utf8").trim().split("\n").at(-1)?.split(" ") ?? [];
  const verdict = stdout === "" ? { intact: false, entries_checked: 0 } : (JSON.parse(stdout) as { intact: boolean; entries_checked: number });
  console.log(
    `${label.padEnd(58)} ${verdict.entries_checked.toLocaleString("en-US").padStart(9)} entries, intact ${String(verdict.intact)}: ` +
      `${seconds ?? "?"} s (CPU ${(Number(user) + Number(system)).toFixed(2)} s), peak RSS ${(Number(kib) / 1024).toFixed(0)} MiB${failure === "" ? "" : ` (${failure})`}`,
  );
}

async function appendFigures(): Promise<void> {
  const sqlite = await openStore({ kind: "sqlite", path: join(dir, "appends.db") }, { migrations: [AUDIT_MIGRATIONS] });
  await appends("SQLite, synchronous=NORMAL (the store's setting), 1 writer", sqlite, APPENDS);
  await appends("SQLite, NORMAL, 16 concurrent writers (group commit)", sqlite, APPENDS, 16);
  await sqlite.close();
  const connection = openSqlite(join(dir, "appends-full.db"));
  await connection.sql.run("PRAGMA synchronous = FULL");
  const full = await storeOn(connection, { migrations: [AUDIT_MIGRATIONS] });
  await appends("SQLite, synchronous=FULL (fsync per commit), 1 writer", full, Math.min(APPENDS, 5000));
  await appends("SQLite, FULL, 16 concurrent writers (group commit)", full, Math.min(APPENDS, 5000), 16);
  await full.close();

  const unavailable = postgresUnavailable();
  if (unavailable === undefined) {
    const cluster = await startPostgres({ fast: false });
    try {
      const env = { PGPASSWORD: cluster.password };
      const pg = await openStore({ kind: "postgres", url: cluster.url }, { migrations: [AUDIT_MIGRATIONS], env });
      await appends("PostgreSQL 15, fsync on, 1 writer", pg, Math.min(APPENDS, 5000));
      await appends("PostgreSQL 15, fsync on, 16 concurrent writers (group commit)", pg, Math.min(APPENDS, 5000), 16);
      await pg.close();
    } finally {
      cluster.stop();
    }
  } else {
    console.log(`PostgreSQL skipped: ${unavailable}`);
  }
}

async function verifyFigureSet(): Promise<void> {
  for (const keyed of [false, true]) {
    const work = join(dir, keyed ? "verify-hmac" : "verify");
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, "hosts"), "[production]\nweb-1\n");
    writeFileSync(
      join(work, "runwarden.yml"),
      "inventory: hosts\nstore: sqlite:state.db\nenvironments:\n  production:\n    hosts: production\n    runner_groups:\n      - { name: primary, labels: [self-hosted] }\n",
    );
    await (await openStore({ kind: "sqlite", path: join(work, "state.db") }, { migrations: [AUDIT_MIGRATIONS] })).close();
    const seedMs = seed(join(work, "state.db"), VERIFY, new EntryHasher(keyed ? Buffer.from(HMAC) : undefined));
    console.log(`\nseeded ${VERIFY.toLocaleString("en-US")} ${keyed ? "HMAC-keyed " : ""}entries in ${(seedMs / 1000).toFixed(1)} s`);
    verifyFigures(`runwarden audit verify (bundled)${keyed ? ", RUNWARDEN_AUDIT_KEY" : ""}`, work, keyed ? { RUNWARDEN_AUDIT_KEY: HMAC } : {});
  }
}

const dir = mkdtempSync(join(tmpdir(), "rw-bench-audit-"));
try {
  console.log(
    `runwarden audit benchmark — Node ${process.version}, ${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}\n`,
  );
  if (APPENDS > 0) await appendFigures();
  if (VERIFY > 0) await verifyFigureSet();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
