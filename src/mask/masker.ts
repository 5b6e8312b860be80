/**
 * The secret masker: registered secrets (with every encoded form) and the built-in patterns,
 * masked in one pass. Secrets live only in this object's private fields; nothing returns them.
 */
import { inspect } from "node:util";
import { InternalError, SecretPolicyError } from "../model/errors.js";
import { Automaton, type TriggerSpec } from "./automaton.js";
import { secretVariants } from "./encodings.js";
import { BUILTIN_PATTERNS, type SecretPattern } from "./patterns.js";
import { renderMasked } from "./render.js";
import { Scanner, type Engine } from "./scanner.js";
import { LineMaskStream, type MaskStream, type MaskStreamOptions } from "./stream.js";

export interface MaskerOptions {
  /** Shortest secret accepted, after trimming (default 6). Shorter ones are refused. */
  readonly minSecretLength?: number;
  /** Mask the built-in patterns (GitHub tokens, AWS key ids, private keys, vault payloads); default true. */
  readonly builtinPatterns?: boolean;
}

export interface AddSecretOptions {
  /** Overrides the masker's minimum length for this secret (and for its lines). */
  readonly minLength?: number;
}

export const DEFAULT_MIN_SECRET_LENGTH = 6;

export class Masker {
  readonly #minSecretLength: number;
  readonly #patterns: readonly SecretPattern[];
  readonly #triggers: readonly TriggerSpec[];
  readonly #secrets = new Set<string>();
  readonly #variants = new Set<string>();
  #engine: Engine | undefined;
  #version = 0;

  constructor(options: MaskerOptions = {}) {
    const min = options.minSecretLength ?? DEFAULT_MIN_SECRET_LENGTH;
    if (!Number.isSafeInteger(min) || min < 1) {
      throw new InternalError(`minSecretLength must be a whole number of at least 1, got ${String(min)}`);
    }
    this.#minSecretLength = min;
    this.#patterns = options.builtinPatterns === false ? [] : BUILTIN_PATTERNS;
    this.#triggers = this.#patterns.flatMap((p, pattern) => p.triggers.map((text) => ({ text, pattern })));
  }

  /**
   * Registers a secret and all its encodings. Throws SecretPolicyError when `value.trim()` is
   * shorter than the minimum length (the masker's, or `options.minLength` for this secret, e.g. a
   * `--min-length` flag): the message names `source` and the lengths, never the value.
   */
  addSecret(value: string, source: string, options: AddSecretOptions = {}): void {
    const min = options.minLength ?? this.#minSecretLength;
    if (!Number.isSafeInteger(min) || min < 1) {
      throw new InternalError(`minLength must be a whole number of at least 1, got ${String(min)}`);
    }
    const length = value.trim().length;
    if (length < min) {
      const empty = length === 0 ? " (empty or only whitespace)" : "";
      throw new SecretPolicyError(
        `Refusing the secret from ${source}: it is ${length} characters long after trimming${empty}; the minimum is ${min}.`,
        {
          hint: "A value this short would be masked inside ordinary words of every log line, and masking it would tell readers what it is. Use a longer secret, or do not declare this value as a secret.",
        },
      );
    }
    if (this.#secrets.has(value)) return;
    this.#secrets.add(value);
    let added = false;
    for (const variant of secretVariants(value, min)) {
      if (!this.#variants.has(variant)) {
        this.#variants.add(variant);
        added = true;
      }
    }
    if (added) this.#engine = undefined;
  }

  /** Number of distinct secrets registered. */
  get secretCount(): number {
    return this.#secrets.size;
  }

  /**
   * Masks a complete text: every match (literal variants and built-in patterns) replaced, with
   * overlapping and adjacent ranges merged into one `***`. Returns `text` itself when nothing matched.
   */
  mask(text: string): string {
    const scanner = new Scanner(this.#currentEngine());
    scanner.advance(text, 0, true);
    const ranges = scanner.ranges(0, text.length);
    return ranges.length === 0 ? text : renderMasked(text, 0, text.length, ranges, false);
  }

  /** A streaming masker: feed strings, get masked strings out (see stream.ts for the guarantees). */
  createStream(options: MaskStreamOptions = {}): MaskStream {
    return new LineMaskStream(() => this.#currentEngine(), options);
  }

  /** Never shows the secrets, whatever logs this object. */
  [inspect.custom](): string {
    return `Masker { secretCount: ${this.#secrets.size} }`;
  }

  toJSON(): { secretCount: number } {
    return { secretCount: this.#secrets.size };
  }

  #currentEngine(): Engine {
    if (this.#engine === undefined) {
      this.#version++;
      this.#engine = {
        automaton: Automaton.build(this.#variants, this.#triggers),
        patterns: this.#patterns,
        version: this.#version,
      };
    }
    return this.#engine;
  }
}
