/**
 * The deploy command's output, live and masked: each stream goes through its own streaming masker
 * (no secret leaks across chunk boundaries), complete lines leave at once, and a partial line (a
 * prompt) leaves after `idleMs` without input, minus any suffix that could still begin a secret.
 * Masked text goes to the console sink and the log sink, and a bounded copy (head and tail) is kept
 * for the PLAY RECAP parser and the failure classifier. Raw text is never kept.
 */
import type { Masker, MaskStream } from "../mask/index.js";
import type { OutputStream } from "./executor.js";

export interface LiveOutputOptions {
  readonly masker: Masker;
  /** Masked text for the console. */
  readonly console: (stream: OutputStream, text: string) => void;
  /** Masked text for the log file. */
  readonly log: (text: string) => void;
  /** A held partial line is released after this long without input. Default 100 ms. */
  readonly idleMs?: number;
  /** Characters kept from the start of the output. Default 256 Ki. */
  readonly headChars?: number;
  /** Characters kept from the end of the output. Default 2 Mi. */
  readonly tailChars?: number;
}

export const DEFAULT_IDLE_MS = 100;

interface Lane {
  readonly stream: MaskStream;
  timer: NodeJS.Timeout | undefined;
}

export class LiveOutput {
  readonly #options: LiveOutputOptions;
  readonly #lanes: Record<OutputStream, Lane>;
  readonly #headMax: number;
  readonly #tailMax: number;
  #head = "";
  #tail = "";
  #dropped = 0;

  constructor(options: LiveOutputOptions) {
    this.#options = options;
    this.#lanes = {
      stdout: { stream: options.masker.createStream(), timer: undefined },
      stderr: { stream: options.masker.createStream(), timer: undefined },
    };
    this.#headMax = options.headChars ?? 256 * 1024;
    this.#tailMax = options.tailChars ?? 2 * 1024 * 1024;
  }

  /** Raw text from the command. */
  write(stream: OutputStream, raw: string): void {
    const lane = this.#lanes[stream];
    if (lane.timer !== undefined) clearTimeout(lane.timer);
    lane.timer = undefined;
    this.#emit(stream, lane.stream.write(raw));
    if (lane.stream.pending() > 0) {
      lane.timer = setTimeout(() => {
        lane.timer = undefined;
        this.#emit(stream, lane.stream.release());
      }, this.#options.idleMs ?? DEFAULT_IDLE_MS);
      lane.timer.unref();
    }
  }

  /** End of output: everything held goes out. */
  finish(): void {
    for (const stream of ["stdout", "stderr"] as const) {
      const lane = this.#lanes[stream];
      if (lane.timer !== undefined) clearTimeout(lane.timer);
      lane.timer = undefined;
      const rest = lane.stream.flush();
      this.#emit(stream, rest.length > 0 && !rest.endsWith("\n") ? `${rest}\n` : rest);
    }
  }

  /** The masked output kept: the head, a marker for what was dropped, the tail. */
  captured(): string {
    return this.#dropped === 0 ? this.#head + this.#tail : `${this.#head}\n[… ${this.#dropped} characters not kept …]\n${this.#tail}`;
  }

  #emit(stream: OutputStream, masked: string): void {
    if (masked.length === 0) return;
    this.#options.console(stream, masked);
    this.#options.log(masked);
    this.#keep(masked);
  }

  #keep(text: string): void {
    let rest = text;
    if (this.#head.length < this.#headMax) {
      const room = this.#headMax - this.#head.length;
      this.#head += rest.slice(0, room);
      rest = rest.slice(room);
    }
    if (rest.length === 0) return;
    this.#tail += rest;
    if (this.#tail.length > this.#tailMax * 2) {
      const cut = this.#tail.length - this.#tailMax;
      this.#dropped += cut;
      this.#tail = this.#tail.slice(cut);
    }
  }
}
