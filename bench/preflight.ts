/**
 * Preflight at fleet scale. Run: `npx tsx bench/preflight.ts [hosts]` (default 200). Prints figures,
 * asserts nothing.
 *
 * Each host gets a `tcp` and an `http` check (`each_host: true`, built from config items by the
 * check factory, as `runwarden preflight` will). Hosts are HTTP servers on 127.0.0.1–127.0.0.N, one
 * per host, run in a worker thread so they do not share the runner's event loop. Scenarios:
 * - all healthy (goal: under 1 s);
 * - 10 % of hosts hanging: they accept connections (tcp passes) and never answer HTTP; the http
 *   timeout (10 s) is longer than the preflight deadline (2 s), so the deadline bounds the run
 *   (goal: no more than the deadline + 10 %);
 * - the same with an http timeout of 1 s, below the deadline: the per-check timeout bounds the run.
 */
import { Worker } from "node:worker_threads";
import type { CheckBuildContext } from "../src/checks/index.js";
import { buildChecks } from "../src/checks/index.js";
import { preflightCheckSchema } from "../src/config/schema/checks.js";
import { runPreflight } from "../src/preflight/index.js";

const HOSTS = Number(process.argv[2] ?? 200);
const HANG_SHARE = 0.1;
const DEADLINE_MS = 2000;

const SERVERS = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const servers = [];
Promise.all(workerData.hosts.map((h) => new Promise((resolve) => {
  const server = http.createServer(h.hang ? () => {} : (req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("ok " + workerData.sha));
  server.listen(0, h.address, () => { servers.push(server); resolve({ address: h.address, port: server.address().port }); });
}))).then((ports) => parentPort.postMessage(ports));
parentPort.on("message", () => { for (const s of servers) { s.closeAllConnections(); s.close(); } parentPort.close(); });
`;

interface Bound {
  readonly address: string;
  readonly port: number;
}

async function startServers(hang: ReadonlySet<number>): Promise<{ ports: Bound[]; stop: () => Promise<void> }> {
  const hosts = Array.from({ length: HOSTS }, (_, i) => ({ address: `127.0.${Math.floor((i + 1) / 256)}.${(i + 1) % 256}`, hang: hang.has(i) }));
  const worker = new Worker(SERVERS, { eval: true, workerData: { hosts, sha: "3f9c2e1" } });
  const ports = await new Promise<Bound[]>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  return {
    ports,
    stop: async () => {
      worker.postMessage("stop");
      await worker.terminate();
    },
  };
}

const items = (httpTimeout: string) => [
  preflightCheckSchema.parse({ tcp: { each_host: true, port: "{{ app_port }}" } }),
  preflightCheckSchema.parse({ http: { url: "http://{{ ansible_host }}:{{ app_port }}/health", each_host: true, body_contains: "{{ sha }}", timeout: httpTimeout } }),
];

async function scenario(label: string, hangShare: number, concurrency: number, httpTimeout = "10s"): Promise<void> {
  const hang = new Set<number>();
  const step = hangShare > 0 ? Math.round(1 / hangShare) : 0;
  if (step > 0) for (let i = 0; i < HOSTS; i += step) hang.add(i);
  const { ports, stop } = await startServers(hang);
  try {
    const context: CheckBuildContext = {
      env: {},
      vars: { sha: "3f9c2e1" },
      hosts: ports.map((bound, i) => ({ name: `web-${String(i + 1).padStart(3, "0")}`, vars: { ansible_host: bound.address, app_port: bound.port } })),
    };
    const checks = buildChecks(items(httpTimeout), context);
    const started = performance.now();
    const report = await runPreflight(checks, { context: { env: {}, now: Date.now }, concurrency, deadlineMs: DEADLINE_MS });
    const wall = performance.now() - started;
    const counts = Object.entries(report.counts)
      .filter(([, n]) => n > 0)
      .map(([status, n]) => `${n} ${status}`)
      .join(", ");
    const vsDeadline = `${((wall / DEADLINE_MS) * 100).toFixed(1)} % of the ${DEADLINE_MS} ms deadline`;
    process.stdout.write(
      `  ${label.padEnd(34)} ${String(checks.length).padStart(4)} checks  concurrency ${String(concurrency).padStart(3)}  ${wall.toFixed(0).padStart(6)} ms  (${vsDeadline})  verdict ${report.verdict}: ${counts}\n`,
    );
  } finally {
    await stop();
  }
}

process.stdout.write(`preflight bench: ${HOSTS} hosts × (tcp + http) on loopback, node ${process.version}; deadline ${DEADLINE_MS} ms, http timeout 10 s\n`);
await scenario("warm-up", 0, 32);
for (const concurrency of [32, 128]) await scenario("all healthy", 0, concurrency);
for (const concurrency of [32, 128]) await scenario(`${HANG_SHARE * 100} % hanging`, HANG_SHARE, concurrency);
await scenario(`${HANG_SHARE * 100} % hanging, http timeout 1 s`, HANG_SHARE, 32, "1s");
process.stdout.write(`goals: all healthy < 1000 ms; with hangs ≤ deadline + 10 % (${DEADLINE_MS * 1.1} ms)\n`);
