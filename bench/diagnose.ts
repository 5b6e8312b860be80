/**
 * `runwarden diagnose` on a large organisation: an emulated org with 200 runners in two groups, 100
 * deploy runs in the last hours with 5 jobs each (500 jobs), 50 of whose deploy jobs failed (runner
 * lost, Ansible failures, a step exiting 1); the bundled executable diagnoses the environment once,
 * and the bench prints its wall time and the API requests it used (from the emulator's request log).
 * Run: `npm run build && npx tsx bench/diagnose.ts`. Prints figures, asserts nothing.
 * Goals: ≤ 10 s and ≤ 100 requests.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { parseScenario } from "../src/sandbox/github/scenario.js";
import { startGithubEmulator } from "../src/sandbox/github/server.js";

const BIN = join(import.meta.dirname, "..", "dist", "runwarden.js");
const LABELS = ["self-hosted", "linux", "x64", "production"];
const LOST = (runner: string) =>
  `The self-hosted runner: ${runner} lost communication with the server. Verify the machine is running and has a healthy network connection.`;

function scenario(): string {
  const runners = Array.from({ length: 200 }, (_, i) => ({
    name: `prod-${i < 100 ? "a" : "b"}-${i}`,
    group: i < 100 ? "prod-primary" : "prod-secondary",
    labels: [...LABELS],
    version: "2.330.0",
    ...(i % 37 === 5 ? { status: "offline", busy: true } : i % 3 === 0 ? { busy: true } : {}),
  }));
  const now = Date.now();
  const runs = Array.from({ length: 100 }, (_, i) => {
    const failed = i < 50;
    const runner = `prod-a-${i % 100}`;
    const kind = i % 3;
    const deploy = failed
      ? {
          status: "completed",
          conclusion: "failure",
          runner,
          annotations:
            kind === 0
              ? [{ message: LOST(runner) }]
              : kind === 1
                ? [{ message: 'fatal: [web-02]: FAILED! => {"msg": "boom"}' }, { message: "Process completed with exit code 1." }]
                : [{ message: "Process completed with exit code 1." }],
          ...(kind === 0 ? { no_log: true } : {}),
        }
      : { status: "completed", conclusion: "success", runner };
    return {
      workflow: "deploy.yml",
      title: `deploy ${i}`,
      created_at: new Date(now - (i + 1) * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
      jobs: {
        route: { status: "completed", conclusion: "success", runner: "GitHub Actions 1" },
        approve: { status: "completed", conclusion: "success", runner: "GitHub Actions 2" },
        deploy: deploy,
        verify: { status: "completed", conclusion: failed ? "skipped" : "success", ...(failed ? {} : { runner: "GitHub Actions 3" }) },
        notify: { status: "completed", conclusion: "success", runner: "GitHub Actions 4" },
      },
    };
  });
  return stringify(
    {
      org: "acme",
      repository: "platform",
      runner_groups: [
        { name: "prod-primary", visibility: "selected", repositories: ["platform"] },
        { name: "prod-secondary", visibility: "selected", repositories: ["platform"] },
      ],
      runners,
      workflows: [
        {
          file: "deploy.yml",
          name: "deploy",
          jobs: [
            { name: "route", runs_on: ["ubuntu-latest"] },
            { name: "approve", needs: ["route"], runs_on: ["ubuntu-latest"] },
            { name: "deploy", needs: ["approve"], runs_on: LABELS, group: "prod-primary" },
            { name: "verify", needs: ["deploy"], runs_on: ["ubuntu-latest"] },
            { name: "notify", needs: ["verify"], runs_on: ["ubuntu-latest"] },
          ],
        },
      ],
      runs,
    },
    { aliasDuplicateObjects: false },
  );
}

const CONFIG = `github: { repository: acme/platform }
inventory: hosts
environments:
  production:
    hosts: production
    runner_groups:
      - { name: primary, group: prod-primary, labels: [${LABELS.join(", ")}] }
      - { name: secondary, group: prod-secondary, labels: [${LABELS.join(", ")}], approved_for_failover: true }
    route: { workflow: .github/workflows/deploy.yml }
`;

async function main(): Promise<void> {
  const emulator = await startGithubEmulator({ scenario: parseScenario(scenario(), "bench") });
  const dir = mkdtempSync(join(tmpdir(), "rw-bench-diagnose-"));
  try {
    writeFileSync(join(dir, "runwarden.yml"), CONFIG);
    writeFileSync(join(dir, "hosts"), "[production]\nweb-01 ansible_host=localhost ansible_port=1\n");
    emulator.requests.length = 0;
    const started = performance.now();
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, "diagnose", "-e", "production", "--json"], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", GITHUB_API_URL: emulator.url, GITHUB_TOKEN: emulator.token },
      maxBuffer: 64 * 1024 * 1024,
    }).catch((e: unknown) => (typeof e === "object" && e !== null && "stdout" in e ? { stdout: String(e.stdout) } : Promise.reject(e)));
    const wall = performance.now() - started;
    const report = JSON.parse(stdout) as { causes: { signature: string; confidence: number; jobs: string[] }[]; missing: unknown[] };
    const api = emulator.requests.filter((r) => !r.path.startsWith("/_emulator")).length;
    process.stdout.write(`machine: ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2) ?? "?"}\n`);
    process.stdout.write(`organisation: 200 runners, 100 runs × 5 jobs = 500 jobs, 50 failed deploy jobs\n`);
    process.stdout.write(`diagnose wall time: ${(wall / 1000).toFixed(2)} s (goal ≤ 10 s)\n`);
    process.stdout.write(`API requests: ${api} (goal ≤ 100)\n`);
    process.stdout.write(`causes: ${report.causes.map((c) => `${c.signature} ${c.confidence}`).join(", ")}; missing: ${report.missing.length}\n`);
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
