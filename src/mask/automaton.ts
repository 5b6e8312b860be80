/**
 * Aho–Corasick automaton over UTF-16 code units: every literal secret variant and every trigger
 * prefix of the built-in patterns, found in one left-to-right pass.
 *
 * Layout, chosen for the hot loop in scanner.ts:
 * - `ascii`: a dense transition table for code units < 128 with failure links already resolved
 *   (a full DFA): the next state is `ascii[(state << 7) | unit]`, one load per character. An entry
 *   is stored as `~state` (negative) when that state has outputs, so the hot loop tests the sign
 *   instead of loading `hit` for every character.
 * - code units ≥ 128 go through `stepCoded()`, which walks failure links over per-state Maps (non-ASCII
 *   text is rare in logs; a unit that occurs in no pattern goes straight to the root).
 * - `hit[state]` is 0 for the overwhelming majority of states; otherwise bit 1 says a literal ends
 *   here (`literalLength[state]` is the longest one: shorter ones ending at the same place lie inside
 *   it, and ranges are merged anyway) and bit 2 says triggers end here (`triggers` holds flat
 *   `(pattern, length)` pairs from `triggerStart[state]` to `triggerStart[state + 1]`).
 * - `depth[state]`: the length of the longest suffix of the text read so far that is still a prefix
 *   of some pattern — what a stream must hold back.
 */

export const HIT_LITERAL = 1;
export const HIT_TRIGGER = 2;

export interface TriggerSpec {
  readonly text: string;
  /** Index of the pattern this trigger belongs to. */
  readonly pattern: number;
}

export class Automaton {
  readonly stateCount: number;
  readonly ascii: Int32Array;
  readonly fail: Int32Array;
  readonly depth: Int32Array;
  readonly hit: Uint8Array;
  readonly literalLength: Int32Array;
  readonly triggerStart: Int32Array;
  readonly triggers: Int32Array;
  readonly #wide: readonly (ReadonlyMap<number, number> | undefined)[];
  readonly #wideUnits: ReadonlySet<number>;

  private constructor(parts: {
    stateCount: number;
    ascii: Int32Array;
    fail: Int32Array;
    depth: Int32Array;
    hit: Uint8Array;
    literalLength: Int32Array;
    triggerStart: Int32Array;
    triggers: Int32Array;
    wide: (Map<number, number> | undefined)[];
    wideUnits: Set<number>;
  }) {
    this.stateCount = parts.stateCount;
    this.ascii = parts.ascii;
    this.fail = parts.fail;
    this.depth = parts.depth;
    this.hit = parts.hit;
    this.literalLength = parts.literalLength;
    this.triggerStart = parts.triggerStart;
    this.triggers = parts.triggers;
    this.#wide = parts.wide;
    this.#wideUnits = parts.wideUnits;
  }

  /** The state after reading code unit `unit` in `state`, coded like `ascii` entries (negated
   * with `~` when it has outputs). The hot loop inlines units < 128. */
  stepCoded(state: number, unit: number): number {
    if (unit < 128) return this.ascii[(state << 7) | unit]!;
    const next = this.#wideStep(state, unit);
    return this.hit[next] === 0 ? next : ~next;
  }

  #wideStep(state: number, unit: number): number {
    if (!this.#wideUnits.has(unit)) return 0;
    let s = state;
    for (;;) {
      const next = this.#wide[s]?.get(unit);
      if (next !== undefined) return next;
      if (s === 0) return 0;
      s = this.fail[s]!;
    }
  }

  static build(literals: Iterable<string>, triggers: readonly TriggerSpec[]): Automaton {
    // 1. The trie.
    const children: Map<number, number>[] = [new Map()];
    const ownLiteral: number[] = [0];
    const ownTriggers: ([number, number][] | undefined)[] = [undefined];
    const insert = (text: string): number => {
      let s = 0;
      for (let i = 0; i < text.length; i++) {
        const unit = text.charCodeAt(i);
        const map = children[s]!;
        let next = map.get(unit);
        if (next === undefined) {
          next = children.length;
          map.set(unit, next);
          children.push(new Map());
          ownLiteral.push(0);
          ownTriggers.push(undefined);
        }
        s = next;
      }
      return s;
    };
    for (const literal of literals) {
      if (literal.length === 0) continue;
      ownLiteral[insert(literal)] = literal.length;
    }
    for (const trigger of triggers) {
      if (trigger.text.length === 0) continue;
      const s = insert(trigger.text);
      (ownTriggers[s] ??= []).push([trigger.pattern, trigger.text.length]);
    }

    // 2. Breadth-first: failure links, the dense ASCII table, outputs, depths.
    const n = children.length;
    const ascii = new Int32Array(n * 128);
    const fail = new Int32Array(n);
    const depth = new Int32Array(n);
    const hit = new Uint8Array(n);
    const literalLength = new Int32Array(n);
    const triggerLists: ([number, number][] | undefined)[] = new Array<undefined>(n);
    const wide: (Map<number, number> | undefined)[] = new Array<undefined>(n);
    const wideUnits = new Set<number>();
    const order: number[] = [0];
    const wideStep = (from: number, unit: number): number => {
      for (let s = from; ; s = fail[s]!) {
        const next = wide[s]?.get(unit);
        if (next !== undefined) return next;
        if (s === 0) return 0;
      }
    };
    for (let k = 0; k < order.length; k++) {
      const u = order[k]!;
      const row = u << 7;
      if (u !== 0) ascii.copyWithin(row, fail[u]! << 7, (fail[u]! << 7) + 128);
      for (const [unit, v] of children[u]!) {
        // The failure link of v: the state of the longest proper suffix of v's string.
        const f = u === 0 ? 0 : unit < 128 ? ascii[(fail[u]! << 7) | unit]! : wideStep(fail[u]!, unit);
        if (unit < 128) ascii[row | unit] = v;
        else {
          (wide[u] ??= new Map()).set(unit, v);
          wideUnits.add(unit);
        }
        fail[v] = f;
        depth[v] = depth[u]! + 1;
        const own = ownLiteral[v]!;
        literalLength[v] = own > 0 ? own : literalLength[f]!;
        const inherited = triggerLists[f];
        const mine = ownTriggers[v];
        triggerLists[v] = mine === undefined ? inherited : inherited === undefined ? mine : [...mine, ...inherited];
        order.push(v);
      }
    }

    // 3. Flatten the trigger lists and set the hit flags.
    const triggerStart = new Int32Array(n + 1);
    const flat: number[] = [];
    for (let s = 0; s < n; s++) {
      triggerStart[s] = flat.length;
      const list = triggerLists[s];
      if (list !== undefined) for (const [pattern, length] of list) flat.push(pattern, length);
      hit[s] = (literalLength[s]! > 0 ? HIT_LITERAL : 0) | (list !== undefined ? HIT_TRIGGER : 0);
    }
    triggerStart[n] = flat.length;
    for (let i = 0; i < ascii.length; i++) {
      const target = ascii[i]!;
      if (hit[target] !== 0) ascii[i] = ~target;
    }

    return new Automaton({
      stateCount: n,
      ascii,
      fail,
      depth,
      hit,
      literalLength,
      triggerStart,
      triggers: Int32Array.from(flat),
      wide,
      wideUnits,
    });
  }
}
