/**
 * A node Transform that masks a byte stream (a child process's stdout, say): UTF-8 in, masked
 * UTF-8 out. Multi-byte characters split across chunks are reassembled by a StringDecoder before
 * masking. When no data has arrived for `idleFlushMs`, the held partial line goes out (minus any
 * suffix that could still be the start of a secret) so that prompts such as `Password: ` appear.
 */
import { StringDecoder } from "node:string_decoder";
import { Transform, type TransformCallback } from "node:stream";
import { InternalError } from "../model/errors.js";
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
  const stream = masker.createStream(options.maxHoldBytes === undefined ? {} : { maxHoldBytes: options.maxHoldBytes });
  const decoder = new StringDecoder("utf8");
  let timer: NodeJS.Timeout | undefined;

  const stopTimer = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  /**
   * Text of a chunk. Bytes (and strings in a byte encoding such as latin1 or base64) go through the
   * UTF-8 decoder, since a character may span chunks; UTF-8 strings are taken as they are — no round
   * trip through bytes. Bytes held back mid-character before a UTF-8 string are an invalid sequence
   * either way (U+FFFD), exactly as if the string had been written as bytes.
   */
  const textOf = (chunk: unknown, encoding: BufferEncoding): string => {
    if (Buffer.isBuffer(chunk)) return decoder.write(chunk);
    if (encoding !== "utf8" && encoding !== "utf-8") return decoder.write(Buffer.from(String(chunk), encoding));
    return decoder.end() + String(chunk);
  };

  const transform = new Transform({
    // Strings reach transform() as strings: no round trip through bytes for text runwarden writes.
    decodeStrings: false,
    transform(chunk: unknown, encoding: BufferEncoding, callback: TransformCallback): void {
      stopTimer();
      try {
        const out = stream.write(textOf(chunk, encoding));
        if (out.length > 0) this.push(Buffer.from(out, "utf8"));
        if (idleMs > 0 && stream.pending() > 0) {
          timer = setTimeout(() => {
            timer = undefined;
            const released = stream.release();
            if (released.length > 0) transform.push(Buffer.from(released, "utf8"));
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
        const out = stream.write(decoder.end()) + stream.flush();
        if (out.length > 0) this.push(Buffer.from(out, "utf8"));
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
