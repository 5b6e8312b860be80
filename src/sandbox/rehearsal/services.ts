/**
 * The services the sandbox runs beside the hosts: the GitHub API emulator (in this process, seeded
 * from the sandbox's scenario; its control API is how the sandbox plays GitHub's part — a run
 * started, a job taken by a runner, a runner lost) and a real Prometheus (Debian's binary, storage
 * in the sandbox folder, loopback only, scraping every second).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { FileWriter } from "../../output/io.js";
import { loadScenario } from "../github/scenario.js";
import { startGithubEmulator, type RunningEmulator } from "../github/server.js";
import { freePort } from "./hosts.js";
import type { ProcessRegistry } from "./processes.js";

export async function startEmulator(scenarioFile: string, cwd: string): Promise<RunningEmulator> {
  return startGithubEmulator({ scenario: loadScenario(scenarioFile, cwd) });
}

export interface EmulatorJob {
  readonly id: number;
  readonly name: string;
  readonly status: string;
  readonly conclusion: string | null;
  readonly runner_name: string | null;
  readonly outputs?: Record<string, string>;
}

interface EmulatorRun {
  readonly id: number;
  readonly run_attempt?: number;
  readonly jobs: readonly EmulatorJob[];
}

/** The control API (`/_emulator`, docs/sandbox.md) and the few reads the narrative shows. */
export class EmulatorControl {
  constructor(readonly emulator: RunningEmulator) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.emulator.url}${path}`, {
      method,
      headers: { "content-type": "application/json", authorization: `token ${this.emulator.token}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`emulator ${method} ${path}: ${response.status} ${text}`);
    return (text === "" ? undefined : JSON.parse(text)) as T;
  }

  setRunner(name: string, patch: { status?: "online" | "offline"; busy?: boolean }): Promise<unknown> {
    return this.call("PATCH", `/_emulator/runners/${name}`, patch);
  }

  startRun(sha: string): Promise<EmulatorRun> {
    return this.call("POST", "/_emulator/runs", { workflow: "deploy.yml", sha, actor: "alice" });
  }

  async run(id: number): Promise<EmulatorRun> {
    const state = await this.call<{ runs: EmulatorRun[] }>("GET", "/_emulator/state");
    const run = state.runs.find((r) => r.id === id);
    if (run === undefined) throw new Error(`emulator: no run ${id}`);
    return run;
  }

  async job(runId: number, name: string): Promise<EmulatorJob> {
    const run = await this.run(runId);
    const job = run.jobs.find((j) => j.name === name);
    if (job === undefined) throw new Error(`emulator: run ${runId} has no job ${name}`);
    return job;
  }

  /** One step of a job: queued → in_progress (on `runner`) → completed. */
  async advance(runId: number, name: string, body: Record<string, unknown> = {}): Promise<EmulatorJob> {
    const job = await this.job(runId, name);
    return this.call("POST", `/_emulator/jobs/${job.id}/advance`, body);
  }

  /** The latest status of a GitHub deployment, as the API answers it. */
  async deploymentState(repository: string, deploymentId: number): Promise<string | undefined> {
    const statuses = await this.call<{ state: string }[]>("GET", `/repos/${repository}/deployments/${deploymentId}/statuses`);
    return statuses[0]?.state;
  }
}

export interface Prometheus {
  readonly url: string;
  /** The first value of an instant query, or undefined. */
  query(expr: string): Promise<string | undefined>;
  /** Polls until `accept` holds for the query's first value (the first scrape takes ~5 s). */
  waitFor(expr: string, accept: (value: string | undefined) => boolean, timeoutMs: number): Promise<void>;
}

export function prometheusAvailable(): boolean {
  return existsSync("/usr/bin/prometheus");
}

/** Starts Prometheus scraping `targets` (job `app`) and `extra` jobs, every second; resolves once it is ready. */
export async function startPrometheus(
  dir: string,
  registry: ProcessRegistry,
  files: FileWriter,
  targets: readonly string[],
  extra: Readonly<Record<string, readonly string[]>> = {},
  port?: number,
): Promise<Prometheus> {
  const listen = port ?? (await freePort());
  const jobs = { app: targets, ...extra };
  const scrape = Object.entries(jobs)
    .map(([job, list]) => `  - job_name: ${job}\n    static_configs:\n      - targets: ${JSON.stringify(list)}\n`)
    .join("");
  files.write(
    join(dir, "prometheus.yml"),
    `# The sandbox's Prometheus: scrapes every second.\nglobal:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n${scrape}`,
  );
  const url = `http://127.0.0.1:${listen}`;
  const child = registry.start("prometheus", "prometheus", [
    `--config.file=${join(dir, "prometheus.yml")}`,
    `--storage.tsdb.path=${join(dir, "data")}`,
    `--web.listen-address=127.0.0.1:${listen}`,
    "--log.level=info",
  ]);
  await child.waitForLine(/Server is ready to receive web requests/, 30_000);
  const query = async (expr: string): Promise<string | undefined> => {
    try {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      if (!response.ok) return undefined;
      const body = (await response.json()) as { data?: { result?: { value?: [number, string] }[] } };
      return body.data?.result?.[0]?.value?.[1];
    } catch {
      return undefined;
    }
  };
  return {
    url,
    query,
    async waitFor(expr, accept, timeoutMs) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const value = await query(expr);
        if (accept(value)) return;
        if (Date.now() > until) throw new Error(`Prometheus: ${expr} did not settle within ${timeoutMs} ms (last: ${String(value)})`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
  };
}

/** `runwarden serve` (the built CLI) on loopback: the fleet and deploy metrics Prometheus scrapes. Undefined when it did not start. */
export async function startServe(
  registry: ProcessRegistry,
  bin: string,
  config: string,
  env: Record<string, string>,
  cwd: string,
): Promise<{ url: string; target: string } | undefined> {
  const port = await freePort();
  const serve = registry.start("runwarden serve", process.execPath, [bin, "serve", "-c", config, "--listen", `127.0.0.1:${port}`, "--refresh", "2s"], {
    env,
    cwd,
  });
  try {
    const line = await serve.waitForLine(/listening on http:\/\//, 30_000);
    const url = /listening on (http:\/\/\S+)/.exec(line)?.[1] ?? `http://127.0.0.1:${port}`;
    return { url, target: `127.0.0.1:${port}` };
  } catch {
    registry.signal(serve, "SIGTERM");
    return undefined;
  }
}
