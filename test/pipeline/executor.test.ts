/**
 * The executor with real processes: output live (a prompt without a newline shows up while the
 * command still runs), exit status and signal recorded, a timeout stops the whole process group
 * (SIGTERM, then SIGKILL for what ignores it), leftovers of a finished shell are stopped, and the
 * live output is masked — raw, base64 and JSON-escaped — on the console and in the log.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Masker } from "../../src/mask/index.js";
import { execute, type ExecResult, type OutputStream } from "../../src/pipeline/executor.js";
import { groupAlive, processAlive } from "../../src/pipeline/process-group.js";
import { LiveOutput } from "../../src/pipeline/live-output.js";
import { createMemoryIo } from "../../src/output/memory-io.js";

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };

const alive = processAlive;

/** Runs `command`, collecting output; `until` resolves when `text` has appeared. */
function start(command: string, options: { timeoutMs?: number; killGraceMs?: number; signal?: AbortSignal } = {}) {
  let output = "";
  const waiters: { text: string; resolve: () => void }[] = [];
  const result = execute({
    command,
    cwd: tmpdir(),
    env,
    timeoutMs: options.timeoutMs ?? 60_000,
    killGraceMs: options.killGraceMs ?? 5_000,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onOutput: (_stream: OutputStream, text: string) => {
      output += text;
      for (const waiter of [...waiters]) if (output.includes(waiter.text)) waiter.resolve();
    },
  });
  return {
    result,
    output: () => output,
    until: (text: string) => new Promise<void>((resolve) => (output.includes(text) ? resolve() : waiters.push({ text, resolve }))),
  };
}

describe("execute", () => {
  it("records the exit status, the output of both streams and the duration", async () => {
    const run = start("echo out; echo err >&2; exit 3");
    const result = await run.result;
    expect(result).toMatchObject({ exitCode: 3, signal: null, stopped: undefined, leftovers: false });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(run.output()).toContain("out\n");
    expect(run.output()).toContain("err\n");
  });

  it("records the signal that ended the shell", async () => {
    const result = await start("kill -9 $$").result;
    expect(result).toMatchObject({ exitCode: null, signal: "SIGKILL" });
  });

  it("streams a partial line (a prompt) through the masker while the command is still running", async () => {
    const stop = new AbortController();
    const masker = new Masker();
    let shown = "";
    let prompted: () => void = () => undefined;
    const prompt = new Promise<void>((resolve) => (prompted = resolve));
    const live = new LiveOutput({
      masker,
      console: (_s, text) => {
        shown += text;
        if (shown.includes("Password: ")) prompted();
      },
      log: () => undefined,
    });
    let pid = 0;
    const result = execute({
      command: "printf 'Password: '; sleep 30",
      cwd: tmpdir(),
      env,
      timeoutMs: 60_000,
      killGraceMs: 1_000,
      signal: stop.signal,
      onStart: (started) => (pid = started),
      onOutput: (stream, text) => live.write(stream, text),
    });
    await prompt;
    // The prompt reached the console while the command still runs: nothing waited for a newline or the exit.
    expect(groupAlive(pid)).toBe(true);
    stop.abort(new Error("interrupted by SIGINT"));
    const done = await result;
    live.finish();
    expect(done.stopped).toMatchObject({ reason: "interrupted", detail: "interrupted by SIGINT" });
    expect(groupAlive(done.pid)).toBe(false);
  });

  it("past the timeout, stops the whole process group: SIGTERM, then SIGKILL for what ignores it", async () => {
    // Two children that ignore SIGTERM, one that does not; the shell waits for them.
    const run = start(
      "trap '' TERM; (trap '' TERM; sleep 300) & echo child $!; sleep 300 & echo child $!; (trap '' TERM; exec sleep 301) & echo child $!; echo ready; wait",
      {
        timeoutMs: 1_000,
        killGraceMs: 200,
      },
    );
    await run.until("ready");
    const children = [...run.output().matchAll(/child (\d+)/g)].map((m) => Number(m[1]));
    expect(children).toHaveLength(3);
    const result: ExecResult = await run.result;
    expect(result.stopped).toMatchObject({ reason: "timeout", killed: true });
    expect(result.stopped?.detail).toMatch(/time limit of 1s/);
    expect(groupAlive(result.pid)).toBe(false);
    for (const child of children) expect(alive(child), `child ${child}`).toBe(false);
  });

  it("a shell that exits leaving processes behind: they are stopped too", async () => {
    const run = start("sleep 300 & echo left $!; exit 0", { killGraceMs: 200 });
    const result = await run.result;
    const left = Number(/left (\d+)/.exec(run.output())?.[1]);
    expect(result).toMatchObject({ exitCode: 0, leftovers: true });
    expect(alive(left)).toBe(false);
    expect(groupAlive(result.pid)).toBe(false);
  });
});

describe("live output", () => {
  it("masks a secret printed raw, in base64 and JSON-escaped, on the console and in the log", async () => {
    const secret = 's3cr3t-"value"-9f8e7d6c';
    const masker = new Masker();
    masker.addSecret(secret, "DEPLOY_TOKEN");
    const io = createMemoryIo(masker);
    const dir = mkdtempSync(join(tmpdir(), "rw-live-"));
    const logFile = join(dir, "deploy.log");
    let console = "";
    const live = new LiveOutput({ masker, console: (_s, text) => (console += text), log: (text) => io.files.append(logFile, text) });
    const script = [
      'printf "raw: %s\\n" "$DEPLOY_TOKEN"',
      'printf "b64: %s\\n" "$(printf %s "$DEPLOY_TOKEN" | base64 -w0)"',
      `node -e 'process.stdout.write("json: " + JSON.stringify({ token: process.env.DEPLOY_TOKEN }) + "\\n")'`,
      // A secret split across two writes.
      'printf "split: %s" "$(printf %s "$DEPLOY_TOKEN" | cut -c1-8)"; sleep 0.05; printf "%s done\\n" "$(printf %s "$DEPLOY_TOKEN" | cut -c9-)"',
    ].join("; ");
    const result = await execute({
      command: script,
      cwd: dir,
      env: { ...env, DEPLOY_TOKEN: secret },
      timeoutMs: 60_000,
      killGraceMs: 1_000,
      onOutput: (stream, text) => live.write(stream, text),
    });
    live.finish();
    expect(result.exitCode).toBe(0);
    const log = readFileSync(logFile, "utf8");
    const forms = [secret, Buffer.from(secret).toString("base64"), JSON.stringify(secret).slice(1, -1)];
    for (const text of [console, log, live.captured()]) {
      expect(text).toContain("raw: ***");
      expect(text).toContain("b64: ***");
      expect(text).toContain("json: ");
      expect(text).toMatch(/split: \*\*\* done/);
      for (const form of forms) expect(text).not.toContain(form);
      expect(text).not.toContain("s3cr3t");
    }
  });
});
