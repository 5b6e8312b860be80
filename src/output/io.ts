/**
 * The only doors out of runwarden. Every byte written to stdout, stderr or a file goes through the
 * masker here; commands receive an `Io` and never touch `process.stdout` or `node:fs` writers
 * themselves (a test in test/output/no-bypass.test.ts enforces it).
 */
import { appendFileSync, mkdirSync, writeFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { Readable, Transform, Writable } from "node:stream";
import { createMaskTransform, DEFAULT_IDLE_FLUSH_MS, type Masker } from "../mask/index.js";
import { InternalError, RunwardenError } from "../model/errors.js";
import { type ChunkSource, copyMasked, descriptorSource, readableByDescriptor, streamSink, streamSource } from "./filter.js";
import { wantsColor } from "./style.js";

/** Output that cannot be written (a full disk, a closed descriptor): runwarden could not run. Exit 3. */
export class OutputError extends RunwardenError {
  readonly code = "RW_OUTPUT";
  readonly exitCode = 3;
}

/** Exit code when stdout or stderr cannot be written (docs/limits.md, "Output errors"). */
export const EXIT_OUTPUT_FAILED = 3;

const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EBADF: "the descriptor is closed",
  EIO: "input/output error",
  EFBIG: "the file is too large",
  EROFS: "read-only file system",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOENT: "no such folder",
  ENOTDIR: "a parent is not a folder",
  EISDIR: "it is a folder",
};

function errnoCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err && typeof err.code === "string" ? err.code : undefined;
}

/** `no space left on the device (ENOSPC)` */
export function describeWriteFailure(err: unknown): string {
  const code = errnoCode(err);
  if (code === undefined) return err instanceof Error ? err.message : String(err);
  return `${REASONS[code] ?? "write failed"} (${code})`;
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface Sink {
  readonly isTTY: boolean;
  readonly color: boolean;
  readonly columns: number | undefined;
  /** Writes text through the masker. */
  write(text: string): void;
  /** The masking stream itself, for piping bytes (e.g. `runwarden mask`). Never end it yourself. */
  readonly stream: Writable;
}

export interface FileWriter {
  /** Replaces a file's content with the masked text (creating parent folders). */
  write(path: string, text: string): void;
  /** Appends the masked text to a file (creating it and its parent folders). */
  append(path: string, text: string): void;
  /**
   * Writes bytes built from masked text (an archive of masked files: `diagnose --bundle`): `build`
   * receives this Io's `mask` and must pass every text it puts in the bytes through it.
   */
  writeBuilt(path: string, build: (mask: (text: string) => string) => Uint8Array): void;
}

export interface Io {
  readonly stdout: Sink;
  readonly stderr: Sink;
  readonly files: FileWriter;
  readonly stdin: Readable;
  readonly env: Env;
  readonly cwd: string;
  readonly masker: Masker;
  now(): number;
  /**
   * Copies stdin to stdout through the masker, byte for byte except the secrets, until the end of
   * stdin (`runwarden mask`). Stdout must not have been written before.
   */
  filterStdin(): Promise<void>;
  /** Flushes everything held back by the maskers and waits until it is written. */
  close(): Promise<void>;
}

interface Target {
  readonly destination: Writable;
  readonly isTTY: boolean;
  readonly columns: number | undefined;
}

function maskedSink(masker: Masker, target: Target, env: Env): { sink: Sink; finished: Promise<void>; used: () => boolean } {
  const transform: Transform = createMaskTransform(masker);
  transform.pipe(target.destination, { end: false });
  const finished = new Promise<void>((resolve, reject) => {
    transform.once("end", resolve);
    transform.once("error", reject);
  });
  let used = false;
  const sink: Sink = {
    isTTY: target.isTTY,
    color: wantsColor(target.isTTY, env),
    columns: target.columns,
    stream: transform,
    write(text: string): void {
      used = true;
      if (text.length > 0) transform.write(text);
    },
  };
  return { sink, finished: finished.then(() => undefined), used: () => used || transform.writableLength > 0 };
}

function endOf(sink: Sink, finished: Promise<void>): Promise<void> {
  if (!sink.stream.writableEnded) sink.stream.end();
  return finished;
}

/** Runs a file write; a system error becomes an OutputError naming the file and the reason. */
function writing(path: string, write: () => void): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    write();
  } catch (err: unknown) {
    if (errnoCode(err) === undefined) throw err;
    throw new OutputError(`cannot write ${path}: ${describeWriteFailure(err)}`, {
      hint: "free some space or pick another path; nothing else was changed",
      cause: err,
    });
  }
}

