/**
 * A real Prometheus (Debian `prometheus`) loaded with runwarden's own rule files and scraping
 * runwarden as job `runwarden`, every second, with rules evaluated every second. The rules' `for:`
 * durations are cut to `forSeconds` and groups' own `interval:` dropped, so an alert's life
 * (pending → firing) fits in a test; the expressions are the shipped ones, unchanged. Data goes to a temporary directory, removed on stop.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { freePort } from "../helpers/servers.js";
import { ruleFiles } from "./queries.js";

export interface Sample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

export interface AlertState {
  readonly labels: Record<string, string>;
  readonly state: "pending" | "firing" | "inactive";
}

export interface LivePrometheus {
  readonly url: string;
  /** Instant query; throws on a PromQL error. */
  query(expr: string): Promise<Sample[]>;
  /** Range query over the last `seconds`, 1 s steps; number of series returned. */
  queryRange(expr: string, seconds: number): Promise<number>;
  alerts(): Promise<AlertState[]>;
  /** Polls `check` every 200 ms until it returns true or `timeoutMs` passes (then throws with `what`). */
  until(what: string, check: () => Promise<boolean>, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

interface ApiReply<T> {
  status: "success" | "error";
  error?: string;
  data: T;
}

async function api<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const body = (await response.json()) as ApiReply<T>;
  if (body.status !== "success") throw new Error(`${url}: ${body.error ?? response.status}`);
  return body.data;
}

export async function startLivePrometheus(target: string, forSeconds = 2): Promise<LivePrometheus> {
  const dir = mkdtempSync(join(tmpdir(), "rw-observe-prom-"));
  const rulePaths = ruleFiles().map((path) => {
    const copy = join(dir, basename(path));
    const text = readFileSync(path, "utf8")
      .replace(/^(\s+for: )\d+[smhd]$/gm, `$1${forSeconds}s`)
      .replace(/^\s+interval: \d+[smhd]\n/gm, "");
    writeFileSync(copy, text);
    return copy;
  });
  writeFileSync(
    join(dir, "prometheus.yml"),
    [
      "global:",
      "  scrape_interval: 1s",
      "  evaluation_interval: 1s",
      `rule_files: ${JSON.stringify(rulePaths)}`,
      "scrape_configs:",
      "  - job_name: runwarden",
      "    static_configs:",
      `      - targets: [${JSON.stringify(target)}]`,
      "",
    ].join("\n"),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = "";
  const child: ChildProcess = spawn(
    "prometheus",
    [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`, "--log.level=warn"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (log = (log + chunk).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(killer);
    rmSync(dir, { recursive: true, force: true });
  };
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await check().catch(() => false)) return;
      if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${log}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; prometheus log: ${log}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const live: LivePrometheus = {
    url,
    query: (expr) => api<{ result: Sample[] }>(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`).then((data) => data.result),
    queryRange: async (expr, seconds) => {
      const end = Date.now() / 1000;
      const data = await api<{ result: unknown[] }>(`${url}/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${end - seconds}&end=${end}&step=1`);
      return data.result.length;
    },
    alerts: () => api<{ alerts: AlertState[] }>(`${url}/api/v1/alerts`).then((data) => data.alerts),
    until,
    stop,
  };
  try {
    await until("prometheus ready", () => fetch(`${url}/-/ready`).then((r) => r.ok));
    await until("the runwarden target up", async () => (await live.query('up{job="runwarden"} == 1')).length === 1);
  } catch (err: unknown) {
    await stop();
    throw err;
  }
  return live;
}
