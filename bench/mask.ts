/**
 * Masker throughput. Run: `npx tsx bench/mask.ts [MB]` (default 100). Prints figures, asserts nothing.
 *
 * Two parts, printed in-process first but measured through the pipe first (after the in-process
 * part this process's heap of ~1 GB is still being collected on the other core): in-process (the
 * library), and through a pipe (the CLI as users run it:
 * `cat input.log | runwarden mask -e … | wc -c` in a shell, the bundle built exactly as
 * scripts/build.mjs does), beside `cat` in the same place of the same pipeline (median of 3 runs each). The pipe figures give wall time and the runwarden process's
 * own CPU time (user + system, from a preload that reports it at exit), since other load on the
 * machine stretches wall time.
 *
 * 100 random secrets (16–40 characters) are registered; the input is generated runner/Ansible-like
 * log text in ~64 KiB chunks cut at line ends, with secrets, their encodings and token-shaped
 * values sprinkled in at a low rate. Measured in one run:
 * - pass-through: a charCodeAt scan of every chunk (the floor any masker pays);
 * - `Masker.mask()` on each chunk (a string: encoded to UTF-8, masked as bytes, decoded);
 * - `Masker.maskBytes()` on each chunk as a Buffer, and the byte stream the CLI uses;
 * - the byte stream with none and with one of the secrets (the scan's prefilter at work);
 * - a `MaskStream` (strings) fed the chunks in order;
 * - a naive baseline: `replaceAll(variant, "***")` for every literal variant and
 *   `replace(regex, "***")` for every built-in pattern, on a 10 MB slice (it is too slow for 100 MB).
 * MB = 10^6 bytes of UTF-8.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { build } from "esbuild";
import { cliBuildOptions } from "../scripts/build.mjs";
import { secretVariants } from "../src/mask/encodings.js";
import { BUILTIN_PATTERNS, Masker } from "../src/mask/index.js";

const TARGET_MB = Number(process.argv[2] ?? 100);
const CHUNK = 64 * 1024;
const NAIVE_MB = Math.min(10, TARGET_MB);

let seed = 0x9e3779b9;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#%&*+-=?@^_~";
const randomString = (n: number, alphabet = CHARS): string => {
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(random() * alphabet.length)];
  return s;
};

const secrets = Array.from({ length: 100 }, () => randomString(16 + Math.floor(random() * 25)));
const encoders: readonly ((s: string) => string)[] = [
  (s) => s,
  (s) => Buffer.from(`user:${s}\n`).toString("base64"),
  (s) => Buffer.from(s).toString("hex"),
  (s) => encodeURIComponent(s),
  (s) => JSON.stringify(s).slice(1, -1),
];
const HOSTS = ["web-01", "web-02", "db-primary", "cache-03", "worker-11"];
const TASKS = ["Gathering Facts", "install packages", "template nginx.conf", "restart service", "wait for port 8080"];
const lineMakers: readonly (() => string)[] = [
  () => `TASK [${pick(TASKS)}] ${"*".repeat(40 + Math.floor(random() * 30))}`,
  () => `ok: [${pick(HOSTS)}] => (item=${randomString(8)})`,
  () => `changed: [${pick(HOSTS)}] => {"changed": true, "rc": 0, "stdout": "${randomString(30)}"}`,
  () => `2024-05-0${1 + Math.floor(random() * 9)}T12:${10 + Math.floor(random() * 50)}:07.123Z ##[debug]Evaluating condition for step: '${pick(TASKS)}'`,
  () => `[command]/usr/bin/git -c http.extraheader="AUTHORIZATION: basic ***" fetch --depth=1 origin +${randomString(40, "0123456789abcdef")}`,
  () => `PLAY RECAP ${pick(HOSTS)} : ok=${Math.floor(random() * 40)} changed=${Math.floor(random() * 9)} unreachable=0 failed=0 skipped=3`,
  () => `    "msg": "Downloading https://registry.example.test/v2/app/blobs/sha256:${randomString(64, "0123456789abcdef")}"`,
];

function makeLine(): string {
  const r = random();
  if (r < 0.002) return `export TOKEN=${pick(encoders)(pick(secrets))} # sprinkled`;
  if (r < 0.0025) return `github token ghp_${randomString(36, CHARS.slice(0, 62))} leaked`;
  if (r < 0.003) return `aws key AKIA${randomString(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`;
  return pick(lineMakers)();
}

const chunks: string[] = [];
let bytes = 0;
while (bytes < TARGET_MB * 1e6) {
  const lines: string[] = [];
  let size = 0;
  while (size < CHUNK) {
    const line = makeLine();
    lines.push(line);
    size += line.length + 1;
  }
  const chunk = `${lines.join("\n")}\n`;
  chunks.push(chunk);
  bytes += Buffer.byteLength(chunk);
}
const mb = bytes / 1e6;

/** Runs `run` and prints MB/s of wall time and of this process's CPU time (the machine may be shared). */
function time(label: string, megabytes: number, run: () => void): number {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  run();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rate = megabytes / seconds;
  console.log(
    `${label.padEnd(40)} ${megabytes.toFixed(1).padStart(6)} MB in ${seconds.toFixed(2).padStart(6)} s = ${rate.toFixed(1).padStart(7)} MB/s wall, ${(megabytes / cpuSeconds).toFixed(1).padStart(7)} MB/s of CPU`,
  );
  return rate;
}

