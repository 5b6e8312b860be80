/**
 * The copy loop of a masking filter (`runwarden mask`): input chunks → masker → output, with the
 * three overlapped. The next chunk is already being read while this one is scanned (a source backed
 * by a descriptor reads on libuv's thread pool), and the output of a chunk is handed to the sink
 * before the next one is awaited. At most one chunk is read ahead and one write waits for the
 * consumer (back-pressure: a slow reader slows the copy, memory stays bounded).
 *
 * When no input has arrived for `idleMs` and a partial line is held, it is released (minus any
 * suffix that could still be the start of a secret), so that prompts such as `Password: ` appear.
 */
import { once } from "node:events";
import { fstatSync, read } from "node:fs";
import type { Readable, Writable } from "node:stream";
import { isatty } from "node:tty";
import { promisify } from "node:util";
import { errorCode } from "../model/system-errors.js";
import { asBuffer, type BufferMaskStream, Utf8Pieces } from "../mask/index.js";

/** Byte chunks from the input; `null` at its end. Only one `next()` is outstanding at a time. */
export interface ChunkSource {
  next(): Promise<Buffer | null>;
}

/** Where the masked output goes: resolves when the sink can take more (it need not be written yet). */
export interface ChunkSink {
  write(parts: readonly Buffer[]): Promise<void>;
}

/** Copies `source` to `sink` through `stream`; resolves once everything is handed to the sink. */
export async function copyMasked(stream: BufferMaskStream, source: ChunkSource, sink: ChunkSink, idleMs: number): Promise<void> {
  /** The last write handed to the sink (the idle release writes outside the loop's turn). */
  let writing: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  const send = (parts: readonly Buffer[]): void => {
    if (parts.length === 0) return;
    // Caught here, rethrown by the loop: a write that fails while the loop waits for input (a
    // prompt) must not become an unhandled rejection.
    writing = writing
      .then(() => sink.write(parts))
      .catch((error: unknown) => {
        failure ??= { error };
      });
  };
  const settle = async (): Promise<void> => {
    await writing;
    if (failure !== undefined) throw failure.error;
  };

  let next = source.next();
  for (;;) {
    const chunk = await awaitWithIdle(next, idleMs, stream, send);
    if (chunk === null) break;
    next = source.next();
    // A failed read-ahead is rethrown by the loop's next turn; until then it must not go unhandled.
    next.catch(() => undefined);
    const parts: Buffer[] = [];
    stream.writeParts(chunk, parts);
    await settle();
    send(parts);
  }
  await settle();
  send([stream.flush()].filter((rest) => rest.length > 0));
  await settle();
}

/** Awaits `next`; when `idleMs` pass first with a partial line held, releases it through `send`. */
async function awaitWithIdle<T>(next: Promise<T>, idleMs: number, stream: BufferMaskStream, send: (parts: readonly Buffer[]) => void): Promise<T> {
  if (idleMs <= 0 || stream.pending() === 0) return next;
  const timer = setTimeout(() => {
    const released = stream.release();
    if (released.length > 0) send([released]);
  }, idleMs);
  try {
    return await next;
  } finally {
    clearTimeout(timer);
  }
}

const readAsync = promisify(read);

/** Bytes per read from a descriptor: a pipe's default capacity on Linux (pipe(7)). */
const READ_BYTES = 64 * 1024;

/**
 * Whether `fd` can be read directly on the thread pool: a pipe, a socket (Node gives a child's stdin
 * as one) or a regular file. A terminal goes through its Node stream.
 */
export function readableByDescriptor(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isFIFO() || stat.isSocket() || stat.isFile();
  } catch {
    return false;
  }
}

/**
 * Reads `fd` with read(2) on libuv's thread pool, so that the next read waits for the producer while
 * this chunk is scanned. A read that fails consumed nothing, so the rest is read through `fallback()`
 * instead, and real errors surface there as they would without this path: EAGAIN when someone made
 * the descriptor non-blocking (Node does so once `process.stdin` is touched), EINTR, EIO ….
 */
export function descriptorSource(fd: number, fallback: () => ChunkSource): ChunkSource & { readonly reading: () => boolean } {
  let instead: ChunkSource | undefined;
  let reading = false;
  return {
    async next() {
      if (instead !== undefined) return instead.next();
      // A fresh buffer each time: the output of a chunk is a view of it until the sink wrote it.
      const buffer = Buffer.allocUnsafe(READ_BYTES);
      reading = true;
      try {
        const { bytesRead } = await readAsync(fd, buffer, 0, READ_BYTES, null);
        return bytesRead === 0 ? null : buffer.subarray(0, bytesRead);
      } catch {
        instead = fallback();
        return instead.next();
      } finally {
        reading = false;
      }
    },
    /** A read(2) is waiting on the thread pool: nothing can cancel it, and it keeps the process alive. */
    reading: () => reading,
  };
}

