/**
 * `runwarden sandbox` end to end, from dist: the whole rehearsal's recorded outcome (`--json`) act by
 * act — route choices, failure classes, gate results, audit verify, report figures — and Ctrl-C
 * once the first act has started leaves no process, namespace or port behind.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runBinary, startBinary } from "../helpers/cli.js";

/** Four deploys with ansible-playbook, Prometheus' first scrape, a dozen CLI runs: minutes on a loaded machine. */
const SLOW = 900_000;
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "rw-sandbox-test-"));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Act {
  name: string;
  ok: boolean;
  expectations: { what: string; ok: boolean; saw?: string }[];
  outcome: Record<string, unknown>;
  error?: string;
}

function act(acts: Act[], name: string): Record<string, unknown> {
  const found = acts.find((a) => a.name === name);
  expect(found, `act ${name} was played`).toBeDefined();
  return found?.outcome ?? {};
}

/** Processes whose command line names `dir` (the sandbox's sshd, apps, Prometheus, runwarden steps). */
function processesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      if (cmdline.includes(dir)) found.push(`${pid}: ${cmdline}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("runwarden sandbox", () => {
  it(
    "plays every act as expected; the record says what runwarden decided in each",
    async () => {
      const dir = tempDir();
      const run = await runBinary(["sandbox", "--json", "--dir", dir]);
      const record = JSON.parse(run.stdout) as { ok: boolean; mode: string; acts: Act[] };
      const failed = record.acts.filter((a) => !a.ok).map((a) => ({ name: a.name, error: a.error, unmet: a.expectations.filter((e) => !e.ok) }));
      expect(failed, run.stderr.slice(-4000)).toEqual([]);
      expect(run.code).toBe(0);
      expect(record.ok).toBe(true);
      expect(record.acts.map((a) => a.name)).toEqual(["good-deploy", "runner-dies", "broken-task", "nothing-healthy", "finale"]);

      const good = act(record.acts, "good-deploy");
      expect(good).toMatchObject({
        route: { group: "primary", github_group: "prod-primary" },
        deploy: { outcome: "success", failure_class: null, failover: false, runner: "prod-a-1" },
        gates: { status: "success" },
        deployment_status: "success",
      });
      expect(good.audit_types).toContain("deploy.attempt");

      const dies = act(record.acts, "runner-dies");
      expect(dies).toMatchObject({
        route: { group: "primary" },
        lost: { runner: "prod-a-1" },
        classify: { class: "runner", failover: true },
        reroute: { group: "secondary", github_group: "prod-secondary" },
        deploy: { outcome: "success", runner: "prod-b-1" },
        gates: { status: "success" },
      });
      expect((dies.lost as { outcome: string }).outcome).not.toBe("success");

      expect(act(record.acts, "broken-task")).toMatchObject({
        route: { group: "primary" },
        deploy: { outcome: "failure", failure_class: "application", failover: false },
        classify: { failover: false },
        secondary_job: "skipped",
        failed_hosts: ["web-02"],
      });

      const nothing = act(record.acts, "nothing-healthy");
      expect(nothing).toMatchObject({ route: { group: null, code: 1 }, reroute: { group: null, code: 1 } });
      expect((nothing.watchdog as { plans: { action: string }[] }).plans[0]?.action).toBe("reroute");

      const finale = act(record.acts, "finale");
      expect(finale).toMatchObject({ audit_verify: { code: 0 }, history: { attempts: 4, by_status: { success: 2, failure: 1 } } });
      if (finale.report !== null) {
        const env = (finale.report as { environments?: { environment: string; deploys: number; success_rate: number }[] }).environments?.find(
          (e) => e.environment === "production",
        );
        expect(env?.deploys).toBeGreaterThanOrEqual(3);
        expect(env?.success_rate).toBeGreaterThan(0);
        expect(env?.success_rate).toBeLessThan(1);
      }
      expect(finale.metrics).toMatchObject({ apps_up: "2" });
    },
    SLOW,
  );

  it(
    "Ctrl-C once the first act has started stops every process it started and frees its ports",
    async () => {
      const dir = tempDir();
      const sandbox = startBinary(["sandbox", "--dir", dir, "--scenario", "good-deploy"]);
      let seen = "";
      await new Promise<void>((resolve, reject) => {
        sandbox.child.stdout.on("data", (chunk: Buffer) => {
          seen += chunk.toString("utf8");
          if (seen.includes("── Act 1")) resolve();
        });
        sandbox.child.once("exit", (code) => reject(new Error(`the sandbox exited (${String(code)}) before act 1: ${seen}`)));
      });
      const ports = [...seen.matchAll(/http:\/\/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
      expect(ports.length).toBeGreaterThanOrEqual(2);
      expect(processesUnder(dir).length).toBeGreaterThan(0);
      sandbox.child.kill("SIGINT");
      const run = await sandbox.done;
      expect(run.code).toBe(3);
      expect(run.stdout).toContain("stopped everything the sandbox started");
      expect(processesUnder(dir)).toEqual([]);
      for (const port of ports) expect(await portOpen(port), `port ${port} still answers`).toBe(false);
      const namespaces = execFileSync("ip", ["netns", "list"], { encoding: "utf8" });
      expect(namespaces).not.toMatch(new RegExp(`rwsb${(sandbox.child.pid ?? 0) % 100_000}h`));
    },
    SLOW,
  );
});
