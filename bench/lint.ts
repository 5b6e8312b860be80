/**
 * `runwarden lint` over 1,000 workflow files: the shipped command (bundled as scripts/build.mjs
 * bundles dist/, into a folder of its own under node_modules/.cache) lints a folder of 1,000 workflows copied from the lint
 * corpus (test/fixtures/lint-corpus/, renamed), with JSON output to a file. Prints files per second
 * (wall clock, Node start-up included), CPU time, peak memory (max RSS), findings, and the machine
 * (cores, load). Asserts nothing.
 *
 * Two inputs: the plain copies (~9 copies of each corpus file: identical files are linted once and
 * their findings reused), and the same files each made distinct by a trailing comment — every file
 * parsed and checked, the figure for a repository without repeated files.
 *
 * Run: npx tsx bench/lint.ts [runs]   (default 3 timed runs after one untimed warm-up)
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { defaultJobs } from "../src/lint/parallel.js";
import { buildCli, exitReport } from "./built-cli.js";
import { load, median } from "./figures.js";

const root = join(import.meta.dirname, "..");
const runs = Number.parseInt(process.argv[2] ?? "3", 10);
const FILES = 1000;

interface Run {
  readonly ms: number;
  readonly code: number | null;
  readonly stderr: string;
  readonly report: string;
}

function timed(args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [...args], { cwd, env: { PATH: process.env.PATH ?? "/usr/bin:/bin" }, stdio: ["ignore", "ignore", "pipe", "pipe"] });
    const err: Buffer[] = [];
    const report: Buffer[] = [];
    child.stdio[2]?.on("data", (chunk: Buffer) => err.push(chunk));
    child.stdio[3]?.on("data", (chunk: Buffer) => report.push(chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        ms: Number(process.hrtime.bigint() - start) / 1e6,
        code,
        stderr: Buffer.concat(err).toString("utf8"),
        report: Buffer.concat(report).toString("utf8"),
      }),
    );
  });
}

// The CLI exactly as scripts/build.mjs bundles it, into a folder of its own, with the exit report preloaded.
const cli = await buildCli("lint");
const work = mkdtempSync(join(tmpdir(), "rw-bench-lint-"));
try {
  const corpus = join(root, "test", "fixtures", "lint-corpus");
  const sources = readdirSync(corpus)
    .filter((name) => name.endsWith(".yml"))
    .sort();
  const target = join(work, "repo", ".github", "workflows");
  const distinct = join(work, "distinct", ".github", "workflows");
  mkdirSync(target, { recursive: true });
  mkdirSync(distinct, { recursive: true });
  let bytes = 0;
  for (let i = 0; i < FILES; i++) {
    const source = join(corpus, sources[i % sources.length] ?? "");
    const name = `w${String(i).padStart(4, "0")}-${sources[i % sources.length] ?? ""}`;
    copyFileSync(source, join(target, name));
    const text = readFileSync(source, "utf8");
    writeFileSync(join(distinct, name), `${text}${text.endsWith("\n") ? "" : "\n"}# copy ${i}\n`);
    bytes += Buffer.byteLength(text);
  }
  const output = join(work, "lint.json");
  const base = [...cli.preload, cli.entry, "lint", ".github/workflows", "--json", "--severity", "notice", "--output", output];

  const model = cpus()[0]?.model.trim() ?? "unknown CPU";
  process.stdout.write(`machine: ${availableParallelism()} cores (${model}), node ${process.version}; load average (1, 5, 15 min) at start: ${load()}\n`);
  process.stdout.write(`input: ${FILES} workflow files (${(bytes / 1024 / 1024).toFixed(1)} MiB), copies of the ${sources.length} corpus workflows\n`);
  await timed(base, join(work, "repo")); // warm-up (file cache), untimed
  await timed(base, join(work, "distinct"));
  for (const [label, extra, cwd] of [
    [`copies, one thread (--jobs 1)`, ["--jobs", "1"], join(work, "repo")],
    [`copies, default (${defaultJobs()} thread(s) on ${availableParallelism()} cores)`, [], join(work, "repo")],
    [`distinct files, one thread (--jobs 1)`, ["--jobs", "1"], join(work, "distinct")],
    [`distinct files, default (${defaultJobs()} thread(s) on ${availableParallelism()} cores)`, [], join(work, "distinct")],
    [`distinct files, two threads (--jobs 2)`, ["--jobs", "2"], join(work, "distinct")],
  ] as const) {
    const ms: number[] = [];
    const cpu: number[] = [];
    const rss: number[] = [];
    for (let i = 0; i < runs; i++) {
      const run = await timed([...base, ...extra], cwd);
      if (run.code !== 0 && run.code !== 1) throw new Error(`runwarden lint exited ${run.code}: ${run.stderr.slice(0, 500)}`);
      const figures = exitReport(run.report);
      ms.push(run.ms);
      cpu.push(figures.cpuMs);
      rss.push(figures.maxRssKb);
    }
    const result = JSON.parse(readFileSync(output, "utf8")) as { summary: { files: number; findings: number } };
    const wall = median(ms);
    process.stdout.write(`\n== ${label}
wall clock: median ${(wall / 1000).toFixed(2)} s of ${runs} (min ${(Math.min(...ms) / 1000).toFixed(2)} s), Node start-up included
throughput: ${(FILES / (wall / 1000)).toFixed(0)} files/s (median), ${(FILES / (Math.min(...ms) / 1000)).toFixed(0)} files/s (best run); goal 500 files/s on 2 cores
CPU time: ${(median(cpu) / 1000).toFixed(2)} s (${(FILES / (median(cpu) / 1000)).toFixed(0)} files per CPU-second)
files linted: ${result.summary.files}; findings: ${result.summary.findings}
peak memory (max RSS): ${(Math.max(...rss) / 1024).toFixed(0)} MiB (this thread and workers: one process)
load average (1, 5, 15 min) now: ${load()} (${availableParallelism()} cores)
`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
  cli.remove();
}
