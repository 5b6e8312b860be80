/**
 * The incremental scan behind both `Masker.mask()` and `MaskStream`: one Aho–Corasick pass over the
 * text, plus the built-in patterns' matchers run where their triggers occur.
 *
 * The text is bytes (a Buffer). Positions are absolute (bytes since the start of the input), so a stream can drop the text
 * it has emitted: the caller passes the text it still holds and the absolute position of its first
 * character (`base`). A scan is `final` when no more text will follow; until then, anything whose
 * outcome could still change with more input is kept pending and reported through `holdFrom()`.
 */
import { HIT_LITERAL, HIT_TRIGGER, HIT_VERIFY, type Automaton } from "./automaton.js";
import { advanceBlock, blockExtent, blockHold, commitBlock, NO_MATCH, NOT_YET, openBlock, type OpenBlock } from "./blocks.js";
import type { SecretPattern } from "./patterns.js";
import { latin1View } from "./latin1-views.js";
import type { Prefilter } from "./prefilter.js";

/** Everything a scan needs from a Masker, rebuilt (with a new version) when secrets are added. */
export interface Engine {
  readonly automaton: Automaton;
  /** The skip-ahead when there are few forms (prefilter.ts). */
  readonly prefilter: Prefilter | undefined;
  readonly patterns: readonly SecretPattern[];
  readonly version: number;
}

export class Scanner {
  #engine: Engine;
  #state = 0;
  /** Absolute position up to which the automaton has read. */
  #scanned: number;
  /** Absolute position of the last line break (\n or \r) read, or -1. */
  #lastBreak = -1;
  /** Literal matches, merged: flat [start, end, …], sorted, neither overlapping nor adjacent. */
  readonly #literal: number[] = [];
  /** Pattern matches and closed blocks: flat [start, end, …], unordered. */
  readonly #pattern: number[] = [];
  /** Triggers whose pattern result is not final yet: flat [patternIndex, start, …]. */
  #pending: number[] = [];
  #block: OpenBlock | undefined;
  /** End of the last closed block: block triggers before it are inside it. */
  #blockEnd = -1;

  constructor(engine: Engine) {
    this.#engine = engine;
    this.#scanned = 0;
  }

  get version(): number {
    return this.#engine.version;
  }

  get lastBreak(): number {
    return this.#lastBreak;
  }

  /** Switch to a newer engine (more secrets): rescan the held text from `base` with it. Matches
   * found so far stay valid (secrets are only ever added). */
  rebase(engine: Engine, base: number): void {
    this.#engine = engine;
    this.#state = 0;
    this.#scanned = base;
    this.#pending = [];
  }

