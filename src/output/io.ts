/**
 * The only doors out of runwarden. Every byte written to stdout, stderr or a file goes through the
 * masker here; commands receive an `Io` and never touch `process.stdout` or `node:fs` writers
 * themselves (a test in test/output/no-bypass.test.ts enforces it).
 */
import { appendFileSync, mkdirSync, writeFileSync, writeSync, writev, writevSync } from "node:fs";
import { dirname } from "node:path";
import { isatty } from "node:tty";
import type { Readable, Transform, Writable } from "node:stream";
import { createMaskTransform, DEFAULT_IDLE_FLUSH_MS, type Masker } from "../mask/index.js";
import { InternalError, RunwardenError } from "../model/errors.js";
import {
  type ChunkSink,
  type ChunkSource,
  copyMasked,
  descriptorSink,
  descriptorSource,
  descriptorWrites,
  readableByDescriptor,
  streamSink,
  streamSource,
  textSource,
  type WriteParts,
} from "./filter.js";
import { wantsColor } from "./style.js";
import { errorCode } from "../model/system-errors.js";

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

/** `no space left on the device (ENOSPC)` */
export function describeWriteFailure(err: unknown): string {
  const code = errorCode(err);
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
  /**
   * Writes a large text given in pieces (`inventory --list`), masked as one text, and resolves once
   * it is written. Nothing else may be written to this sink meanwhile. Written straight to the
   * descriptor when nothing went through the sink before (see filter.ts), else like `write`.
   */
  writePieces(texts: readonly string[]): Promise<void>;
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
  /** The stream, or how to open it (the process's stdout is opened when first written). */
  readonly destination: Writable | (() => Writable);
  readonly isTTY: boolean;
  readonly columns: number | undefined | (() => number | undefined);
  /** A descriptor `filterStdin` and `writePieces` may write directly while `destination` is
   * unopened, and what to do when writing it fails (see onOutputFailure). */
  readonly fd?: { readonly fd: number; readonly onError: (err: unknown) => void };
}

interface MaskedSink {
  readonly sink: Sink;
  readonly finished: Promise<void>;
  /** Something was written (or may have been) through the sink's stream. */
  readonly used: () => boolean;
  /** The destination, opened (and the masking stream piped to it) if it was not yet. */
  readonly destination: () => Writable;
  readonly opened: () => boolean;
  /** The target's descriptor as a sink, while nothing went through the sink and its stream is unopened. */
  readonly direct: () => ChunkSink | undefined;
}

function maskedSink(masker: Masker, target: Target, env: Env): MaskedSink {
  const transform: Transform = createMaskTransform(masker);
  let destination: Writable | undefined;
  const open = (): Writable => {
    if (destination === undefined) {
      destination = typeof target.destination === "function" ? target.destination() : target.destination;
      transform.pipe(destination, { end: false });
    }
    return destination;
  };
  if (typeof target.destination !== "function") open();
  const finished = new Promise<void>((resolve, reject) => {
    transform.once("end", resolve);
    transform.once("error", reject);
  });
  let used = false;
  /** `inMemory`: the whole output is already in memory (nothing to read meanwhile), so a file or a
   * device that never waits for a reader is written on this thread: handing each chunk to the
   * thread pool and back costs more than the write (on nested-5000's 70 MB into /dev/null, ~70 ms
   * of waiting). A pipe or socket is still written on the pool, while the next chunk is masked. */
  const direct = (inMemory = false): ChunkSink | undefined => {
    const fd = target.fd;
    if (fd === undefined || used || destination !== undefined) return undefined;
    const writes = descriptorWrites(fd.fd);
    if (writes === undefined) return undefined;
    const writeParts = inMemory && writes === "never-waits" ? writevNow(fd.fd) : writevTo(fd.fd);
    return descriptorSink(writeParts, fd.onError, () => streamSink(open()));
  };
  const sink: Sink = {
    isTTY: target.isTTY,
    color: wantsColor(target.isTTY, env),
    get columns() {
      return typeof target.columns === "function" ? target.columns() : target.columns;
    },
    get stream() {
      used = true;
      open();
      return transform;
    },
    write(text: string): void {
      used = true;
      open();
      if (text.length > 0) transform.write(text);
    },
    async writePieces(texts) {
      const to = direct(true);
      if (to === undefined) {
        for (const text of texts) sink.write(text);
        return;
      }
      used = true;
      await copyMasked(masker.createByteStream(), textSource(texts), to, 0);
    },
  };
  return {
    sink,
    finished: finished.then(() => undefined),
    used: () => used,
    destination: open,
    opened: () => destination !== undefined,
    direct,
  };
}

