/**
 * A real Prometheus (Debian `prometheus`) for tests, scraping a small exporter whose values the test
 * sets. Start one per test file (`startPrometheus` in beforeAll, `stop` in afterAll): it is ready in
 * well under a second and scrapes every second, but the first scrape comes ~5 s after start
 * (Prometheus applies discovered targets on a 5 s tick), so a start takes ~6 s.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startHttpServer, type TestServer } from "./servers.js";

export interface Exporter extends TestServer {
  /** Sets a gauge sample, e.g. `set("app_error_ratio", 0.2)` or with labels. */
  set(name: string, value: number | string, labels?: Readonly<Record<string, string>>): void;
  /** Removes a metric (every series of it). */
  remove(name: string): void;
}

function labelText(labels: Readonly<Record<string, string>>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`);
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

/** A text-format 0.0.4 exporter on 127.0.0.1 with gauges the test controls. */
export async function startExporter(): Promise<Exporter> {
  const metrics = new Map<string, Map<string, string>>();
  const server = await startHttpServer((req, res) => {
    if (req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    let text = "";
    for (const [name, series] of metrics) {
      text += `# HELP ${name} test gauge\n# TYPE ${name} gauge\n`;
      for (const [labels, value] of series) text += `${name}${labels} ${value}\n`;
    }
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(text);
  });
  return {
    ...server,
    set(name, value, labels = {}) {
      const series = metrics.get(name) ?? new Map<string, string>();
      series.set(labelText(labels), typeof value === "number" ? String(value) : value);
      metrics.set(name, series);
    },
    remove(name) {
      metrics.delete(name);
    },
  };
}

export interface PrometheusServer {
  /** Base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Polls an instant query until `accept` holds for its first value (or its emptiness), up to `timeoutMs`. */
  waitFor(query: string, accept: (value: string | undefined) => boolean, timeoutMs?: number): Promise<void>;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its data. Idempotent. */
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  /** `host:port` targets scraped every second as job `app`. */
  readonly targets: readonly string[];
  /** Alerting rules file content (YAML), evaluated every second. */
  readonly rules?: string;
}

async function firstValue(url: string, query: string): Promise<string | undefined | null> {
  try {
    const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
    if (!response.ok) return null;
    const body = (await response.json()) as { data?: { result?: { value?: [number, string] }[] } };
    return body.data?.result?.[0]?.value?.[1];
  } catch {
    return null;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", () => resolve()));
}

export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), "runwarden-prom-"));
  const rules = options.rules === undefined ? "" : `rule_files: [${JSON.stringify(join(dir, "rules.yml"))}]\n`;
  if (options.rules !== undefined) writeFileSync(join(dir, "rules.yml"), options.rules);
  writeFileSync(
    join(dir, "prometheus.yml"),
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n${rules}scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ${JSON.stringify(options.targets)}\n`,
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = "";
  const child = spawn(
    "prometheus",
    [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`, "--log.level=warn"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (log = (log + chunk).slice(-4000)));
  let stopped = false;
  const stop = async () => {
    if (!stopped) {
      stopped = true;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited(child);
      clearTimeout(killer);
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const waitFor = async (query: string, accept: (value: string | undefined) => boolean, timeoutMs = 15_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await firstValue(url, query);
      if (value !== null && accept(value)) return;
      if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${log}`);
      if (Date.now() > until) throw new Error(`timed out waiting for ${query} (last: ${String(value)}); prometheus log: ${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  try {
    const until = Date.now() + 15_000;
    for (;;) {
      const ready = await fetch(`${url}/-/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      if (child.exitCode !== null || Date.now() > until) throw new Error(`prometheus did not become ready: ${log}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await waitFor('min(up{job="app"})', (value) => value === "1");
  } catch (e: unknown) {
    await stop();
    throw e;
  }
  return { url, waitFor, stop };
}
