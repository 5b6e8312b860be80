/** Running local programs for probes: PATH lookup, bounded output, abort kills the process group. */
import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { delimiter, isAbsolute, join } from "node:path";
import type { Env } from "./types.js";

/** The executable `name` resolves to on `env.PATH`, or undefined. A name with a `/` is taken as a path. */
export async function findOnPath(name: string, env: Env): Promise<string | undefined> {
  const candidates = name.includes("/")
    ? [name]
    : (env.PATH ?? "")
        .split(delimiter)
        .filter((dir) => dir !== "" && isAbsolute(dir))
        .map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // not here: try the next directory
    }
  }
  return undefined;
}

export interface ProgramResult {
  /** Exit status, or null when a signal ended the program. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env: Env;
  readonly signal: AbortSignal;
  /** Keep at most this many characters of each stream (the tail for long output). Default 64 KiB. */
  readonly maxChars?: number;
  readonly cwd?: string;
}

function keepTail(text: string, max: number): string {
  return text.length <= max ? text : text.slice(text.length - max);
}

/**
 * Runs `file args` without a shell, in its own process group. Rejects when it cannot start or when
 * `signal` aborts (the whole group is killed first). Never writes anywhere; output is returned.
 */
export function runProgram(file: string, args: readonly string[], options: RunOptions): Promise<ProgramResult> {
  const max = options.maxChars ?? 64 * 1024;
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) {
      reject(new Error("aborted before start"));
      return;
    }
    const child = spawn(file, [...args], {
      env: { ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout = keepTail(stdout + chunk, max)));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = keepTail(stderr + chunk, max)));
    const kill = () => {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          child.kill("SIGKILL");
        }
      }
      reject(new Error("aborted"));
    };
    options.signal.addEventListener("abort", kill, { once: true });
    child.once("error", (e: Error) => {
      options.signal.removeEventListener("abort", kill);
      reject(e);
    });
    child.once("close", (code, signal) => {
      options.signal.removeEventListener("abort", kill);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
