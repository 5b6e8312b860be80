/**
 * The only doors out of runwarden. Every byte written to stdout, stderr or a file goes through the
 * masker here; commands receive an `Io` and never touch `process.stdout` or `node:fs` writers
 * themselves (a test in test/output/no-bypass.test.ts enforces it).
 */
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Readable, Transform, Writable } from "node:stream";
import { createMaskTransform, type Masker } from "../mask/index.js";
import { wantsColor } from "./style.js";

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
  /** Flushes everything held back by the maskers and waits until it is written. */
  close(): Promise<void>;
}

interface Target {
  readonly destination: Writable;
  readonly isTTY: boolean;
  readonly columns: number | undefined;
}

function maskedSink(masker: Masker, target: Target, env: Env): { sink: Sink; finished: Promise<void> } {
  const transform: Transform = createMaskTransform(masker);
  transform.pipe(target.destination, { end: false });
  const finished = new Promise<void>((resolve, reject) => {
    transform.once("end", resolve);
    transform.once("error", reject);
  });
  const sink: Sink = {
    isTTY: target.isTTY,
    color: wantsColor(target.isTTY, env),
    columns: target.columns,
    stream: transform,
    write(text: string): void {
      if (text.length > 0) transform.write(text);
    },
  };
  return { sink, finished: finished.then(() => undefined) };
}

function endOf(sink: Sink, finished: Promise<void>): Promise<void> {
  if (!sink.stream.writableEnded) sink.stream.end();
  return finished;
}

function maskedFiles(masker: Masker): FileWriter {
  return {
    write(path, text) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, masker.mask(text));
    },
    append(path, text) {
      mkdirSync(dirname(path), { recursive: true });
      appendFileSync(path, masker.mask(text));
    },
  };
}

export interface IoParts {
  readonly masker: Masker;
  readonly stdout: Target;
  readonly stderr: Target;
  readonly stdin: Readable;
  readonly env: Env;
  readonly cwd: string;
  readonly now?: () => number;
}

export function createIo(parts: IoParts): Io {
  const out = maskedSink(parts.masker, parts.stdout, parts.env);
  const err = maskedSink(parts.masker, parts.stderr, parts.env);
  return {
    stdout: out.sink,
    stderr: err.sink,
    files: maskedFiles(parts.masker),
    stdin: parts.stdin,
    env: parts.env,
    cwd: parts.cwd,
    masker: parts.masker,
    now: parts.now ?? Date.now,
    async close() {
      await Promise.all([endOf(out.sink, out.finished), endOf(err.sink, err.finished)]);
    },
  };
}

/**
 * A reader that went away (`runwarden mask … | head -1`) is not an error: stop quietly, like other
 * filters do, instead of crashing on EPIPE or blocking on a pipe nobody drains.
 */
function exitQuietlyOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

/** The Io of the real process. */
export function createProcessIo(masker: Masker): Io {
  exitQuietlyOnBrokenPipe(process.stdout);
  exitQuietlyOnBrokenPipe(process.stderr);
  return createIo({
    masker,
    stdout: { destination: process.stdout, isTTY: process.stdout.isTTY === true, columns: process.stdout.columns },
    stderr: { destination: process.stderr, isTTY: process.stderr.isTTY === true, columns: process.stderr.columns },
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  });
}