// ---------------------------------------------------------------------------------------------
// Through a pipe: the built CLI, beside cat.

const root = join(import.meta.dirname, "..");
mkdirSync(join(root, "node_modules", ".cache"), { recursive: true });
const work = mkdtempSync(join(root, "node_modules", ".cache", "rw-bench-mask-"));
const REPORT_AT_EXIT = `process.on("exit", () => { const u = process.cpuUsage(); require("fs").writeFileSync(process.env.RW_BENCH_CPU, String((u.user + u.system) / 1000)); });`;

interface PipeRun {
  readonly seconds: number;
  readonly cpuMs: number | undefined;
  readonly bytes: number;
}

/**
 * `cat INPUT | command args… | wc -c`, as a shell runs it: a producer and a consumer of their own, so
 * that this process (Node, on the same 2 cores) is not the one feeding and draining the pipes.
 */
function pipeThrough(command: string, args: readonly string[], inputFile: string, env: Record<string, string>): Promise<PipeRun> {
  return new Promise((resolve, reject) => {
    const cpuFile = join(work, `cpu-${Math.random().toString(36).slice(2)}`);
    const t0 = performance.now();
    const child = spawn("sh", ["-c", 'input="$1"; shift; cat "$input" | "$@" | wc -c', "sh", inputFile, command, ...args], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, ...env, RW_BENCH_CPU: cpuFile },
    });
    let counted = "";
    child.stdout.on("data", (chunk: Buffer) => {
      counted += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", () => {
      let cpuMs: number | undefined;
      try {
        cpuMs = Number(readFileSync(cpuFile, "utf8"));
      } catch {
        cpuMs = undefined;
      }
      resolve({ seconds: (performance.now() - t0) / 1000, cpuMs, bytes: Number(counted.trim()) });
    });
  });
}

