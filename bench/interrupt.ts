/**
 * How soon runwarden lets go of work it was told to stop — the figures the tests no longer time
 * (they assert the behaviour instead: the cut-off probe's `error` and its reason, the report after
 * Ctrl-C). Run: `npm run build && npx tsx bench/interrupt.ts [rounds]` (default 5). Prints figures,
 * asserts nothing.
 *
 * - probe timeout: an http probe against a server that never answers, and a command probe whose
 *   program never ends, each with a 200 ms timeout: wall time, and the overshoot past 200 ms;
 * - Ctrl-C: the built executable running `preflight` (one host that never answers, 60 s deadline)
 *   and `gate` (measurements an hour apart); SIGINT once the probe has started (the request reached
 *   the host; the first measurement's line), then the time from SIGINT to the process's exit.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { commandProbe } from "../src/checks/command.js";
import { defineCheck } from "../src/checks/harness.js";
import { httpProbe } from "../src/checks/http.js";
import type { Probe } from "../src/checks/types.js";

const ROUNDS = Number(process.argv[2] ?? 5);
const BIN = join(import.meta.dirname, "..", "dist", "runwarden.js");

function stats(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  return `median ${median.toFixed(1)} ms, min ${(sorted[0] ?? 0).toFixed(1)}, max ${(sorted.at(-1) ?? 0).toFixed(1)}`;
}

async function timeProbe(probe: Probe): Promise<number> {
  const check = defineCheck({ id: "bench", kind: "bench" }, probe);
  const started = performance.now();
  const result = await check.run({ env: { PATH: process.env.PATH ?? "" }, now: Date.now }, new AbortController().signal);
  if (result.status !== "error") throw new Error(`expected a timeout, got ${result.status}: ${result.summary}`);
  return performance.now() - started;
}

/** Runs the executable; SIGINT once `ready` says the probe has started; ms from SIGINT to exit. */
async function timeInterrupt(argv: readonly string[], cwd: string, ready: (child: ChildProcessWithoutNullStreams) => Promise<void>): Promise<number> {
  const child = spawn(process.execPath, [BIN, ...argv], { cwd, env: { PATH: process.env.PATH ?? "" }, stdio: ["pipe", "pipe", "pipe"] });
  child.stdout.resume();
  const exited = new Promise<number>((resolve) => child.once("exit", () => resolve(performance.now())));
  await ready(child);
  const sent = performance.now();
  child.kill("SIGINT");
  return (await exited) - sent;
}

/** Resolves when the child's stderr has shown `text`. */
function stderrShows(text: string): (child: ChildProcessWithoutNullStreams) => Promise<void> {
  return (child) =>
    new Promise((resolve) => {
      let seen = "";
      child.stderr.on("data", (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes(text)) resolve();
      });
    });
}

const requests: (() => void)[] = [];
const hanging: Server = createServer(() => requests.shift()?.());
await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
const port = (hanging.address() as AddressInfo).port;
const dir = mkdtempSync(join(tmpdir(), "rw-bench-interrupt-"));
writeFileSync(join(dir, "hosts"), `[web]\nweb-01 ansible_host=127.0.0.1 app_port=${port}\n`);
writeFileSync(
  join(dir, "runwarden.yml"),
  `inventory: hosts
environments:
  bench:
    hosts: web
    runner_groups: [{ name: primary, labels: [self-hosted] }]
    preflight:
      - http: { url: "http://{{ ansible_host }}:{{ app_port }}/", each_host: true, timeout: 60s }
    gates:
      - name: patient
        command: { run: "true" }
        interval: 1h
        count: 3
`,
);

try {
  process.stdout.write(`interrupt bench: ${ROUNDS} rounds, node ${process.version}, ${cpus().length} CPU(s), load ${loadavg()[0]?.toFixed(2) ?? "?"}\n`);
  const http: number[] = [];
  const command: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    http.push(await timeProbe(httpProbe({ url: `http://127.0.0.1:${port}/`, timeoutMs: 200 })));
    command.push(await timeProbe(commandProbe({ name: "sleep", minVersion: "1", versionArg: "600", timeoutMs: 200 })));
  }
  process.stdout.write(`  http probe, host never answers, timeout 200 ms:   ${stats(http)} (overshoot ${stats(http.map((ms) => ms - 200))})\n`);
  process.stdout.write(`  command probe, program never ends, timeout 200 ms: ${stats(command)} (overshoot ${stats(command.map((ms) => ms - 200))})\n`);

  const preflight: number[] = [];
  const gate: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const requested = () => new Promise<void>((resolve) => requests.push(resolve));
    preflight.push(await timeInterrupt(["preflight", "--config", "runwarden.yml", "-e", "bench", "--json", "--deadline", "60s"], dir, requested));
    gate.push(await timeInterrupt(["gate", "--config", "runwarden.yml", "-e", "bench", "--json"], dir, stderrShows("gate 'patient' #1 pass")));
  }
  process.stdout.write(`  preflight, Ctrl-C while a probe hangs, SIGINT → exit: ${stats(preflight)}\n`);
  process.stdout.write(`  gate, Ctrl-C between measurements, SIGINT → exit:     ${stats(gate)}\n`);
} finally {
  hanging.closeAllConnections();
  hanging.close();
  rmSync(dir, { recursive: true, force: true });
}
