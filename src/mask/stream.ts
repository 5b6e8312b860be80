/**
 * Streaming masking: text arrives in arbitrary chunks and masked text leaves as soon as it is safe.
 * `LineMaskStream` works on byte strings (one code unit per byte, see automaton.ts); `byte-streams.ts`
 * wraps it for Buffers and for JS strings.
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
import { endsMasked, renderMasked } from "./render.js";
import { Scanner, type Engine } from "./scanner.js";

export interface MaskStreamOptions {
  /** Longest partial line held back waiting for its end, in bytes (default 8192). */
  readonly maxHoldBytes?: number;
}

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

export class LineMaskStream implements MaskStream {
  readonly #engine: () => Engine;
  readonly #maxHold: number;
  #scanner: Scanner;
  /** Text not emitted yet; its first character is at absolute position #base. */
  #buf = "";
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

  write(chunk: string): string {
    if (chunk.length === 0) return "";
    this.#buf = this.#buf.length === 0 ? chunk : this.#buf + chunk;
    this.#scan(false);
    const end = this.#base + this.#buf.length;
    const lastBreak = this.#scanner.lastBreak;
    // Through the last line break; a \r at the very end may be half of \r\n, so it waits.
    const linesEnd =
      lastBreak < this.#base ? this.#base : lastBreak === end - 1 && this.#buf.charCodeAt(lastBreak - this.#base) === 13 ? lastBreak : lastBreak + 1;
    let out = this.#emit(Math.min(linesEnd, this.#scanner.holdFrom()));
    if (this.#buf.length > this.#maxHold) out += this.release();
    return out;
  }

  release(): string {
    if (this.#buf.length === 0) return "";
    this.#scan(false);
    this.#scanner.commit();
    return this.#emit(this.#scanner.holdFrom());
  }

  flush(): string {
    this.#scan(true);
    const out = this.#emit(this.#base + this.#buf.length);
    this.#scanner = new Scanner(this.#engine());
    this.#buf = "";
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

  /** Emits the held text before absolute position `hold`, masked. */
  #emit(hold: number): string {
    const base = this.#base;
    const end = base + this.#buf.length;
    const to = Math.min(hold, end);
    if (to <= base) return "";
    const ranges = this.#scanner.ranges(base, to);
    const out = renderMasked(this.#buf, base, to, ranges, this.#continued);
    this.#continued = endsMasked(ranges, base, to);
    this.#scanner.discard(to);
    this.#buf = to === end ? "" : this.#buf.slice(to - base);
    this.#base = to;
    return out;
  }
}
