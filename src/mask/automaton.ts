/**
 * Aho–Corasick automaton over bytes: every literal secret form and every trigger prefix of the
 * built-in patterns, found in one left-to-right pass.
 *
 * Input is bytes (a Buffer); literals are given as byte strings (one code unit per byte, as
 * `Buffer#toString("latin1")` makes them). The masker never decodes text, so any byte sequence
 * comes out as it went in except where a secret form was replaced (docs/masking.md).
 *
 * Case: the automaton reads the bytes `A`–`F` as `a`–`f`. Hex forms (`fold` literals) therefore
 * match whatever their case; every other literal that contains one of those letters is checked
 * against the exact bytes when it is found (`verify`), so it still matches only as written.
 *
 * Layout, chosen for the hot loop in scanner.ts:
 * - Bytes are read through `classOf`: every byte that occurs in some form gets its own class
 *   (`A`–`F` share the class of `a`–`f`), all other bytes share class 0. Rows have `stride` entries
 *   (the number of classes, ~70–100 for ordinary secrets instead of 256), which keeps the rows a
 *   scan touches small enough to stay in the processor's caches.
 * - States are numbered breadth-first. The first `denseCount` states (the shallow ones, where a
 *   scan spends nearly all its time) have a full row in `dense` with failure links resolved: the
 *   next state is `dense[state * stride + classOf[byte]]`. An entry is stored as `~state`
 *   (negative) when that state has outputs, so the hot loop tests a sign.
 * - Deeper states (reached only while the text follows a secret form) keep just their children:
 *   the children of state s are the consecutive states `childStart[s]` … `childStart[s + 1] - 1`,
 *   each labelled by `unitOf`. `sparseStep()` walks failure links until a dense state.
 * - `hit[state]`: bit 1, a literal that needs no check ends here (`literalLength[state]`: the
 *   longest one; shorter ones ending at the same place lie inside it); bit 2, triggers end here
 *   (`triggers` holds flat `(pattern, length)` pairs from `triggerStart[state]`); bit 4, literals
 *   to check against the text end here or on the state's suffix chain (`verifiedLength()`).
 * - `depth[state]`: the length of the longest suffix of the bytes read so far that is still a
 *   prefix of some (case-folded) form — what a stream must hold back.
 */

export const HIT_LITERAL = 1;
export const HIT_TRIGGER = 2;
export const HIT_VERIFY = 4;

/** Dense rows take `stride` × 4 bytes (at most 1 KiB): at most this many; deeper states are sparse. */
export const MAX_DENSE_STATES = 8192;

export interface LiteralSpec {
  /** The form as a byte string (one code unit per byte). */
  readonly text: string;
  /** Match regardless of the case of `a`–`f` (hex). */
  readonly fold: boolean;
}

export interface TriggerSpec {
  readonly text: string;
  /** Index of the pattern this trigger belongs to. */
  readonly pattern: number;
}

function spells(bytes: Uint8Array, at: number, literal: string): boolean {
  for (let j = 0; j < literal.length; j++) if (bytes[at + j] !== literal.charCodeAt(j)) return false;
  return true;
}

const foldUnit = (unit: number): number => (unit >= 65 && unit <= 70 ? unit + 32 : unit);
const needsCheck = (text: string): boolean => /[a-fA-F]/.test(text);

/** Growable Int32 storage for the temporary trie. */
class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

export class Automaton {
  readonly stateCount: number;
  readonly denseCount: number;
  /** Byte → its class (the column of a dense row). */
  readonly classOf: Uint8Array;
  /** Entries per dense row: the number of byte classes. */
  readonly stride: number;
  readonly dense: Int32Array;
  readonly fail: Int32Array;
  readonly depth: Int32Array;
  readonly hit: Uint8Array;
  readonly literalLength: Int32Array;
  readonly childStart: Int32Array;
  readonly unitOf: Uint8Array;
  readonly triggerStart: Int32Array;
  readonly triggers: Int32Array;
  /** Nearest state on the suffix chain (itself included) with literals to check, or -1. */
  readonly #verifyHead: Int32Array;
  /** State → its own literals to check (byte strings). */
  readonly #verifyOwn: ReadonlyMap<number, readonly string[]>;

