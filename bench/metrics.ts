/**
 * `/metrics` scrape latency of `runwarden serve` with 50 runner groups. Run:
 * `npx tsx bench/metrics.ts [scrapes] [deploys]` (defaults 1000 and 10000). Prints figures, asserts
 * nothing. Goal: p99 ≤ 20 ms.
 *
 * The server runs in this process as `serve` builds it (fastify, the collector, the fleet loop every
 * 5 s against the GitHub emulator: 10 environments × 5 groups, 200 runners), on a SQLite store
 * holding `deploys` finished attempts. The store cache is 0 ms here, so every scrape reads the store
 * (as a real Prometheus scrape every 15–60 s does); scrapes are sequential over HTTP on loopback,
 * each on a fresh connection. Also printed: the store read and the exposition timed in process, and
 * GET /healthz as the HTTP floor of the machine (the emulator shares this process and its event loop).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { get } from "node:http";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { AUDIT_MIGRATIONS } from "../src/audit/migrations.js";
import { connect } from "../src/cli/session.js";
import { loadConfig } from "../src/config/load.js";
import { Masker } from "../src/mask/index.js";
import { MetricsCollector } from "../src/metrics/collector.js";
import { createMemoryIo } from "../src/output/memory-io.js";
import { parseScenario } from "../src/sandbox/github/scenario.js";
import { startGithubEmulator } from "../src/sandbox/github/server.js";
import { startServer } from "../src/server/server.js";
import { openStore } from "../src/store/index.js";

const SCRAPES = Number(process.argv[2] ?? 1000);
const DEPLOYS = Number(process.argv[3] ?? 10_000);
const ENVIRONMENTS = 10;
const GROUPS_PER_ENVIRONMENT = 5;

function scenarioText(): string {
  const groups: string[] = [];
  const runners: string[] = [];
  for (let e = 0; e < ENVIRONMENTS; e++) {
    for (let g = 0; g < GROUPS_PER_ENVIRONMENT; g++) {
      const name = `env${e}-group${g}`;
      groups.push(`  - { name: ${name}, visibility: selected, repositories: [platform] }`);
      for (let r = 0; r < 4; r++) {
        const state = r === 3 ? ", status: offline, busy: true" : r === 2 ? ", busy: true" : "";
        runners.push(`  - { name: ${name}-r${r}, group: ${name}, labels: [self-hosted, linux, env${e}], version: 2.330.0${state} }`);
      }
    }
  }
  return `org: acme\nrepository: platform\ndefault_branch: main\nrunner_groups:\n${groups.join("\n")}\nrunners:\n${runners.join("\n")}\n`;
}

function configText(): string {
  const environments: string[] = [];
  for (let e = 0; e < ENVIRONMENTS; e++) {
    const groups = Array.from(
      { length: GROUPS_PER_ENVIRONMENT },
      (_, g) =>
        `      - { name: g${g}, group: env${e}-group${g}, labels: [self-hosted, linux, env${e}], min_idle: 1${g > 0 ? ", approved_for_failover: true" : ""} }`,
    );
    environments.push(`  env${e}:\n    hosts: env${e}\n    runner_groups:\n${groups.join("\n")}`);
  }
  return `github:\n  repository: acme/platform\ninventory: hosts\nstore: sqlite:state.db\nenvironments:\n${environments.join("\n")}\n`;
}

/** One GET on a fresh connection (as Prometheus' scrape would look from outside), body read to the end. */
function scrape(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      response.on("data", () => undefined);
      response.on("end", () => resolve());
    }).on("error", reject);
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "rw-bench-metrics-"));
  writeFileSync(join(dir, "runwarden.yml"), configText());
  writeFileSync(join(dir, "hosts"), "[env0]\nhost0.example.internal\n");
  const emulator = await startGithubEmulator({ scenario: parseScenario(scenarioText(), "bench.yml") });
  const store = await openStore({ kind: "sqlite", path: join(dir, "state.db") }, { migrations: [AUDIT_MIGRATIONS] });
  const t0 = Date.now() - 30 * 86_400_000;
  await store.transaction(async (tx) => {
    for (let i = 0; i < DEPLOYS; i++) {
      const startedAt = t0 + i * 60_000;
      const start = await tx.history.start({
        environment: `env${i % ENVIRONMENTS}`,
        sha: "a".repeat(40),
        ref: "refs/heads/main",
        runId: String(i),
        runAttempt: 1,
        actor: "octocat",
        runner: "r",
        runnerGroup: "g0",
        startedAt,
        queuedAt: startedAt - (i % 300) * 1000,
      });
      if (start.status !== "written") throw new Error("fenced");
      await tx.history.finish(start.id, {
        outcome: i % 20 === 0 ? "failure" : "success",
        failureClass: i % 20 === 0 ? "runner" : null,
        failover: i % 50 === 0,
        deploymentId: undefined,
        hosts: [],
        finishedAt: startedAt + 60_000 + (i % 900) * 1000,
      });
    }
  });
  const env = { GITHUB_API_URL: emulator.url, GITHUB_TOKEN: emulator.token };
  const io = createMemoryIo(new Masker(), { env, cwd: dir });
  const loaded = loadConfig("runwarden.yml", { cwd: dir });
  const session = await connect(loaded, "runwarden.yml", io);
  const collector = new MetricsCollector({ loaded, session, store, env, now: Date.now });
  const firstRead = performance.now();
  await collector.refreshStore();
  const firstReadMs = performance.now() - firstRead;
  const server = await startServer({
    collector,
    store,
    listen: { host: "127.0.0.1", port: 0 },
    refreshMs: 5000,
    storeCacheMs: 0,
    now: Date.now,
    log: () => undefined,
  });
  const url = `http://127.0.0.1:${server.address.port}/metrics`;
  while (collector.fleetRefreshedAt === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
  let bytes = 0;
  for (let i = 0; i < 50; i++) bytes = (await (await fetch(url)).text()).length;
  const times: number[] = [];
  for (let i = 0; i < SCRAPES; i++) {
    const start = performance.now();
    await scrape(url);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const health: number[] = [];
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    await scrape(url.replace("/metrics", "/healthz"));
    health.push(performance.now() - start);
  }
  health.sort((a, b) => a - b);
  const parts = { store: [] as number[], exposition: [] as number[] };
  for (let i = 0; i < 200; i++) {
    let t = performance.now();
    await collector.refreshStore();
    parts.store.push(performance.now() - t);
    t = performance.now();
    await collector.exposition();
    parts.exposition.push(performance.now() - t);
  }
  for (const list of Object.values(parts)) list.sort((a, b) => a - b);
  const series = (await collector.exposition()).split("\n").filter((line) => line !== "" && !line.startsWith("#")).length;
  const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
  const lines = [
    `runwarden serve /metrics — ${ENVIRONMENTS * GROUPS_PER_ENVIRONMENT} runner groups, ${DEPLOYS} deploys in SQLite, ${series} series, ${bytes} bytes`,
    `machine: ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2) ?? "?"}, node ${process.version}`,
    `first store read (all ${DEPLOYS} attempts): ${fmt(firstReadMs)}`,
    `in process, 200 times: store read p50 ${fmt(percentile(parts.store, 50))} p99 ${fmt(percentile(parts.store, 99))}; exposition p50 ${fmt(percentile(parts.exposition, 50))} p99 ${fmt(percentile(parts.exposition, 99))}`,
    `200 GET /healthz (the HTTP floor on this machine): p50 ${fmt(percentile(health, 50))}, p99 ${fmt(percentile(health, 99))}`,
    `${SCRAPES} sequential scrapes (store read on every scrape): p50 ${fmt(percentile(times, 50))}, p99 ${fmt(percentile(times, 99))}, max ${fmt(times[times.length - 1] ?? Number.NaN)} (goal p99 ≤ 20 ms)`,
  ];
  io.stdout.write(`${lines.join("\n")}\n`);
  await server.close();
  await store.close();
  await emulator.close();
  await io.close();
  process.stdout.write(io.stdoutText());
}

await main();