  /** Read `text` (whose first byte is at absolute `base`) through its end. */
  advance(text: Buffer, base: number, final: boolean): void {
    const a = this.#engine.automaton;
    const prefilter = this.#engine.prefilter;
    const n = text.length;
    const from = this.#scanned - base;
    let s = this.#state;
    let at = from;
    /** The unscanned bytes as a byte string, for the prefilter (made when first needed). */
    let view: string | undefined;
    while (at < n) {
      let end = n;
      if (prefilter !== undefined && s === 0) {
        // Between matches: skip to the next place a form or trigger occurs, then step the
        // automaton through at most one form's length before asking again. Never past the last
        // `reach - 1` bytes: a longer form may start there and end in text still to come, even
        // when a shorter one is found whole further on.
        view ??= latin1View(text, from, n);
        const next = prefilter.next(view, at - from);
        const tail = Math.max(at, n - prefilter.reach + 1);
        at = next >= 0 ? Math.min(from + next, tail) : tail;
        end = Math.min(n, at + prefilter.reach);
      }
      while (at < end) {
        if (s < a.denseCount) {
          at = runDense(text, at, end, s, a.dense, a.classOf, a.stride, a.denseCount);
          s = stopped[0]!;
        } else {
          s = a.sparseStep(s, text[at++]!);
        }
        if (s < 0) {
          s = ~s;
          this.#onHit(s, text, base, at);
        }
      }
    }
    this.#state = s;
    this.#scanned = base + n;
    for (let i = n - 1; i >= from; i--) {
      const c = text[i]!;
      if (c === 10 || c === 13) {
        this.#lastBreak = base + i;
        break;
      }
    }
    if (this.#block !== undefined) this.#advanceBlock(text, base, final);
    if (this.#pending.length > 0) this.#resolvePending(text, base, final);
  }

  /** Lowest absolute position that more input could still cause to be masked. */
  holdFrom(): number {
    let hold = this.#scanned - this.#engine.automaton.depth[this.#state]!;
    const p = this.#pending;
    for (let k = 1; k < p.length; k += 2) hold = Math.min(hold, p[k]!);
    if (this.#block !== undefined) hold = Math.min(hold, blockHold(this.#block));
    return hold;
  }

  /** Forced emission of an incomplete line (see commitBlock). */
  commit(): void {
    if (this.#block !== undefined) commitBlock(this.#block);
  }

  /** The masked ranges that intersect [from, to), merged (adjacent ones too) and sorted; with only
   * literal matches, all of them (the renderer clips). Read-only for the caller. */
  ranges(from: number, to: number): readonly number[] {
    const lit = this.#literal;
    const b = this.#block;
    if (this.#pattern.length === 0 && b === undefined) return lit;
    const pairs: [number, number][] = [];
    for (let k = 0; k < lit.length; k += 2) pairs.push([lit[k]!, lit[k + 1]!]);
    const pat = this.#pattern;
    for (let k = 0; k < pat.length; k += 2) pairs.push([pat[k]!, pat[k + 1]!]);
    if (b !== undefined) pairs.push([b.start, blockExtent(b)]);
    pairs.sort((x, y) => x[0] - y[0]);
    const merged: number[] = [];
    for (const [s, e] of pairs) {
      if (e <= from || s >= to || e <= s) continue;
      const last = merged.length - 1;
      if (last > 0 && s <= merged[last]!) merged[last] = Math.max(merged[last]!, e);
      else merged.push(s, e);
    }
    return merged;
  }

  /** Forget the ranges that end at or before `to` (that text has been emitted). */
  discard(to: number): void {
    dropEndingBefore(this.#literal, to);
    dropEndingBefore(this.#pattern, to);
  }

  /** `at`: index in `text` just after the hit. The whole match is still in `text` (a stream holds
   * back at least the automaton's depth). */
  #onHit(state: number, text: Buffer, base: number, at: number): void {
    const a = this.#engine.automaton;
    const h = a.hit[state]!;
    const end = base + at;
    let length = (h & HIT_LITERAL) !== 0 ? a.literalLength[state]! : 0;
    if ((h & HIT_VERIFY) !== 0) length = a.verifiedLength(state, text, at, length);
    if (length > 0) this.#addLiteral(end - length, end);
    if ((h & HIT_TRIGGER) !== 0) {
      for (let k = a.triggerStart[state]!; k < a.triggerStart[state + 1]!; k += 2) {
        this.#pending.push(a.triggers[k]!, end - a.triggers[k + 1]!);
      }
    }
  }

  /** Add a literal match; matches arrive in order of their end, so only the tail can merge. */
  #addLiteral(start: number, end: number): void {
    const lit = this.#literal;
    let n = lit.length;
    let s = start;
    let e = end;
    while (n > 0 && lit[n - 1]! >= s) {
      s = Math.min(s, lit[n - 2]!);
      e = Math.max(e, lit[n - 1]!);
      n -= 2;
    }
    lit.length = n;
    lit.push(s, e);
  }

  /** -2: not decided yet; -1: no match; otherwise the absolute end of the match. The sticky regex
   * never matches more than `maxLength` bytes, so it runs on that window only. */
  #matchAt(re: RegExp, text: Buffer, base: number, at: number, maxLength: number, final: boolean): number {
    const decided = final || base + text.length - at >= maxLength || this.#lastBreak >= at;
    if (!decided) return NOT_YET;
    const from = at - base;
    re.lastIndex = 0;
    return re.exec(text.toString("latin1", from, Math.min(text.length, from + maxLength))) === null ? NO_MATCH : at + re.lastIndex;
  }

  #resolvePending(text: Buffer, base: number, final: boolean): void {
    const p = this.#pending;
    const order: (readonly [number, number])[] = [];
    for (let k = 0; k < p.length; k += 2) order.push([p[k]!, p[k + 1]!]);
    if (order.length > 1) order.sort((x, y) => x[1] - y[1]);
    const keep: number[] = [];
    let blockWaits = false;
    const patterns = this.#engine.patterns;
    for (const [index, start] of order) {
      const pattern = patterns[index]!;
      if (pattern.kind === "token") {
        const end = this.#matchAt(pattern.match, text, base, start, pattern.maxLength, final);
        if (end === NOT_YET) keep.push(index, start);
        else if (end !== NO_MATCH) this.#pattern.push(start, end);
        continue;
      }
      if (start < this.#blockEnd) continue;
      const open = this.#block;
      if (open !== undefined) {
        // Inside the open block for sure, or to be decided when it closes.
        if (start >= blockExtent(open)) keep.push(index, start);
        continue;
      }
      if (blockWaits) {
        keep.push(index, start);
        continue;
      }
      const end = this.#matchAt(pattern.header, text, base, start, pattern.headerMaxLength, final);
      if (end === NOT_YET) {
        keep.push(index, start);
        blockWaits = true;
      } else if (end !== NO_MATCH) {
        this.#block = openBlock(pattern, start, end);
        this.#advanceBlock(text, base, final);
      }
    }
    this.#pending = keep;
  }

  #advanceBlock(text: Buffer, base: number, final: boolean): void {
    const b = this.#block;
    if (b === undefined) return;
    const end = advanceBlock(b, text, base, final, (re, at, maxLength) => this.#matchAt(re, text, base, at, maxLength, final));
    if (end === undefined) return;
    this.#pattern.push(b.start, end);
    this.#blockEnd = end;
    this.#block = undefined;
  }
}

/** Where {@link runDense} stopped: the coded state it reached. */
const stopped = new Int32Array(1);

/**
 * The hot loop, kept small and free of rare paths so that the JIT compiles it once: steps through
 * dense states from `state` over `text[i…]` and stops after the first byte that leads to a state
 * with outputs (coded negative) or to a sparse state, or at `end`. Returns the index
 * after the last byte read; the state reached is left in `stopped[0]`.
 */
function runDense(text: Buffer, i: number, end: number, state: number, dense: Int32Array, classOf: Uint8Array, stride: number, denseCount: number): number {
  let s = state;
  while (i < end) {
    const next = dense[s * stride + classOf[text[i++]!]!]!;
    if (next < 0 || next >= denseCount) {
      stopped[0] = next;
      return i;
    }
    s = next;
  }
  stopped[0] = s;
  return i;
}

function dropEndingBefore(ranges: number[], to: number): void {
  let w = 0;
  for (let k = 0; k < ranges.length; k += 2) {
    if (ranges[k + 1]! > to) {
      ranges[w++] = ranges[k]!;
      ranges[w++] = ranges[k + 1]!;
    }
  }
  ranges.length = w;
}
