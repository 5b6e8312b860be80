/**
 * A node Transform that masks a byte stream (a child process's stdout, say): bytes in, masked bytes
 * out, byte for byte the same except where a secret form was replaced (nothing is decoded, so
 * invalid UTF-8 and binary data pass intact). When no data has arrived for `idleFlushMs`, the held
 * partial line goes out (minus any suffix that could still be the start of a secret) so that
 * prompts such as `Password: ` appear.
 */
import { Transform, type TransformCallback } from "node:stream";
import { InternalError } from "../model/errors.js";
import { Utf8Pieces } from "./byte-streams.js";
import type { Masker } from "./masker.js";

export interface MaskTransformOptions {
  /** Emit a held partial line after this many ms without input (default 50; 0 disables). */
  readonly idleFlushMs?: number;
  /** See MaskStreamOptions.maxHoldBytes. */
  readonly maxHoldBytes?: number;
}

export const DEFAULT_IDLE_FLUSH_MS = 50;

export function createMaskTransform(masker: Masker, options: MaskTransformOptions = {}): Transform {
  const idleMs = options.idleFlushMs ?? DEFAULT_IDLE_FLUSH_MS;
  if (!Number.isFinite(idleMs) || idleMs < 0) {
    throw new InternalError(`idleFlushMs must be a number of milliseconds ≥ 0, got ${String(idleMs)}`);
  }
  const stream = masker.createByteStream(options.maxHoldBytes === undefined ? {} : { maxHoldBytes: options.maxHoldBytes });
  let timer: NodeJS.Timeout | undefined;
  /** UTF-8 string chunks: a surrogate pair split between two of them is kept whole. */
  const utf8 = new Utf8Pieces();

  const stopTimer = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  /** The bytes of a chunk. UTF-8 strings are encoded (ASCII costs nothing); a surrogate pair split
   * between two string chunks is kept whole; other string encodings are decoded to their bytes. */
  const bytesOf = (chunk: unknown, encoding: BufferEncoding): Uint8Array => {
    if (chunk instanceof Uint8Array) return chunk;
    if (encoding !== "utf8" && encoding !== "utf-8") return Buffer.from(String(chunk), encoding);
    return utf8.encode(String(chunk));
  };

  const transform = new Transform({
    // Strings reach transform() as strings, so that a surrogate pair split between two writes is kept whole.
    decodeStrings: false,
    transform(chunk: unknown, encoding: BufferEncoding, callback: TransformCallback): void {
      stopTimer();
      try {
        const parts: Buffer[] = [];
        stream.writeParts(bytesOf(chunk, encoding), parts);
        for (const part of parts) this.push(part);
        if (idleMs > 0 && stream.pending() > 0) {
          timer = setTimeout(() => {
            timer = undefined;
            const released = stream.release();
            if (released.length > 0) transform.push(released);
          }, idleMs);
          timer.unref();
        }
        callback();
      } catch (e: unknown) {
        callback(e instanceof Error ? e : new InternalError("masking failed", { cause: e }));
      }
    },
    flush(callback: TransformCallback): void {
      stopTimer();
      try {
        const held = utf8.end();
        const rest = held.length > 0 ? stream.write(held) : undefined;
        const out = stream.flush();
        if (rest !== undefined && rest.length > 0) this.push(rest);
        if (out.length > 0) this.push(out);
        callback();
      } catch (e: unknown) {
        callback(e instanceof Error ? e : new InternalError("masking failed", { cause: e }));
      }
    },
    destroy(error: Error | null, callback: (error?: Error | null) => void): void {
      stopTimer();
      callback(error);
    },
  });
  return transform;
}
