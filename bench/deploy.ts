/**
 * runwarden deploy's own overhead: the bundled executable deploying a no-op command (`true`) with no
 * gates — config and inventory load, guards (event, runner group: GitHub calls to the emulator),
 * the environment lock, the GitHub deployment and its statuses, history rows in SQLite, the report —
 * timed beside `node -e 0` in the same run; then the environment lock's acquire/release cycles per
 * second on SQLite and PostgreSQL (`benchLock()` of bench/deploy-lock.ts, which reads the same first
 * argument as seconds per engine, default 3). Run: `npm run build && npx tsx bench/deploy.ts [runs]`
 * (default 15). Prints figures, asserts nothing. Goals: overhead ≤ 1 s; ≥ 500 lock cycles/s on SQLite.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseScenario } from "../src/sandbox/github/scenario.js";
import { startGithubEmulator } from "../src/sandbox/github/server.js";
import { benchLock } from "./deploy-lock.js";

const RUNS = Number(process.argv[2] ?? 15);
const BIN = join(import.meta.dirname, "..", "dist", "runwarden.js");
const SHA = "4c2a6f0e8b1d3a5c7e9f0b2d4a6c8e0f1a3b5c7d";

const SCENARIO = `
org: acme
repository: platform
runner_groups: [{ name: prod-primary }]
runners: [{ name: prod-a-1, group: prod-primary, labels: [self-hosted, linux, production] }]
environments: [{ name: production, reviewers: [alice] }]
`;

function stats(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return `median ${at(0.5).toFixed(0)} ms, p90 ${at(0.9).toFixed(0)} ms, min ${(sorted[0] ?? 0).toFixed(0)} ms`;
}

const run = promisify(execFile);

/** Wall time of one run (asynchronously: the emulator answers from this process's event loop). */
async function time(file: string, args: string[], env: Record<string, string>, cwd: string): Promise<number> {
  const started = performance.now();
  await run(file, args, { env, cwd });
  return performance.now() - started;
}

async function main(): Promise<void> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), "rw-bench-deploy-"));
  const emulator = await startGithubEmulator({ scenario: parseScenario(SCENARIO, "bench.yml") });
  try {
    writeFileSync(join(dir, "hosts"), "[production]\nweb-01 ansible_host=web-01.example.invalid\n");
    writeFileSync(
      join(dir, "runwarden.yml"),
      [
        "inventory: hosts",
        "store: sqlite:state.db",
        "environments:",
        "  production:",
        "    hosts: production",
        "    runner_groups: [{ name: primary, group: prod-primary, labels: [self-hosted, linux, production] }]",
        "    deploy: { run: 'true', timeout: 1m }",
        "",
      ].join("\n"),
    );
    const env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      GITHUB_API_URL: emulator.url,
      GITHUB_TOKEN: emulator.token,
      GITHUB_REPOSITORY: "acme/platform",
      GITHUB_SHA: SHA,
      GITHUB_REF: "refs/heads/main",
      GITHUB_EVENT_NAME: "push",
      GITHUB_RUN_ID: "1",
      RUNNER_NAME: "prod-a-1",
    };
    const args = [BIN, "deploy", "-e", "production", "--json", "--log-file", join(dir, "deploy.log")];
    await time(process.execPath, args, env, dir); // warm-up: migrates the store, fills the page cache
    const node: number[] = [];
    const deploy: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      node.push(await time(process.execPath, ["-e", "0"], env, dir));
      deploy.push(await time(process.execPath, args, env, dir));
    }
    const overhead = deploy.map((ms, i) => ms - (node[i] ?? 0));
    process.stdout.write(
      [
        `runwarden deploy overhead (no-op command, no gates; guards + lock + deployment record + history on SQLite; ${RUNS} runs)`,
        `  cores ${cpus().length}, load ${loadavg()
          .map((l) => l.toFixed(1))
          .join(" ")}`,
        `  node -e 0:             ${stats(node)}`,
        `  runwarden deploy:      ${stats(deploy)}`,
        `  overhead (difference): ${stats(overhead)}   goal ≤ 1000 ms`,
        `  GitHub requests per deploy: ${Math.round(emulator.requests.length / (RUNS + 1))}`,
        "",
      ].join("\n"),
    );
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const lines = ["environment lock, uncontended acquire/release cycles (goal ≥ 500/s on SQLite)"];
  for (const f of await benchLock()) {
    lines.push(
      `  ${f.engine.padEnd(40)} ${f.perSecond.toFixed(0).padStart(6)} cycles/s  (${f.cycles} cycles; p50 ${f.p50Ms.toFixed(2)} ms, p99 ${f.p99Ms.toFixed(2)} ms)`,
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();