function endOf(sink: MaskedSink): Promise<void> {
  // Never opened: nothing to write, and the destination stays unopened (no 'end' without a reader).
  if (!sink.opened()) return Promise.resolve();
  if (!sink.sink.stream.writableEnded) sink.sink.stream.end();
  return sink.finished;
}

/** writev(2) on this thread (a file or a device: see `direct`). */
function writevNow(fd: number): WriteParts {
  return async (parts) => writevSync(fd, parts);
}

/** writev(2) on libuv's thread pool: resolves with the bytes written (possibly fewer than given). */
function writevTo(fd: number): WriteParts {
  return (parts) =>
    new Promise((resolve, reject) => {
      writev(fd, parts, (err, bytesWritten) => (err === null ? resolve(bytesWritten) : reject(err)));
    });
}

/** Runs a file write; a system error becomes an OutputError naming the file and the reason. */
function writing(path: string, write: () => void): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    write();
  } catch (err: unknown) {
    if (errorCode(err) === undefined) throw err;
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
  /**
   * Called when `filterStdin` fails with a read of `stdinFd` still waiting (it cannot be cancelled,
   * and would keep the process from exiting until more input or its end arrives).
   */
  readonly onAbandonedRead?: () => void;
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
      const direct = fd !== undefined && stdin === undefined && readableByDescriptor(fd) ? descriptorSource(fd, fromStream) : undefined;
      const sink = out.direct() ?? streamSink(out.destination());
      try {
        await copyMasked(parts.masker.createByteStream(), direct ?? fromStream(), sink, DEFAULT_IDLE_FLUSH_MS);
      } catch (err: unknown) {
        if (direct?.reading() === true) parts.onAbandonedRead?.();
        throw err;
      }
    },
    async close() {
      await Promise.all([endOf(out), endOf(err)]);
    },
  };
}

/** Write errors that mean the reader went away (pipe(7); a socket's peer that closed). */
const READER_GONE: ReadonlySet<string> = new Set(["EPIPE", "ECONNRESET"]);

export interface OutputFailureDeps {
  /** Writes a line to the other stream (may throw when it is gone too). */
  readonly writeOther: (text: string) => void;
  readonly exit: (code: number) => never;
  /** The exit code decided so far, if any. */
  readonly exitCode: () => number | undefined;
}

/**
 * What happens when stdout or stderr cannot be written — never a stack trace:
 * - EPIPE or ECONNRESET (a reader that went away: `runwarden mask … | head -1`; a socket whose
 *   reader closed with data unread may answer the next write with ECONNRESET) is not an error: exit quietly
 *   with the exit code decided so far (0 when none), as other filters do.
 * - Anything else (ENOSPC on `> /dev/full`, EBADF, EIO …): one line on the other stream (when it
 *   can still be written) and exit {@link EXIT_OUTPUT_FAILED}.
 * (A descriptor closed before start, `>&-`, is reopened on /dev/null by Node: output is dropped.)
 */
export function onOutputFailure(masker: Masker, name: "stdout" | "stderr", deps: OutputFailureDeps): (err: unknown) => void {
  return (err: unknown) => {
    if (READER_GONE.has(errorCode(err) ?? "")) deps.exit(deps.exitCode() ?? 0);
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

/** After a failed `runwarden mask`, how long output may take to drain before the process exits anyway. */
const ABANDONED_READ_GRACE_MS = 1_000;

/** The Io of the real process. Stdin and stdout are opened as Node streams only when used (`runwarden
 * mask` reads and writes the descriptors themselves, on the thread pool: see filter.ts). */
export function createProcessIo(masker: Masker): Io {
  const onStdoutFailure = onOutputFailure(masker, "stdout", processDeps(2));
  process.stderr.on("error", onOutputFailure(masker, "stderr", processDeps(1)));
  const stdoutIsTTY = isatty(1);
  return createIo({
    masker,
    stdout: {
      destination: () => process.stdout.on("error", onStdoutFailure),
      isTTY: stdoutIsTTY,
      columns: () => (stdoutIsTTY ? process.stdout.columns : undefined),
      fd: { fd: 1, onError: onStdoutFailure },
    },
    stderr: { destination: process.stderr, isTTY: process.stderr.isTTY === true, columns: process.stderr.columns },
    stdin: () => process.stdin,
    stdinFd: 0,
    // The failure is reported and the exit code set by then; only the read still holds the process.
    onAbandonedRead: () => setTimeout(() => process.exit(), ABANDONED_READ_GRACE_MS).unref(),
    env: process.env,
    cwd: process.cwd(),
  });
}
