/**
 * The secret masker: registered secrets (with every encoded form) and the built-in patterns,
 * masked in one pass over bytes. Secrets live only in this object's private fields; nothing
 * returns them.
 */
import { inspect } from "node:util";
import { MASK_FORM_BYTES } from "../files/limits.js";
import { InternalError, SecretPolicyError } from "../model/errors.js";
import { Automaton, type LiteralSpec, type TriggerSpec } from "./automaton.js";
import { asBuffer, bufferStream, encodeUtf8, TextMaskStream, type BufferMaskStream } from "./byte-streams.js";
import { secretForms, trimmedByteLength, utf8Text } from "./encodings.js";
import { BUILTIN_PATTERNS, type SecretPattern } from "./patterns.js";
import { Prefilter } from "./prefilter.js";
import { renderMasked } from "./render.js";
import { Scanner, type Engine } from "./scanner.js";
import { LineMaskStream, type MaskStream, type MaskStreamOptions } from "./stream.js";

export interface MaskerOptions {
  /** Shortest secret accepted, after trimming (default 6). Shorter ones are refused. */
  readonly minSecretLength?: number;
  /** Mask the built-in patterns (GitHub tokens, AWS key ids, private keys, vault payloads); default true. */
  readonly builtinPatterns?: boolean;
  /** Most bytes of secret forms held in all (default {@link DEFAULT_MAX_FORM_BYTES}); a secret
   * whose forms would go past it is refused (docs/limits.md). */
  readonly maxFormBytes?: number;
}

export interface AddSecretOptions {
  /** Overrides the masker's minimum length for this secret (and for its lines). */
  readonly minLength?: number;
}

export const DEFAULT_MIN_SECRET_LENGTH = 6;
/** The form budget: 2 MiB of forms is a ~30 KB multi-line secret file, or ~1,000 ordinary secrets;
 * the automaton then takes ~80 MB and builds in about a second (docs/limits.md). */
export const DEFAULT_MAX_FORM_BYTES = MASK_FORM_BYTES.defaultValue;
/** The environment variable that sets the form budget of the process's masker, for every command (read in cli/secrets.ts). */
export const MAX_FORM_BYTES_ENV = MASK_FORM_BYTES.env;

