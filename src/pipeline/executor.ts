/**
 * Runs the deploy command: `/bin/sh -c COMMAND` in a new process group, in its working directory,
 * with the environment given. Output arrives as decoded text chunks through `onOutput` (the caller
 * masks it: see live-output.ts); nothing here writes anywhere.
 *
 * Stopping: past `timeoutMs`, or when `signal` aborts, the whole group gets SIGTERM, then SIGKILL
 * after `killGraceMs` if anything in it still runs. When the shell exits on its own, processes it
 * left behind in its group are stopped the same way, so a deploy never leaves work running behind
 * the result it reports. The result records the exit status or signal, the duration, and why and
 * how the command was stopped.
 */
import { spawn } from "node:child_process";
import { StringDecoder } from "node:string_decoder";
import { formatDuration } from "../config/schema/duration.js";
import { InternalError } from "../model/errors.js";
import { groupAlive, stopGroup } from "./process-group.js";

export { groupAlive, stopGroup };

export type Env = Readonly<Record<string, string | undefined>>;
export type OutputStream = "stdout" | "stderr";

export interface ExecOptions {
  /** Run by `/bin/sh -c`. */
  readonly command: string;
  readonly cwd: string;
  readonly env: Env;
  readonly timeoutMs: number;
  /** Between SIGTERM and SIGKILL. */
  readonly killGraceMs: number;
  /** The caller's cancellation (SIGINT/SIGTERM to runwarden): the command is stopped like on a timeout. */
  readonly signal?: AbortSignal;
  /** Raw (unmasked) text as it arrives, in order per stream. */
  readonly onOutput: (stream: OutputStream, text: string) => void;
  /** Called once the process runs, with its id (= its process group id). */
  readonly onStart?: (pid: number) => void;
}

export type StopReason = "timeout" | "interrupted";

export interface ExecResult {
  readonly pid: number;
  /** Exit status, or null when a signal ended the shell. */
  readonly exitCode: number | null;
  /** The signal that ended the shell, if one did. */
  readonly signal: NodeJS.Signals | null;
  readonly durationMs: number;
  /** Why runwarden stopped the command, if it did. */
  readonly stopped: { readonly reason: StopReason; readonly detail: string; readonly killed: boolean } | undefined;
  /** Processes the shell left behind in its group, stopped after it exited (0: none). */
  readonly leftovers: boolean;
}

/** How long the output pipes may stay open once the group is gone (a process that left the group holds them). */
const DRAIN_MS = 2000;

function reasonText(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name !== "AbortError" ? reason.message : "interrupted";
}

/** Runs the command to its end (or until stopped). Rejects only when it cannot be started. */
export function execute(options: ExecOptions): Promise<ExecResult> {
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) throw new InternalError(`timeoutMs must be > 0, got ${String(options.timeoutMs)}`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn("/bin/sh", ["-c", options.command], {
      cwd: options.cwd,
      env: { ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stopped: ExecResult["stopped"];
    let stopping: Promise<boolean> | undefined;
    let timer: NodeJS.Timeout | undefined;
    let exited: { code: number | null; signal: NodeJS.Signals | null; at: number } | undefined;
    let open = 2;
    let settled = false;

    const stop = (reason: StopReason, detail: string): void => {
      if (stopped !== undefined || exited !== undefined || child.pid === undefined) return;
      stopped = { reason, detail, killed: false };
      const pid = child.pid;
      stopping = stopGroup(pid, options.killGraceMs).then((killed) => {
        if (stopped !== undefined) stopped = { ...stopped, killed };
        return killed;
      });
    };
    const onAbort = (): void => stop("interrupted", options.signal === undefined ? "interrupted" : reasonText(options.signal));

    const finish = async (): Promise<void> => {
      if (settled || exited === undefined || child.pid === undefined) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      const pid = child.pid;
      if (stopping !== undefined) await stopping;
      // The shell is gone; anything left in its group is stopped too.
      const leftovers = groupAlive(pid);
      if (leftovers) await stopGroup(pid, options.killGraceMs);
      if (open > 0) await drained(DRAIN_MS);
      resolve({ pid, exitCode: exited.code, signal: exited.signal, durationMs: Math.round(exited.at - started), stopped, leftovers });
    };

    let drainedResolve: (() => void) | undefined;
    const drained = (ms: number): Promise<void> =>
      new Promise((done) => {
        const giveUp = setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
          done();
        }, ms);
        drainedResolve = () => {
          clearTimeout(giveUp);
          done();
        };
      });

    const attach = (stream: OutputStream): void => {
      const decoder = new StringDecoder("utf8");
      const source = stream === "stdout" ? child.stdout : child.stderr;
      source.on("data", (chunk: Buffer) => {
        const text = decoder.write(chunk);
        if (text.length > 0) options.onOutput(stream, text);
      });
      source.once("close", () => {
        const rest = decoder.end();
        if (rest.length > 0) options.onOutput(stream, rest);
        open -= 1;
        if (open === 0) {
          drainedResolve?.();
          void finish();
        }
      });
    };

    child.once("error", (e: Error) => {
      if (timer !== undefined) clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      if (!settled && exited === undefined) {
        settled = true;
        reject(new InternalError(`could not start the deploy command: ${e.message}`, { cause: e }));
      }
    });
    if (child.pid === undefined) return;
    attach("stdout");
    attach("stderr");
    options.onStart?.(child.pid);
    timer = setTimeout(() => stop("timeout", `the command ran past its time limit of ${formatDuration(options.timeoutMs)}`), options.timeoutMs);
    if (options.signal?.aborted === true) onAbort();
    else options.signal?.addEventListener("abort", onAbort, { once: true });
    child.once("exit", (code, signal) => {
      exited = { code, signal, at: performance.now() };
      void finish();
    });
  });
}
