/**
 * `runwarden report` over 100,000 recorded deploys. Run: `npm run build && npx tsx bench/report.ts [deploys]`
 * (default 100000). Prints figures, asserts nothing. Goals: ≤ 1 s and ≤ 150 MiB.
 *
 * The history (test/report/history.ts: successes, failures, re-runs, failovers, cancellations,
 * refusals over 29 days) is seeded straight into a SQLite store migrated by runwarden, then:
 * - the bundled executable `runwarden report --json`, under /usr/bin/time: wall time, CPU time and
 *   peak resident memory of the whole process (Node's start-up included), three runs; on a shared
 *   machine the CPU time says more than the wall time (the load average is printed);
 * - in this process: reading the window from the store (a page at a time, folded into deploys),
 *   then computing the figures, each timed.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { computeReport } from "../src/report/index.js";
import { storeDeploys } from "../src/report/store-source.js";
import { openStore } from "../src/store/index.js";
import { DAY, generatedHistory, SECOND } from "../test/report/history.js";

const DEPLOYS = Number(process.argv[2] ?? 100_000);
const BIN = join(import.meta.dirname, "..", "dist", "runwarden.js");
const CONFIG = `inventory: hosts
store: sqlite:state.db
environments:
  production:
    hosts: production
    runner_groups: [{ name: primary, labels: [self-hosted, production] }]
`;

const dir = mkdtempSync(join(tmpdir(), "rw-bench-report-"));
const dbPath = join(dir, "state.db");

async function seed(): Promise<number> {
  const store = await openStore({ kind: "sqlite", path: dbPath });
  await store.close();
  const db = new Database(dbPath);
  const insert = db.prepare(
    `INSERT INTO rw_deploy_attempts (environment, sha, ref, run_id, run_attempt, actor, runner, runner_group, outcome, failure_class, failover, started_at, finished_at, queued_at)
     VALUES (?, '4c2a6f0e8b1d3a5c7e9f0b2d4a6c8e0f1a3b5c7d', 'refs/heads/main', ?, ?, 'alice', 'prod-a-1', 'primary', ?, ?, ?, ?, ?, ?)`,
  );
  let rows = 0;
  db.transaction(() => {
    for (const deploy of generatedHistory(DEPLOYS, Date.now(), 29)) {
      deploy.executions.forEach((e, index) => {
        const next = deploy.executions[index + 1];
        insert.run(
          deploy.environment,
          String(deploy.runId),
          e.attempt,
          e.outcome === "running" ? null : e.outcome,
          e.outcome === "success" ? null : (e.failureClass ?? null),
          next?.attempt === e.attempt ? 1 : 0,
          e.startedAt,
          e.seconds === undefined ? null : e.startedAt + e.seconds * SECOND,
          e.queuedAt,
        );
        rows += 1;
      });
    }
  })();
  db.close();
  return rows;
}

function cliRun(label: string): void {
  const timing = join(dir, "time.txt");
  let stdout = "";
  try {
    stdout = execFileSync("/usr/bin/time", ["-f", "%e %M %U %S", "-o", timing, process.execPath, BIN, "report", "--json"], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (err: unknown) {
    // Exit 1 (an SLO breached) is a result, not a failure.
    stdout = String((err as { stdout?: unknown }).stdout ?? "");
  }
  const [seconds, kib, user, system] = readFileSync(timing, "utf8").trim().split("\n").at(-1)?.split(" ") ?? [];
  const data = JSON.parse(stdout) as { environments: { deploys: number; success_rate: number; p95_seconds: number }[] };
  const production = data.environments[0];
  console.log(
    `${label.padEnd(44)} ${seconds ?? "?"} s wall (CPU ${(Number(user) + Number(system)).toFixed(2)} s), peak RSS ${(Number(kib) / 1024).toFixed(0)} MiB — ${production?.deploys.toLocaleString("en-US")} deploys counted, ` +
      `success rate ${production?.success_rate.toFixed(4)}, p95 ${production?.p95_seconds} s`,
  );
}

async function inProcess(): Promise<void> {
  const store = await openStore({ kind: "sqlite", path: dbPath });
  const t0 = performance.now();
  const deploys = await storeDeploys(store, ["production"], Date.now() - 30 * DAY);
  const t1 = performance.now();
  const figures = computeReport({
    environments: ["production"],
    targets: new Map([["production", { successRate: 0.95, p95Ms: 600_000 }]]),
    windowMs: 30 * DAY,
    deploys,
  });
  const t2 = performance.now();
  await store.close();
  console.log(
    `in process: read and folded the window ${(t1 - t0).toFixed(0)} ms, figures ${(t2 - t1).toFixed(0)} ms ` +
      `(${figures[0]?.deploys.toLocaleString("en-US")} deploys); heap used ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MiB`,
  );
}

try {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "runwarden.yml"), CONFIG);
  writeFileSync(join(dir, "hosts"), "[production]\nweb-01 ansible_host=web-01.example.invalid\n");
  console.log(`runwarden report bench — ${cpus().length} CPU(s), load ${loadavg()[0]?.toFixed(2)}, Node ${process.version}`);
  const started = performance.now();
  const rows = await seed();
  console.log(
    `seeded ${DEPLOYS.toLocaleString("en-US")} deploys (${rows.toLocaleString("en-US")} attempt rows) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  for (const n of [1, 2, 3]) cliRun(`runwarden report --json (bundled), run ${n}:`);
  await inProcess();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
