/**
 * Streaming masking: text arrives in arbitrary chunks and masked text leaves as soon as it is safe.
 * `LineMaskStream` works on bytes; `byte-streams.ts` gives it its two faces (Buffers, JS strings).
 *
 * Guarantees:
 * - No leak across chunk boundaries: text is emitted only before the point where more input could
 *   still make it part of a match (`Scanner.holdFrom`: the Aho–Corasick depth, pending pattern
 *   triggers, an undecided block end).
 * - Complete lines are emitted on the write that completes them; a trailing partial line is held
 *   (so a line is masked as a whole) until it completes, grows past `maxHoldBytes` (bytes),
 *   or `release()` is called (the Transform's idle flush) — then everything before the
 *   possibly-secret suffix goes out.
 * - Blocks (PEM keys, vault payloads) are masked line by line as they arrive, until their end.
 * - With no forced release, the concatenated output equals `Masker.mask()` of the concatenated
 *   input, whatever the chunking: a range cut by an emission boundary still yields one `***`.
 */
import { InternalError } from "../model/errors.js";
import { endsMasked, joinParts, renderMaskedParts } from "./render.js";
import { Scanner, type Engine } from "./scanner.js";

export interface MaskStreamOptions {
  /** Longest partial line held back waiting for its end, in bytes (default 8192). */
  readonly maxHoldBytes?: number;
}

/** A masking stream over JS strings (see byte-streams.ts). */
export interface MaskStream {
  /** Feeds a chunk; returns what is safe to emit now. */
  write(chunk: string): string;
  /** End of input: returns the rest. The stream can then be reused for a new input. */
  flush(): string;
  /** Bytes held back. */
  pending(): number;
  /** Emits the held partial line, minus the suffix that could still be the start of a secret
   * (for prompts that wait for input without a newline). */
  release(): string;
}

export const DEFAULT_MAX_HOLD_BYTES = 8192;

const EMPTY = Buffer.alloc(0);

/** Bytes in, masked bytes out. Output with nothing masked in it is a view of the input chunk, as
 * a PassThrough would give it: the chunk must not change until that output has been consumed. */
export class LineMaskStream {
  readonly #engine: () => Engine;
  readonly #maxHold: number;
  #scanner: Scanner;
  /** Bytes not emitted yet; the first is at absolute position #base. */
  #buf: Buffer = EMPTY;
  #base = 0;
  /** The output so far ends inside a masked range. */
  #continued = false;

  constructor(engine: () => Engine, options: MaskStreamOptions = {}) {
    const maxHold = options.maxHoldBytes ?? DEFAULT_MAX_HOLD_BYTES;
    if (!Number.isSafeInteger(maxHold) || maxHold < 1) {
      throw new InternalError(`maxHoldBytes must be a whole number of at least 1, got ${String(maxHold)}`);
    }
    this.#engine = engine;
    this.#maxHold = maxHold;
    this.#scanner = new Scanner(engine());
  }

  write(chunk: Buffer): Buffer {
    const parts: Buffer[] = [];
    this.writeParts(chunk, parts);
    return joinParts(parts);
  }

  /**
   * `write()` that appends its output to `out` as several buffers instead of one. When a partial
   * line is held, the chunk is fed in two pieces — through its first line break, then the rest — so
   * that the held line is joined with that short head only and the rest of the chunk, once nothing
   * is held, is scanned and passed on without being copied.
   */
  writeParts(chunk: Buffer, out: Buffer[]): void {
    if (this.#buf.length > 0 && chunk.length > 1024) {
      const k = chunk.indexOf(10);
      if (k >= 0 && k + 1 < chunk.length) {
        this.#writeOne(chunk.subarray(0, k + 1), out);
        this.#writeOne(chunk.subarray(k + 1), out);
        return;
      }
    }
    this.#writeOne(chunk, out);
  }

  #writeOne(chunk: Buffer, out: Buffer[]): void {
    if (chunk.length === 0) return;
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    this.#scan(false);
    const end = this.#base + this.#buf.length;
    const lastBreak = this.#scanner.lastBreak;
    // Through the last line break; a \r at the very end may be half of \r\n, so it waits.
    const linesEnd = lastBreak < this.#base ? this.#base : lastBreak === end - 1 && this.#buf[lastBreak - this.#base] === 13 ? lastBreak : lastBreak + 1;
    this.#emit(Math.min(linesEnd, this.#scanner.holdFrom()), out);
    if (this.#buf.length <= this.#maxHold) return;
    this.#release(out);
  }

  release(): Buffer {
    const out: Buffer[] = [];
    this.#release(out);
    return joinParts(out);
  }

  #release(out: Buffer[]): void {
    if (this.#buf.length === 0) return;
    this.#scan(false);
    this.#scanner.commit();
    this.#emit(this.#scanner.holdFrom(), out);
  }

  flush(): Buffer {
    this.#scan(true);
    const parts: Buffer[] = [];
    this.#emit(this.#base + this.#buf.length, parts);
    const out = joinParts(parts);
    this.#scanner = new Scanner(this.#engine());
    this.#buf = EMPTY;
    this.#base = 0;
    this.#continued = false;
    return out;
  }

  pending(): number {
    return this.#buf.length;
  }

  #scan(final: boolean): void {
    const engine = this.#engine();
    if (engine.version !== this.#scanner.version) this.#scanner.rebase(engine, this.#base);
    this.#scanner.advance(this.#buf, this.#base, final);
  }

  /** Emits the held bytes before absolute position `hold`, masked, as pieces appended to `out`
   * (views of the held bytes and masks: nothing unmasked is copied). */
  #emit(hold: number, out: Buffer[]): void {
    const base = this.#base;
    const end = base + this.#buf.length;
    const to = Math.min(hold, end);
    if (to <= base) return;
    const ranges = this.#scanner.ranges(base, to);
    renderMaskedParts(this.#buf, base, to, ranges, this.#continued, out);
    this.#continued = endsMasked(ranges, base, to);
    this.#scanner.discard(to);
    // The held tail is copied (it is small): the caller may reuse its chunk once write() returned.
    this.#buf = to === end ? EMPTY : Buffer.from(this.#buf.subarray(to - base));
    this.#base = to;
  }
}
