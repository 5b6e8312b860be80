/** Runs runwarden in-process (fast) or as the bundled executable (end to end). */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { runCli } from "../../src/cli/run.js";
import { registerEnvSecrets } from "../../src/cli/secrets.js";
import { Masker } from "../../src/mask/index.js";
import { createMemoryIo } from "../../src/output/memory-io.js";

export const repoRoot = join(import.meta.dirname, "..", "..");
export const binPath = join(repoRoot, "dist", "runwarden.js");

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runInProcess(argv: readonly string[], options: { env?: Record<string, string>; cwd?: string; stdin?: string } = {}): Promise<CliRun> {
  const masker = new Masker();
  const env = options.env ?? {};
  registerEnvSecrets(masker, env);
  const io = createMemoryIo(masker, {
    env,
    cwd: options.cwd ?? repoRoot,
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
  });
  const code = await runCli(argv, io);
  await io.close();
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

export interface RunningBinary {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves when the process has exited and its streams are closed. */
  readonly done: Promise<CliRun>;
}

/** Starts the bundled executable; the caller may signal it before it ends. */
export function startBinary(argv: readonly string[], options: { env?: Record<string, string>; cwd?: string; stdin?: string | Buffer } = {}): RunningBinary {
  const child = spawn(process.execPath, [binPath, ...argv], {
    cwd: options.cwd ?? repoRoot,
    env: { PATH: process.env.PATH ?? "", ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
  child.stdin.end(options.stdin ?? "");
  return { child, done };
}

export function runBinary(argv: readonly string[], options: { env?: Record<string, string>; cwd?: string; stdin?: string | Buffer } = {}): Promise<CliRun> {
  return startBinary(argv, options).done;
}
