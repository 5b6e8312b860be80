/**
 * Runs the built executable on hostile input as a child process: a heap limit (--max-old-space-size)
 * and a kill timer that is only a safety net (a kill fails the case; no case asserts a duration).
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { expect } from "vitest";
import { cliBuildOptions } from "../../scripts/build.mjs";
import { repoRoot } from "../helpers/cli.js";

/** Heap limit of every run, in MB. */
export const HEAP_MB = 192;
/** Safety net: a run still going after this long is killed, and the case fails. */
export const KILL_AFTER_MS = 90_000;
/** Most output kept per stream (the rest is counted, not stored). */
const KEEP_BYTES = 4 * 1024 * 1024;

/**
 * Builds the CLI exactly as scripts/build.mjs does, into a folder of its own inside node_modules
 * (so its bare imports resolve): other test runs rebuilding dist/ cannot pull it away mid-run.
 */
export async function buildOwnCli(name: string): Promise<{ bin: string; remove: () => void }> {
  const outdir = join(repoRoot, "node_modules", ".cache", `rw-${name}-${process.pid}`);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build(await cliBuildOptions({ outdir, quiet: true }));
  return { bin: join(outdir, "runwarden.js"), remove: () => rmSync(outdir, { recursive: true, force: true }) };
}

export interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly killed: boolean;
  readonly stdout: Buffer;
  readonly stdoutBytes: number;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: Record<string, string>;
  /** Bytes for stdin (default: none, stdin closed at once). */
  readonly stdin?: Buffer | string;
  /** A file descriptor for stdout instead of a pipe (e.g. /dev/full). */
  readonly stdoutFd?: number;
}

export function runCli(bin: string, argv: readonly string[], options: RunOptions = {}): Promise<Outcome> {
  const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, bin, ...argv], {
    cwd: options.cwd ?? repoRoot,
    env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...options.env },
    stdio: ["pipe", options.stdoutFd ?? "pipe", "pipe"],
  });
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill("SIGKILL");
  }, KILL_AFTER_MS);
  const out: Buffer[] = [];
  let stdoutBytes = 0;
  let kept = 0;
  child.stdout?.on("data", (chunk: Buffer) => {
    stdoutBytes += chunk.length;
    if (kept < KEEP_BYTES) {
      out.push(chunk);
      kept += chunk.length;
    }
  });
  const err: Buffer[] = [];
  child.stderr?.on("data", (chunk: Buffer) => {
    if (err.length < 1024) err.push(chunk);
  });
  child.stdin?.on("error", () => undefined); // a child that exits before reading stdin
  child.stdin?.end(options.stdin ?? "");
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, killed, stdout: Buffer.concat(out), stdoutBytes, stderr: Buffer.concat(err).toString("utf8") });
    });
  });
}

/** The case ended by itself, with `allowed` exit codes (0/1/2 by default) and a message when not 0:
 * no kill, no signal, no stack trace, no internal error, no V8 fatal error. */
export function expectHandled(outcome: Outcome, allowed: readonly number[] = [0, 1, 2]): void {
  const shown = `exit ${String(outcome.code)}${outcome.signal === null ? "" : ` (${outcome.signal})`}\n${outcome.stderr.slice(0, 2000)}`;
  expect(outcome.killed, `killed by the safety timer after ${KILL_AFTER_MS} ms\n${shown}`).toBe(false);
  expect(outcome.signal, shown).toBeNull();
  expect(allowed, shown).toContain(outcome.code);
  if (outcome.code !== 0) expect(outcome.stderr.trim().length + outcome.stdoutBytes, `no message\n${shown}`).toBeGreaterThan(0);
  expect(outcome.stderr, shown).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(outcome.stderr, shown).not.toMatch(/RW_INTERNAL|FATAL ERROR|out of memory|Maximum call stack/i);
}
