/** An `Io` that captures output in memory, for tests and for embedding runwarden. */
import { Readable, Writable } from "node:stream";
import type { Masker } from "../mask/index.js";
import { createIo, type Env, type Io } from "./io.js";

export interface MemoryIo extends Io {
  /** Everything written to stdout so far (after masking). Call after `close()`. */
  stdoutText(): string;
  stderrText(): string;
  /** The bytes written to stdout so far (after masking), exactly. */
  stdoutBytes(): Buffer;
}

function collector(): { stream: Writable; bytes: () => Buffer; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { stream, bytes: () => Buffer.concat(chunks), text: () => Buffer.concat(chunks).toString("utf8") };
}

export function createMemoryIo(
  masker: Masker,
  options: { env?: Env; cwd?: string; stdin?: string | Readable; isTTY?: boolean; columns?: number } = {},
): MemoryIo {
  const out = collector();
  const err = collector();
  const isTTY = options.isTTY ?? false;
  const stdin = options.stdin instanceof Readable ? options.stdin : Readable.from(options.stdin === undefined ? [] : [options.stdin]);
  const io = createIo({
    masker,
    stdout: { destination: out.stream, isTTY, columns: options.columns },
    stderr: { destination: err.stream, isTTY, columns: options.columns },
    stdin,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  });
  return { ...io, stdoutText: out.text, stderrText: err.text, stdoutBytes: out.bytes };
}
