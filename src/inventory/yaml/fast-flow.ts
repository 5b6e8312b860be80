/**
 * The fast YAML path's flow collections on one line (`[a, b]`, `{k: v}`, nested), and the mapping
 * builder both kinds of mapping share (Python's last-value-wins with Ansible's duplicate warnings,
 * each key's line and column). Anything else throws BAIL (see fast.ts).
 */
import type { PyKey, PyValue } from "../value.js";
import { BAIL, isStringKey, plainScalar, quotedScalar } from "./fast-scalars.js";
import { keyPositions } from "./positions.js";

/** A key/value pair of an anchored mapping, in PyYAML's flattened order (for `<<` merges). */
export interface Pair {
  readonly key: string;
  readonly value: PyValue;
  readonly line: number;
  readonly col: number;
}

export interface Anchored {
  readonly value: PyValue;
  /** How many values it stands for once expanded (printing expands every alias). */
  readonly size: number;
  /** The mapping's pairs, merged ones first (undefined: not a mapping). */
  readonly pairs: readonly Pair[] | undefined;
}

/** What the flow reader needs of the block parser: the text, the current line, the shared counters. */
export interface FastCursor {
  readonly t: string;
  readonly n: number;
  readonly ls: number;
  readonly ln: number;
  depth: number;
  values: number;
  skipSpaces(i: number): number;
  name(i: number, flow: boolean): { name: string; end: number };
  alias(name: string): Anchored;
  duplicate(key: string, line: number, col: number): void;
}

const MAX_DEPTH = 400;

/** A mapping being built: its dict, each key's line and column (two numbers per key), its pairs if anchored. */
export class MapBuilder {
  readonly dict = new Map<PyKey, PyValue>();
  readonly where: number[] = [];

  constructor(
    readonly parser: { duplicate(key: string, line: number, col: number): void },
    readonly pairs: Pair[] | undefined,
  ) {}

  set(key: string, value: PyValue, line: number, col: number): void {
    const dict = this.dict;
    if (dict.has(key)) {
      // The last value wins and the key keeps its place; its position becomes the last one's.
      this.parser.duplicate(key, line, col);
      dict.set(key, value);
      let index = 0;
      for (const known of dict.keys()) {
        if (known === key) break;
        index++;
      }
      this.where[2 * index] = line;
      this.where[2 * index + 1] = col;
    } else {
      dict.set(key, value);
      this.where.push(line, col);
    }
    this.pairs?.push({ key, value, line, col });
  }

  done(): Map<PyKey, PyValue> {
    keyPositions.set(this.dict, this.where);
    return this.dict;
  }
}

export function isFlowIndicator(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}

/** The flow sequence (`[`) or mapping (`{`) at `p`, which must close on the same line, and the index after it. */
export function flowCollection(cur: FastCursor, p: number): { value: PyValue; end: number } {
  return cur.t.charCodeAt(p) === 91 ? flowSequence(cur, p) : flowMapping(cur, p);
}

function flowSequence(cur: FastCursor, p: number): { value: PyValue[]; end: number } {
  if (++cur.depth > MAX_DEPTH) throw BAIL;
  const t = cur.t;
  const list: PyValue[] = [];
  let i = cur.skipSpaces(p + 1);
  if (t.charCodeAt(i) === 93) {
    cur.depth--;
    return { value: list, end: i + 1 };
  }
  for (;;) {
    const item = flowNode(cur, i);
    list.push(item.value);
    i = cur.skipSpaces(item.end);
    const c = t.charCodeAt(i);
    if (c === 93) break;
    if (c !== 44) throw BAIL;
    i = cur.skipSpaces(i + 1);
    if (t.charCodeAt(i) === 93) throw BAIL; // a trailing comma
  }
  cur.depth--;
  return { value: list, end: i + 1 };
}

function flowMapping(cur: FastCursor, p: number): { value: Map<PyKey, PyValue>; end: number } {
  if (++cur.depth > MAX_DEPTH) throw BAIL;
  const t = cur.t;
  const map = new MapBuilder(cur, undefined);
  let i = cur.skipSpaces(p + 1);
  if (t.charCodeAt(i) !== 125) {
    for (;;) {
      const col = i - cur.ls + 1;
      const c = t.charCodeAt(i);
      let key: string;
      if (c === 34 || c === 39) {
        const quoted = quotedScalar(t, i);
        key = quoted.text;
        i = quoted.end;
      } else {
        const end = flowPlainEnd(cur, i);
        key = t.slice(i, end.text);
        if (key === "<<" || !isStringKey(key)) throw BAIL;
        i = end.stop;
      }
      i = cur.skipSpaces(i);
      if (t.charCodeAt(i) !== 58 || t.charCodeAt(i + 1) !== 32) throw BAIL;
      i = cur.skipSpaces(i + 1);
      const next = t.charCodeAt(i);
      if (next === 44 || next === 125) throw BAIL; // an empty value
      const item = flowNode(cur, i);
      map.set(key, item.value, cur.ln, col);
      i = cur.skipSpaces(item.end);
      const sep = t.charCodeAt(i);
      if (sep === 125) break;
      if (sep !== 44) throw BAIL;
      i = cur.skipSpaces(i + 1);
      if (t.charCodeAt(i) === 125) throw BAIL;
    }
  }
  cur.depth--;
  return { value: map.done(), end: i + 1 };
}

function flowNode(cur: FastCursor, i: number): { value: PyValue; end: number } {
  const t = cur.t;
  cur.values++;
  const c = t.charCodeAt(i);
  if (c === 91) return flowSequence(cur, i);
  if (c === 123) return flowMapping(cur, i);
  if (c === 34 || c === 39) {
    const { text, end } = quotedScalar(t, i);
    return { value: text, end };
  }
  if (c === 42) {
    const { name, end } = cur.name(i + 1, true);
    return { value: cur.alias(name).value, end };
  }
  const end = flowPlainEnd(cur, i);
  return { value: plainScalar(t.slice(i, end.text)), end: end.stop };
}

/** A plain scalar in a flow collection from `i`: where its text ends (trailing spaces off) and where scanning stopped. */
function flowPlainEnd(cur: FastCursor, i: number): { text: number; stop: number } {
  const t = cur.t;
  const first = t.charCodeAt(i);
  if (
    i >= cur.n ||
    first === 10 ||
    first === 32 ||
    first === 38 ||
    first === 33 ||
    first === 124 ||
    first === 62 ||
    first === 35 ||
    first === 63 ||
    first === 58 ||
    first === 37 ||
    first === 64 ||
    first === 96 ||
    isFlowIndicator(first)
  ) {
    throw BAIL;
  }
  if (first === 45 && (i + 1 >= cur.n || t.charCodeAt(i + 1) === 32 || isFlowIndicator(t.charCodeAt(i + 1)))) throw BAIL;
  let j = i;
  for (; j < cur.n; j++) {
    const ch = t.charCodeAt(j);
    if (ch === 10 || ch === 63 || ch === 34 || ch === 39) throw BAIL;
    if (isFlowIndicator(ch)) break;
    if (ch === 58) {
      const next = j + 1 < cur.n ? t.charCodeAt(j + 1) : 10;
      if (next === 32) break;
      throw BAIL; // a colon inside a flow scalar: the loaders disagree
    }
    if (ch === 35 && t.charCodeAt(j - 1) === 32) throw BAIL;
  }
  if (j >= cur.n) throw BAIL;
  let end = j;
  while (end > i && t.charCodeAt(end - 1) === 32) end--;
  return { text: end, stop: j };
}