/**
 * How `fd` can be written directly, from one fstat: `never-waits` for a regular file or a device
 * (`/dev/null`), which never wait for a reader; `may-wait` for a pipe or a socket; undefined for a
 * terminal (its Node stream handles it) or a descriptor that cannot be inspected.
 */
export function descriptorWrites(fd: number): "never-waits" | "may-wait" | undefined {
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() || (stat.isCharacterDevice() && !isatty(fd))) return "never-waits";
    return stat.isFIFO() || stat.isSocket() ? "may-wait" : undefined;
  } catch {
    return undefined;
  }
}

/** Writes some of `parts` to the descriptor (one writev); resolves with the bytes written. */
export type WriteParts = (parts: readonly Buffer[]) => Promise<number>;

/**
 * Writes each chunk's pieces with `writev` (io.ts gives it: writev(2) on the thread pool), so that
 * the consumer is waited for while the next chunk is scanned; a partial write is continued. EAGAIN
 * (a descriptor someone made non-blocking) hands the rest to `fallback()`, whose stream polls;
 * any other failure goes to `onError` (EPIPE, ENOSPC: see onOutputFailure) and is thrown.
 */
export function descriptorSink(writev: WriteParts, onError: (err: unknown) => void, fallback: () => ChunkSink): ChunkSink {
  let instead: ChunkSink | undefined;
  return {
    async write(parts) {
      if (instead !== undefined) return instead.write(parts);
      let rest = parts.filter((part) => part.length > 0);
      while (rest.length > 0) {
        let written: number;
        try {
          written = await writev(rest);
        } catch (err: unknown) {
          if (errorCode(err) === "EAGAIN") {
            instead = fallback();
            return instead.write(rest);
          }
          onError(err);
          throw err;
        }
        rest = after(rest, written);
      }
    },
  };
}

/** The pieces left once the first `bytes` bytes of `parts` are written. */
function after(parts: readonly Buffer[], bytes: number): Buffer[] {
  let skip = bytes;
  const rest: Buffer[] = [];
  for (const part of parts) {
    if (skip >= part.length) skip -= part.length;
    else {
      rest.push(skip > 0 ? part.subarray(skip) : part);
      skip = 0;
    }
  }
  return rest;
}

/** The chunks of a Node stream. Strings are taken as UTF-8; a surrogate pair split between two string chunks is kept whole. */
export function streamSource(readable: Readable): ChunkSource {
  const chunks = readable[Symbol.asyncIterator]();
  const utf8 = new Utf8Pieces();
  return {
    async next() {
      for (;;) {
        const { done, value } = (await chunks.next()) as IteratorResult<unknown>;
        if (done === true) {
          const held = utf8.end();
          return held.length > 0 ? held : null;
        }
        if (value instanceof Uint8Array) return asBuffer(value);
        const bytes = utf8.encode(String(value));
        if (bytes.length > 0) return bytes;
      }
    },
  };
}

/** A piece of text at least this long is encoded on its own, not joined with its neighbours. */
const LONG_PIECE = 16 * 1024;

/**
 * Text given in pieces, as UTF-8 chunks: short pieces joined into texts of 64 Ki characters or a
 * little more, a long piece on its own (a surrogate pair split between two pieces is kept whole).
 * Joined texts thus stay under ~80 Ki characters: a string over 128 KiB is allocated in V8's
 * large-object space, fresh memory each time. Joining nested-32's 4.2 MB, whose shared runs of
 * group variables are pieces of 8–128 KiB, into 64 Ki texts cost ~17 ms (nested-5000's 70 MB of
 * small pieces ~16 ms).
 */
export function textSource(texts: readonly string[]): ChunkSource {
  let k = 0;
  const utf8 = new Utf8Pieces();
  return {
    async next() {
      while (k < texts.length) {
        const from = k;
        let size = (texts[k++] as string).length;
        if (size < LONG_PIECE) {
          while (k < texts.length && size < READ_BYTES && (texts[k] as string).length < LONG_PIECE) size += (texts[k++] as string).length;
        }
        const bytes = utf8.encode(k - from === 1 ? (texts[from] as string) : texts.slice(from, k).join(""));
        if (bytes.length > 0) return bytes;
      }
      const held = utf8.end();
      return held.length > 0 ? held : null;
    },
  };
}

/** Writes to a Node stream, the pieces of one chunk in one writev where the stream can (cork). */
export function streamSink(destination: Writable): ChunkSink {
  return {
    async write(parts) {
      destination.cork();
      for (const part of parts) destination.write(part);
      destination.uncork();
      if (destination.writableNeedDrain) await once(destination, "drain");
    },
  };
}