/** Runs the pipe part; returns its printed lines. */
async function throughPipe(): Promise<string[]> {
  const printed: string[] = [];
  try {
    const cliDir = join(work, "cli");
    mkdirSync(cliDir);
    await build(await cliBuildOptions({ outdir: cliDir, quiet: true }));
    const preload = join(work, "report-at-exit.cjs");
    writeFileSync(preload, REPORT_AT_EXIT);
    const input = Buffer.from(chunks.join(""));
    const inputFile = join(work, "input.log");
    writeFileSync(inputFile, input);
    const emptyFile = join(work, "empty.log");
    writeFileSync(emptyFile, "");
    const env: Record<string, string> = {};
    const args: string[] = [];
    secrets.forEach((s, i) => {
      env[`BENCH_SECRET_${i}`] = s;
      args.push("-e", `BENCH_SECRET_${i}`);
    });
    printed.push(
      `\nthrough a pipe (${cpus().length} cores, load ${loadavg()
        .map((v) => v.toFixed(2))
        .join(" ")}): cat input.log | X | wc -c, ${mb.toFixed(1)} MB`,
    );
    const line = (label: string, run: PipeRun): void => {
      printed.push(
        `${label.padEnd(40)} ${run.seconds.toFixed(2).padStart(6)} s wall = ${(mb / run.seconds).toFixed(1).padStart(7)} MB/s` +
          (run.cpuMs === undefined ? "" : `; its CPU ${(run.cpuMs / 1000).toFixed(2)} s = ${(mb / (run.cpuMs / 1000)).toFixed(1)} MB/s of CPU`),
      );
    };
    const median = async (run: () => Promise<PipeRun>): Promise<PipeRun> => {
      const runs: PipeRun[] = [];
      for (let i = 0; i < 3; i++) runs.push(await run());
      return runs.sort((a, b) => a.seconds - b.seconds)[1] ?? runs[0]!;
    };
    const cat = await median(() => pipeThrough("cat", [], inputFile, {}));
    line("cat (X = cat)", cat);
    const startup = await median(() => pipeThrough(process.execPath, ["--require", preload, join(cliDir, "runwarden.js"), "mask", ...args], emptyFile, env));
    line("runwarden mask, empty input (start-up)", startup);
    const cli = await median(() => pipeThrough(process.execPath, ["--require", preload, join(cliDir, "runwarden.js"), "mask", ...args], inputFile, env));
    line(`runwarden mask -e ×${secrets.length}`, cli);
    printed.push(
      `runwarden mask output: ${(cli.bytes / 1e6).toFixed(1)} MB (input ${(input.length / 1e6).toFixed(1)} MB); start-up excluded: ${(mb / Math.max(0.001, cli.seconds - startup.seconds)).toFixed(1)} MB/s wall`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return printed;
}

// The pipe runs first, while this process is quiet: after the in-process part, its heap of ~1 GB
// is still being collected on the other core.
const pipeLines = await throughPipe();
const masker = new Masker();
const t0 = performance.now();
for (const [i, s] of secrets.entries()) masker.addSecret(s, `bench secret ${i}`);
masker.mask("warm-up"); // builds the automaton outside the timings
const buildMs = performance.now() - t0;
const variants = [...new Set(secrets.flatMap((s) => secretVariants(s, 6)))];
console.log(`runwarden mask benchmark: ${secrets.length} secrets, ${variants.length} literal variants, ${BUILTIN_PATTERNS.length} built-in patterns`);
console.log(`registering the secrets and building the automaton: ${buildMs.toFixed(0)} ms`);
console.log(`input: ${mb.toFixed(1)} MB of log text in ${chunks.length} chunks of ~64 KiB (Node ${process.version})\n`);

function checksum(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum = (sum + text.charCodeAt(i)) | 0;
  return sum;
}
let sink = 0;
for (const chunk of chunks.slice(0, 20)) sink += checksum(chunk) + masker.mask(chunk).length; // JIT warm-up
const passRate = time("pass-through (charCodeAt scan)", mb, () => {
  for (const chunk of chunks) sink += checksum(chunk);
});

let maskedCount = 0;
const maskRate = time("Masker.mask() per chunk", mb, () => {
  for (const chunk of chunks) {
    const out = masker.mask(chunk);
    if (out !== chunk) maskedCount++;
  }
});

const bufferChunks = chunks.map((chunk) => Buffer.from(chunk));
time("Masker.maskBytes() per chunk (Buffers)", mb, () => {
  for (const chunk of bufferChunks) sink += masker.maskBytes(chunk).length;
});
/** Every chunk through `m`'s byte stream, as the CLI feeds it. */
function byteStream(m: Masker): void {
  const stream = m.createByteStream();
  const parts: Buffer[] = [];
  for (const chunk of bufferChunks) {
    stream.writeParts(chunk, parts);
    for (const part of parts) sink += part.length;
    parts.length = 0;
  }
  sink += stream.flush().length;
}
time("byte stream, as the CLI runs it", mb, () => byteStream(masker));

// The common case of a job: no secret registered, or one or two (the scan's prefilter, src/mask/prefilter.ts,
// skips ahead when there are at most MAX_PREFILTER_ENTRIES forms and triggers; 100 secrets have too many).
for (const count of [0, 1]) {
  const few = new Masker();
  for (const secret of secrets.slice(0, count)) few.addSecret(secret, "bench");
  time(`byte stream, ${count} secret${count === 1 ? "" : "s"} (prefilter)`, mb, () => byteStream(few));
}

let streamOut = 0;
const streamRate = time("MaskStream.write() per chunk", mb, () => {
  const stream = masker.createStream();
  for (const chunk of chunks) streamOut += stream.write(chunk).length;
  streamOut += stream.flush().length;
});

const naiveChunks: string[] = [];
let naiveBytes = 0;
for (const chunk of chunks) {
  if (naiveBytes >= NAIVE_MB * 1e6) break;
  naiveChunks.push(chunk);
  naiveBytes += Buffer.byteLength(chunk);
}
const naiveRate = time(`naive replace-per-variant (${(naiveBytes / 1e6).toFixed(0)} MB slice)`, naiveBytes / 1e6, () => {
  for (const chunk of naiveChunks) {
    let text = chunk;
    for (const v of variants) text = text.replaceAll(v, "***");
    for (const p of BUILTIN_PATTERNS) text = text.replace(p.regex, "***");
    sink += text.length;
  }
});

console.log(`\nmask() vs pass-through: ${(maskRate / passRate).toFixed(2)}x`);
console.log(`mask() vs naive: ${(maskRate / naiveRate).toFixed(1)}x faster (naive measured on a ${(naiveBytes / 1e6).toFixed(0)} MB slice)`);
console.log(`stream vs naive: ${(streamRate / naiveRate).toFixed(1)}x faster`);
console.log(
  `chunks with something masked: ${maskedCount} of ${chunks.length}; stream output ${(streamOut / 1e6).toFixed(1)} M chars (checksum ${sink % 1000})`,
);

for (const printedLine of pipeLines) console.log(printedLine);