function maskedFiles(masker: Masker): FileWriter {
  return {
    write(path, text) {
      writing(path, () => writeFileSync(path, masker.mask(text)));
    },
    append(path, text) {
      writing(path, () => appendFileSync(path, masker.mask(text)));
    },
    writeBuilt(path, build) {
      const bytes = build((text) => masker.mask(text));
      writing(path, () => writeFileSync(path, bytes));
    },
  };
}

export interface IoParts {
  readonly masker: Masker;
  readonly stdout: Target;
  readonly stderr: Target;
  /** The input, or how to open it (the process's stdin is opened only if something reads it). */
  readonly stdin: Readable | (() => Readable);
  /** A descriptor `filterStdin` may read directly instead, while `stdin` is unopened (see filter.ts). */
  readonly stdinFd?: number;
  readonly env: Env;
  readonly cwd: string;
  readonly now?: () => number;
}

export function createIo(parts: IoParts): Io {
  const out = maskedSink(parts.masker, parts.stdout, parts.env);
  const err = maskedSink(parts.masker, parts.stderr, parts.env);
  let stdin: Readable | undefined = typeof parts.stdin === "function" ? undefined : parts.stdin;
  const openStdin = (): Readable => (stdin ??= typeof parts.stdin === "function" ? parts.stdin() : parts.stdin);
  return {
    stdout: out.sink,
    stderr: err.sink,
    files: maskedFiles(parts.masker),
    get stdin() {
      return openStdin();
    },
    env: parts.env,
    cwd: parts.cwd,
    masker: parts.masker,
    now: parts.now ?? Date.now,
    async filterStdin() {
      if (out.used()) throw new InternalError("filterStdin: stdout was written to before the filter started");
      const fromStream = (): ChunkSource => streamSource(openStdin());
      const fd = parts.stdinFd;
      // Read the descriptor directly only while its Node stream is unopened: no data is buffered
      // there, and Node has not made the descriptor non-blocking.
      const source = fd !== undefined && stdin === undefined && readableByDescriptor(fd) ? descriptorSource(fd, fromStream) : fromStream();
      await copyMasked(parts.masker.createByteStream(), source, streamSink(parts.stdout.destination), DEFAULT_IDLE_FLUSH_MS);
    },
    async close() {
      await Promise.all([endOf(out.sink, out.finished), endOf(err.sink, err.finished)]);
    },
  };
}

export interface OutputFailureDeps {
  /** Writes a line to the other stream (may throw when it is gone too). */
  readonly writeOther: (text: string) => void;
  readonly exit: (code: number) => never;
  /** The exit code decided so far, if any. */
  readonly exitCode: () => number | undefined;
}

/**
 * What happens when stdout or stderr cannot be written — never a stack trace:
 * - EPIPE (a reader that went away: `runwarden mask … | head -1`) is not an error: exit quietly
 *   with the exit code decided so far (0 when none), as other filters do.
 * - Anything else (ENOSPC on `> /dev/full`, EBADF, EIO …): one line on the other stream (when it
 *   can still be written) and exit {@link EXIT_OUTPUT_FAILED}.
 * (A descriptor closed before start, `>&-`, is reopened on /dev/null by Node: output is dropped.)
 */
export function onOutputFailure(masker: Masker, name: "stdout" | "stderr", deps: OutputFailureDeps): (err: unknown) => void {
  return (err: unknown) => {
    if (errnoCode(err) === "EPIPE") deps.exit(deps.exitCode() ?? 0);
    try {
      deps.writeOther(masker.mask(`runwarden: cannot write to ${name}: ${describeWriteFailure(err)}; stopping\n`));
    } catch {
      // The other stream is gone too: the exit code is all that is left.
    }
    deps.exit(EXIT_OUTPUT_FAILED);
  };
}

function processDeps(otherFd: number): OutputFailureDeps {
  return {
    writeOther: (text) => void writeSync(otherFd, text),
    exit: (code) => process.exit(code),
    exitCode: () => (typeof process.exitCode === "number" ? process.exitCode : undefined),
  };
}

/** The Io of the real process. */
export function createProcessIo(masker: Masker): Io {
  process.stdout.on("error", onOutputFailure(masker, "stdout", processDeps(2)));
  process.stderr.on("error", onOutputFailure(masker, "stderr", processDeps(1)));
  return createIo({
    masker,
    stdout: { destination: process.stdout, isTTY: process.stdout.isTTY === true, columns: process.stdout.columns },
    stderr: { destination: process.stderr, isTTY: process.stderr.isTTY === true, columns: process.stderr.columns },
    stdin: () => process.stdin,
    stdinFd: 0,
    env: process.env,
    cwd: process.cwd(),
  });
}
