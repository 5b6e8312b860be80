/**
 * Preflight at fleet scale, through the same code path as `runwarden preflight`: a runwarden.yml and
 * an INI inventory are written to a temporary folder and the CLI runs in-process (`runCli`, with
 * `--json`): config load, inventory load, host selection, check building, the concurrent run under
 * one deadline, the report. Run: `npx tsx bench/preflight.ts [hosts]` (default 200). Prints
 * figures, asserts nothing.
 *
 * Each host gets a `tcp` and an `http` check (`each_host: true`). Hosts are HTTP servers on
 * 127.0.0.1–127.0.0.N, one per host, run in a worker thread so they do not share the runner's
 * event loop. Scenarios:
 * - all healthy (goal: under 1 s);
 * - 10 % of hosts hanging: they accept connections (tcp passes) and never answer HTTP; the http
 *   timeout (10 s) is longer than the preflight deadline (2 s), so the deadline bounds the run
 *   (goal: no more than the deadline + 10 %);
 * - the same with an http timeout of 1 s, below the deadline: the per-check timeout bounds the run.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { runCli } from "../src/cli/run.js";
import { Masker } from "../src/mask/index.js";
import { createMemoryIo } from "../src/output/memory-io.js";

const HOSTS = Number(process.argv[2] ?? 200);
const HANG_SHARE = 0.1;
const DEADLINE_MS = 2000;
const SHA = "3f9c2e1";

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
  const worker = new Worker(SERVERS, { eval: true, workerData: { hosts, sha: SHA } });
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

/** runwarden.yml and its inventory for `ports`, in a fresh folder. */
function writeFixture(ports: readonly Bound[], httpTimeout: string): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), "rw-bench-preflight-"));
  const hosts = ports.map((bound, i) => `web-${String(i + 1).padStart(3, "0")} ansible_host=${bound.address} app_port=${bound.port}`);
  writeFileSync(join(dir, "hosts"), `[web]\n${hosts.join("\n")}\n`);
  const config = join(dir, "runwarden.yml");
  writeFileSync(
    config,
    `inventory: hosts
environments:
  bench:
    hosts: web
    runner_groups: [{ name: primary, labels: [self-hosted] }]
    preflight:
      - tcp: { each_host: true, port: "{{ app_port }}" }
      - http: { url: "http://{{ ansible_host }}:{{ app_port }}/health", each_host: true, body_contains: "{{ sha }}", timeout: ${httpTimeout} }
`,
  );
  return { dir, config };
}

interface Counts {
  readonly pass: number;
  readonly warn: number;
  readonly fail: number;
  readonly error: number;
}

async function scenario(label: string, hangShare: number, concurrency: number, httpTimeout = "10s"): Promise<void> {
  const hang = new Set<number>();
  const step = hangShare > 0 ? Math.round(1 / hangShare) : 0;
  if (step > 0) for (let i = 0; i < HOSTS; i += step) hang.add(i);
  const { ports, stop } = await startServers(hang);
  const { dir, config } = writeFixture(ports, httpTimeout);
  try {
    const io = createMemoryIo(new Masker(), { env: {}, cwd: dir });
    const argv = [
      "preflight",
      "--config",
      config,
      "-e",
      "bench",
      "--json",
      "--sha",
      SHA,
      "--deadline",
      `${DEADLINE_MS}ms`,
      "--concurrency",
      String(concurrency),
    ];
    const started = performance.now();
    const code = await runCli(argv, io);
    const wall = performance.now() - started;
    await io.close();
    const report = JSON.parse(io.stdoutText()) as { verdict: string; counts: Counts; duration_ms: number; results: unknown[] };
    const counts = Object.entries(report.counts)
      .filter(([, n]) => n > 0)
      .map(([status, n]) => `${n} ${status}`)
      .join(", ");
    const vsDeadline = `${((wall / DEADLINE_MS) * 100).toFixed(1)} % of the ${DEADLINE_MS} ms deadline`;
    process.stdout.write(
      `  ${label.padEnd(34)} ${String(report.results.length).padStart(4)} checks  concurrency ${String(concurrency).padStart(3)}  ${wall.toFixed(0).padStart(6)} ms wall (checks ${String(report.duration_ms).padStart(5)} ms)  (${vsDeadline})  exit ${code}, verdict ${report.verdict}: ${counts}\n`,
    );
  } finally {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.stdout.write(`preflight bench: ${HOSTS} hosts × (tcp + http) on loopback, node ${process.version}; deadline ${DEADLINE_MS} ms, http timeout 10 s\n`);
await scenario("warm-up", 0, 32);
for (const concurrency of [32, 128]) await scenario("all healthy", 0, concurrency);
for (const concurrency of [32, 128]) await scenario(`${HANG_SHARE * 100} % hanging`, HANG_SHARE, concurrency);
await scenario(`${HANG_SHARE * 100} % hanging, http timeout 1 s`, HANG_SHARE, 32, "1s");
process.stdout.write(`goals: all healthy < 1000 ms; with hangs ≤ deadline + 10 % (${DEADLINE_MS * 1.1} ms)\n`);