  private constructor(parts: {
    stateCount: number;
    denseCount: number;
    classOf: Uint8Array;
    stride: number;
    dense: Int32Array;
    fail: Int32Array;
    depth: Int32Array;
    hit: Uint8Array;
    literalLength: Int32Array;
    childStart: Int32Array;
    unitOf: Uint8Array;
    triggerStart: Int32Array;
    triggers: Int32Array;
    verifyHead: Int32Array;
    verifyOwn: Map<number, string[]>;
  }) {
    this.stateCount = parts.stateCount;
    this.denseCount = parts.denseCount;
    this.classOf = parts.classOf;
    this.stride = parts.stride;
    this.dense = parts.dense;
    this.fail = parts.fail;
    this.depth = parts.depth;
    this.hit = parts.hit;
    this.literalLength = parts.literalLength;
    this.childStart = parts.childStart;
    this.unitOf = parts.unitOf;
    this.triggerStart = parts.triggerStart;
    this.triggers = parts.triggers;
    this.#verifyHead = parts.verifyHead;
    this.#verifyOwn = parts.verifyOwn;
  }

  /** The coded next state (`~state` when it has outputs) from a sparse state. */
  sparseStep(state: number, unit: number): number {
    const u = foldUnit(unit);
    const { childStart, unitOf, fail, hit, denseCount } = this;
    let s = state;
    while (s >= denseCount) {
      const end = childStart[s + 1]!;
      for (let v = childStart[s]!; v < end; v++) {
        if (unitOf[v] === u) return hit[v] === 0 ? v : ~v;
      }
      s = fail[s]!;
    }
    return this.dense[s * this.stride + this.classOf[unit]!]!;
  }

  /** The coded next state from any state. */
  step(state: number, unit: number): number {
    return state < this.denseCount ? this.dense[state * this.stride + this.classOf[unit]!]! : this.sparseStep(state, unit);
  }

  /**
   * Longest literal ending at `state` that the bytes ending at `end` (exclusive, an index into
   * `bytes`) really spell, given that `known` bytes already matched without a check.
   */
  verifiedLength(state: number, bytes: Uint8Array, end: number, known: number): number {
    let best = known;
    for (let t = this.#verifyHead[state]!; t > 0; t = this.#verifyHead[this.fail[t]!]!) {
      for (const literal of this.#verifyOwn.get(t) ?? []) {
        if (literal.length > best && end - literal.length >= 0 && spells(bytes, end - literal.length, literal)) best = literal.length;
      }
    }
    return best;
  }

