/**
 * The fast YAML path's block collections (see `fast.ts`): the document, block mappings (keys, `<<`
 * merges) and block sequences, compact and indentless ones included.
 */
import type { PyKey, PyValue } from "../value.js";
import { BAIL, isStringKey, quotedScalar } from "./fast-scalars.js";
import { MapBuilder, type Anchored, type Pair } from "./fast-flow.js";
import { NodeReader } from "./fast-nodes.js";

const MAX_KEY_LENGTH = 1024;

export class BlockParser extends NodeReader {
  document(): PyValue {
    let indent = this.seek();
    if (indent === 0 && this.t.startsWith("---", this.ls)) {
      this.endLine(this.ls + 3);
      indent = this.seek();
    }
    if (indent !== 0) throw BAIL; // empty, or an indented document: rare, the full loader reads it
    const root = this.node(this.ls, -1, false, undefined);
    if (!(root instanceof Map) || this.seek() !== -1) throw BAIL;
    return root;
  }

  /** A plain or quoted key at `k` and the index after its `:`. */
  key(k: number): { key: string; merge: boolean; after: number } {
    const t = this.t;
    const c = t.charCodeAt(k);
    if (c === 34 || c === 39) {
      const { text, end } = quotedScalar(t, k);
      const colon = this.skipSpaces(end);
      if (t.charCodeAt(colon) !== 58) throw BAIL;
      return { key: text, merge: false, after: colon + 1 };
    }
    if (
      c === 45 ||
      c === 63 ||
      c === 58 ||
      c === 44 ||
      c === 91 ||
      c === 93 ||
      c === 123 ||
      c === 125 ||
      c === 35 ||
      c === 38 ||
      c === 42 ||
      c === 33 ||
      c === 124 ||
      c === 62 ||
      c === 37 ||
      c === 64 ||
      c === 96
    ) {
      throw BAIL;
    }
    const i = this.stopAt(k);
    if (t.charCodeAt(i) !== 58) throw BAIL;
    let end = i;
    while (end > k && t.charCodeAt(end - 1) === 32) end--;
    if (end - k > MAX_KEY_LENGTH) throw BAIL;
    const key = t.slice(k, end);
    if (key === "<<") return { key, merge: true, after: i + 1 };
    if (!isStringKey(key)) throw BAIL;
    return { key, merge: false, after: i + 1 };
  }

  /** A block mapping whose first key starts at `p` on the current line. */
  mapping(p: number, pairs: Pair[] | undefined): Map<PyKey, PyValue> {
    const indent = p - this.ls;
    const t = this.t;
    const map = new MapBuilder(this, pairs);
    let merged = false;
    for (;;) {
      const k = this.ls + indent;
      const line = this.ln;
      const { key, merge, after } = this.key(k);
      const start = this.skipSpaces(after);
      if (merge) {
        if (merged || map.dict.size > 0) throw BAIL; // merges first and once: PyYAML's order is then the text's
        merged = true;
        this.merge(start, map);
      } else if (start >= this.n || t.charCodeAt(start) === 10 || t.charCodeAt(start) === 35) {
        this.nextLineAfter(start);
        map.set(key, this.below(indent, true, undefined), line, indent + 1);
      } else {
        map.set(key, this.node(start, indent, true, undefined), line, indent + 1);
      }
      const next = this.seek();
      if (next < indent) break;
      if (next > indent || this.isDash(this.ls + next)) throw BAIL;
    }
    return map.done();
  }

  /** `<<: *a` or `<<: [*a, *b]`: the merged pairs (later sources first, as PyYAML flattens them). */
  merge(start: number, map: MapBuilder): void {
    const t = this.t;
    const sources: Anchored[] = [];
    let i = start;
    if (t.charCodeAt(i) === 42) {
      const { name, end } = this.name(i + 1, false);
      sources.push(this.alias(name));
      i = end;
    } else if (t.charCodeAt(i) === 91) {
      i = this.skipSpaces(i + 1);
      for (;;) {
        if (t.charCodeAt(i) !== 42) throw BAIL;
        const { name, end } = this.name(i + 1, true);
        sources.push(this.alias(name));
        i = this.skipSpaces(end);
        const c = t.charCodeAt(i);
        if (c === 93) break;
        if (c !== 44) throw BAIL;
        i = this.skipSpaces(i + 1);
      }
      i++;
    } else {
      throw BAIL;
    }
    this.endLine(i);
    for (let s = sources.length - 1; s >= 0; s--) {
      const pairs = (sources[s] as Anchored).pairs;
      if (pairs === undefined) throw BAIL;
      for (const pair of pairs) map.set(pair.key, pair.value, pair.line, pair.col);
    }
  }

  /** A block sequence whose items' dashes are at column `indent`. */
  sequence(indent: number): PyValue[] {
    const list: PyValue[] = [];
    for (;;) {
      const start = this.skipSpaces(this.ls + indent + 1);
      if (start >= this.n || this.t.charCodeAt(start) === 10 || this.t.charCodeAt(start) === 35) {
        if (start < this.n && this.t.charCodeAt(start) === 35 && start === this.ls + indent + 1) throw BAIL;
        this.nextLineAfter(start);
        list.push(this.below(indent, false, undefined));
      } else {
        list.push(this.node(start, indent, false, undefined));
      }
      const next = this.seek();
      if (next === indent && this.isDash(this.ls + next)) continue;
      if (next <= indent) break;
      throw BAIL;
    }
    return list;
  }
}