const formatMiB = (bytes: number): string => (bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`);

export class Masker {
  readonly #minSecretLength: number;
  readonly #patterns: readonly SecretPattern[];
  readonly #triggers: readonly TriggerSpec[];
  #maxFormBytes: number;
  /** Registered values: strings as themselves, bytes as byte strings prefixed with NUL-B. */
  readonly #secrets = new Set<string>();
  /** Byte-string form → matched regardless of hex case. */
  readonly #forms = new Map<string, boolean>();
  #formBytes = 0;
  #engine: Engine | undefined;
  #version = 0;

  constructor(options: MaskerOptions = {}) {
    const min = options.minSecretLength ?? DEFAULT_MIN_SECRET_LENGTH;
    if (!Number.isSafeInteger(min) || min < 1) {
      throw new InternalError(`minSecretLength must be a whole number of at least 1, got ${String(min)}`);
    }
    this.#minSecretLength = min;
    const budget = options.maxFormBytes ?? DEFAULT_MAX_FORM_BYTES;
    if (!Number.isSafeInteger(budget) || budget < 1) {
      throw new InternalError(`maxFormBytes must be a whole number of at least 1, got ${String(budget)}`);
    }
    this.#maxFormBytes = budget;
    this.#patterns = options.builtinPatterns === false ? [] : BUILTIN_PATTERNS;
    this.#triggers = this.#patterns.flatMap((p, pattern) => p.triggers.map((text) => ({ text, pattern })));
  }

  /**
   * Registers a secret and all its encodings. `value` is a string (matched as its UTF-8 bytes) or
   * bytes (a secret file; when they are not UTF-8, raw and in the encodings any bytes have).
   * Throws SecretPolicyError when the value, trimmed, is shorter than the minimum length (the
   * masker's, or `options.minLength` for this secret, e.g. a `--min-length` flag; characters for
   * text, bytes otherwise), or when its forms would exceed the form budget: the message names
   * `source` and the sizes, never the value.
   */
  addSecret(value: string | Uint8Array, source: string, options: AddSecretOptions = {}): void {
    const min = options.minLength ?? this.#minSecretLength;
    if (!Number.isSafeInteger(min) || min < 1) {
      throw new InternalError(`minLength must be a whole number of at least 1, got ${String(min)}`);
    }
    const text = typeof value === "string" ? value : utf8Text(value);
    const length = text !== undefined ? text.trim().length : trimmedByteLength(value as Uint8Array);
    if (length < min) {
      const empty = length === 0 ? " (empty or only whitespace)" : "";
      throw new SecretPolicyError(`Refusing the secret from ${source}: it is ${length} characters long after trimming${empty}; the minimum is ${min}.`, {
        hint: "A value this short would be masked inside ordinary words of every log line, and masking it would tell readers what it is. Use a longer secret, or do not declare this value as a secret.",
      });
    }
    const key = text ?? `\u0000B${asBuffer(value as Uint8Array).toString("latin1")}`;
    if (this.#secrets.has(key)) return;
    const forms = secretForms(text ?? value, min).filter((form) => !this.#forms.has(form.text));
    const size = forms.reduce((sum, form) => sum + form.text.length, 0);
    if (this.#formBytes + size > this.#maxFormBytes) {
      throw new SecretPolicyError(
        `Refusing the secret from ${source}: its ${forms.length} encoded forms take ${formatMiB(size)}, and the masker holds at most ${formatMiB(this.#maxFormBytes)} of forms${this.#formBytes > 0 ? ` (${formatMiB(this.#formBytes)} already used)` : ""}.`,
        {
          hint: `Mask a smaller value (a key rather than a whole bundle), or raise the budget with ${MAX_FORM_BYTES_ENV}=<bytes> (memory grows by about 40 bytes per byte of forms; see docs/limits.md).`,
        },
      );
    }
    this.#secrets.add(key);
    for (const form of forms) this.#forms.set(form.text, form.fold);
    this.#formBytes += size;
    if (forms.length > 0) this.#engine = undefined;
  }

  /** Changes the form budget for the secrets added from now on (a CLI flag or variable raised it). */
  setMaxFormBytes(bytes: number): void {
    if (!Number.isSafeInteger(bytes) || bytes < 1) throw new InternalError(`maxFormBytes must be a whole number of at least 1, got ${String(bytes)}`);
    this.#maxFormBytes = bytes;
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
    const bytes = encodeUtf8(text);
    const masked = this.#maskBuffer(bytes);
    return masked === bytes ? text : masked.toString("utf8");
  }

  /** Masks complete bytes: the output equals the input except where a secret form was replaced
   * (the input itself when nothing was). */
  maskBytes(bytes: Uint8Array): Buffer {
    return this.#maskBuffer(asBuffer(bytes));
  }

  /** A streaming masker: feed strings, get masked strings out (see stream.ts for the guarantees). */
  createStream(options: MaskStreamOptions = {}): MaskStream {
    return new TextMaskStream(new LineMaskStream(() => this.#currentEngine(), options));
  }

  /** A streaming masker over bytes: byte-transparent (see byte-streams.ts). */
  createByteStream(options: MaskStreamOptions = {}): BufferMaskStream {
    return bufferStream(new LineMaskStream(() => this.#currentEngine(), options));
  }

  #maskBuffer(bytes: Buffer): Buffer {
    const scanner = new Scanner(this.#currentEngine());
    scanner.advance(bytes, 0, true);
    const ranges = scanner.ranges(0, bytes.length);
    return ranges.length === 0 ? bytes : renderMasked(bytes, 0, bytes.length, ranges, false);
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
      const literals = literalSpecs(this.#forms);
      this.#engine = {
        automaton: Automaton.build(literals, this.#triggers),
        prefilter: Prefilter.build(literals, this.#triggers),
        patterns: this.#patterns,
        version: this.#version,
      };
    }
    return this.#engine;
  }
}

function literalSpecs(forms: ReadonlyMap<string, boolean>): LiteralSpec[] {
  const specs: LiteralSpec[] = [];
  for (const [text, fold] of forms) specs.push({ text, fold });
  return specs;
}