  static build(literals: Iterable<LiteralSpec>, triggers: readonly TriggerSpec[]): Automaton {
    // 1. The trie over case-folded bytes, as linked lists of children (temporary ids).
    const list = [...literals];
    let capacity = 1;
    for (const l of list) capacity += l.text.length;
    for (const t of triggers) capacity += t.text.length;
    const firstChild = new IntList(capacity);
    const sibling = new IntList(capacity);
    const unit = new IntList(capacity);
    const rootChild = new Int32Array(256).fill(-1);
    firstChild.push(-1);
    sibling.push(-1);
    unit.push(0);
    const ownLiteral = new Int32Array(capacity);
    /** Temporary ids with own literals to check (1) or own triggers (2). */
    const ownFlags = new Uint8Array(capacity);
    const ownVerify = new Map<number, string[]>();
    const ownTriggers = new Map<number, [number, number][]>();
    const insert = (text: string): number => {
      let s = 0;
      for (let i = 0; i < text.length; i++) {
        const u = foldUnit(text.charCodeAt(i) & 0xff);
        let next = s === 0 ? rootChild[u]! : -1;
        if (s !== 0)
          for (let c = firstChild.data[s]!; c >= 0; c = sibling.data[c]!)
            if (unit.data[c] === u) {
              next = c;
              break;
            }
        if (next < 0) {
          next = unit.length;
          unit.push(u);
          firstChild.push(-1);
          sibling.push(firstChild.data[s]!);
          firstChild.data[s] = next;
          if (s === 0) rootChild[u] = next;
        }
        s = next;
      }
      return s;
    };
    for (const literal of list) {
      if (literal.text.length === 0) continue;
      const s = insert(literal.text);
      if (literal.fold || !needsCheck(literal.text)) ownLiteral[s] = Math.max(ownLiteral[s]!, literal.text.length);
      else {
        const own = ownVerify.get(s) ?? [];
        if (!own.includes(literal.text)) own.push(literal.text);
        ownVerify.set(s, own);
        ownFlags[s]! |= 1;
      }
    }
    for (const trigger of triggers) {
      if (trigger.text.length === 0) continue;
      const s = insert(trigger.text);
      const own = ownTriggers.get(s) ?? [];
      own.push([trigger.pattern, trigger.text.length]);
      ownTriggers.set(s, own);
      ownFlags[s]! |= 2;
    }

    // 2. Byte classes: one per folded byte that occurs in a form, 0 for all others.
    const classOf = new Uint8Array(256);
    let stride = 1;
    for (let c = 1; c < unit.length; c++) {
      const u = unit.data[c]!;
      if (classOf[u] === 0) classOf[u] = stride++;
    }
    for (let u = 65; u <= 70; u++) classOf[u] = classOf[u + 32]!;

    // 3. Breadth-first, renumbering: failure links, dense rows, children ranges, outputs, depths.
    const n = unit.length;
    const denseCount = Math.min(n, MAX_DENSE_STATES);
    const dense = new Int32Array(denseCount * stride);
    const fail = new Int32Array(n);
    const depth = new Int32Array(n);
    const hit = new Uint8Array(n);
    const literalLength = new Int32Array(n);
    const verifyHead = new Int32Array(n).fill(-1);
    const verifyOwn = new Map<number, string[]>();
    const childStart = new Int32Array(n + 1);
    const unitOf = new Uint8Array(n);
    const triggerLists = new Map<number, [number, number][]>();
    const order = new Int32Array(n); // new id → temporary id
    const code = (v: number): number => (hit[v] === 0 ? v : ~v);
    /** Decoded goto from an already numbered state (used for failure links). */
    const go = (from: number, u: number): number => {
      let s = from;
      while (s >= denseCount) {
        const end = childStart[s + 1]!;
        for (let v = childStart[s]!; v < end; v++) if (unitOf[v] === u) return v;
        s = fail[s]!;
      }
      const next = dense[s * stride + classOf[u]!]!;
      return next < 0 ? ~next : next;
    };
    order[0] = 0;
    let assigned = 1;
    for (let k = 0; k < n; k++) {
      const temp = order[k]!;
      childStart[k] = assigned;
      const row = k * stride;
      const isDense = k < denseCount;
      if (isDense && k !== 0) dense.copyWithin(row, fail[k]! * stride, fail[k]! * stride + stride);
      for (let c = firstChild.data[temp]!; c >= 0; c = sibling.data[c]!) {
        const v = assigned++;
        order[v] = c;
        const u = unit.data[c]!;
        unitOf[v] = u;
        const f = k === 0 ? 0 : go(fail[k]!, u);
        fail[v] = f;
        depth[v] = depth[k]! + 1;
        literalLength[v] = Math.max(ownLiteral[c]!, literalLength[f]!);
        const flags = ownFlags[c]!;
        const verify = (flags & 1) !== 0 ? ownVerify.get(c) : undefined;
        if (verify !== undefined) verifyOwn.set(v, verify);
        verifyHead[v] = verify !== undefined ? v : verifyHead[f]!;
        let triggered = (hit[f]! & HIT_TRIGGER) !== 0;
        if (triggered || (flags & 2) !== 0) {
          const inherited = triggerLists.get(f);
          const mine = ownTriggers.get(c);
          const all = mine === undefined ? inherited : inherited === undefined ? mine : [...mine, ...inherited];
          if (all !== undefined) triggerLists.set(v, all);
          triggered = all !== undefined;
        }
        hit[v] = (literalLength[v]! > 0 ? HIT_LITERAL : 0) | (triggered ? HIT_TRIGGER : 0) | (verifyHead[v]! > 0 ? HIT_VERIFY : 0);
        if (isDense) dense[row + classOf[u]!] = code(v);
      }
    }
    childStart[n] = assigned;

    // 4. Flatten the trigger lists.
    const triggerStart = new Int32Array(n + 1);
    const flat: number[] = [];
    for (let s = 0; s < n; s++) {
      triggerStart[s] = flat.length;
      const own = triggerLists.get(s);
      if (own !== undefined) for (const [pattern, length] of own) flat.push(pattern, length);
    }
    triggerStart[n] = flat.length;

    return new Automaton({
      stateCount: n,
      denseCount,
      classOf,
      stride,
      dense,
      fail,
      depth,
      hit,
      literalLength,
      childStart,
      unitOf,
      triggerStart,
      triggers: Int32Array.from(flat),
      verifyHead,
      verifyOwn,
    });
  }
}
