/**
 * The fast YAML path: the YAML people write in vars files and inventories — block mappings and
 * sequences (compact `- key: v` items and indentless sequences too), flow collections on one line
 * (`[a, b]`, `{k: v}`), plain and quoted scalars, `|`/`>` block scalars, anchors, aliases and `<<`
 * merges, `!vault`/`!unsafe` scalars, comments — read in one pass over the text straight into
 * Python values, with each key's line and column, and the duplicate keys Ansible warns about.
 *
 * Anything else (multi-line plain or quoted scalars, flow collections over several lines, complex
 * keys, non-string keys, other tags, tabs, CR line ends, directives, several documents, anything
 * that would be an error) returns undefined: the full loader (`load.ts`, which keeps a syntax tree
 * with positions) reads it and explains errors. `test/inventory/fast-yaml.test.ts` checks both agree.
 */
import { UnsafeText, VaultValue, type PyKey, type PyValue } from "../value.js";
import { BAIL, blockScalar, FastBail, isStringKey, plainScalar, quotedScalar } from "./fast-scalars.js";
import { flowCollection, isFlowIndicator, MapBuilder, type Anchored, type FastCursor, type Pair } from "./fast-flow.js";
import { MAX_EXPANDED_VALUES } from "./expansion.js";
import { keyPositions, type KeyPositions, type Position } from "./positions.js";

/**
 * Characters the fast path leaves to the full loader: tabs, CR, C0/C1 controls, the non-breaking
 * and other Unicode spaces, line separators, BOMs, surrogates (so also characters above U+FFFF),
 * U+FFFE/U+FFFF; a directive, a document marker or `...` at the start of a line after the first.
 */
const UNSUPPORTED =
  /[^\n\x20-\x7e\u00a1-\u167f\u1681-\u1fff\u200b-\u2027\u202a-\u202e\u2030-\u205e\u2060-\u2fff\u3001-\ud7ff\ue000-\ufefe\uff00-\ufffd]|^%|\n(?:---|\.\.\.|%)|^\.\.\./;

const MAX_DEPTH = 400;
/** A mapping indicator, a comment or a line end (see Parser.stopAt). */
const STOP = /:(?: |\n|$)| #|\n/g;
const MAX_KEY_LENGTH = 1024;

class Parser implements FastCursor {
  readonly n: number;
  /** Start of the current line, and its number (1-based). */
  ls = 0;
  ln = 1;
  depth = 0;
  anchors: Map<string, Anchored> | undefined;
  readonly named = new Set<string>();
  duplicates: { key: string; position: Position }[] | undefined;
  /** Values read so far, aliases counted as what they expand to: refuses alias bombs as it goes. */
  values = 0;

  constructor(readonly t: string) {
    this.n = t.length;
  }

  duplicate(key: string, line: number, col: number): void {
    this.duplicates ??= [];
    this.duplicates.push({ key, position: { line, col } });
  }

  /** Moves to the start of the line after the one holding `from`. */
  nextLineAfter(from: number): void {
    const end = this.t.indexOf("\n", from);
    if (end < 0) {
      this.ls = this.n;
    } else {
      this.ls = end + 1;
      this.ln++;
    }
  }

  /** Skips blank and comment lines from the current line: the content line's indentation, or -1 at the end. */
  seek(): number {
    const t = this.t;
    while (this.ls < this.n) {
      let i = this.ls;
      while (i < this.n && t.charCodeAt(i) === 32) i++;
      if (i >= this.n) {
        this.ls = this.n;
        return -1;
      }
      const c = t.charCodeAt(i);
      if (c === 10) {
        this.ls = i + 1;
        this.ln++;
      } else if (c === 35) {
        this.nextLineAfter(i);
      } else {
        return i - this.ls;
      }
    }
    return -1;
  }

  /** Index of the first character at or after `i` that is not a space. */
  skipSpaces(i: number): number {
    const t = this.t;
    while (i < this.n && t.charCodeAt(i) === 32) i++;
    return i;
  }

  /** Whether the line goes on from `i` (after spaces) with nothing but a comment: then moves to the next line. */
  endLine(i: number): void {
    const j = this.skipSpaces(i);
    if (j < this.n) {
      const c = this.t.charCodeAt(j);
      if (c !== 10 && !(c === 35 && j > i)) throw BAIL;
    }
    this.nextLineAfter(j);
  }

  isDash(i: number): boolean {
    if (this.t.charCodeAt(i) !== 45) return false;
    const next = i + 1 < this.n ? this.t.charCodeAt(i + 1) : 10;
    return next === 32 || next === 10;
  }

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

  /** The name of an anchor or alias at `i` (after `&`/`*`) and where it ends. */
  name(i: number, flow: boolean): { name: string; end: number } {
    const t = this.t;
    let j = i;
    while (j < this.n) {
      const c = t.charCodeAt(j);
      if (c === 32 || c === 10) break;
      if (isFlowIndicator(c)) {
        if (flow) break;
        throw BAIL;
      }
      j++;
    }
    if (j === i) throw BAIL;
    return { name: t.slice(i, j), end: j };
  }

  alias(name: string): Anchored {
    const anchored = this.anchors?.get(name);
    if (anchored === undefined) throw BAIL;
    this.values += anchored.size;
    // The full loader refuses it, with the line.
    if (this.values > MAX_EXPANDED_VALUES) throw BAIL;
    return anchored;
  }

  /**
   * The node starting at `p` on the current line, in a block collection indented by `indent` (-1
   * at the top); `afterKey` when it follows `key:` on the same line (no block collection may start
   * there). Leaves the cursor at the start of the line after the node.
   */
  node(p: number, indent: number, afterKey: boolean, pairs: Pair[] | undefined): PyValue {
    if (++this.depth > MAX_DEPTH) throw BAIL;
    this.values++;
    const value = this.nodeAt(p, indent, afterKey, pairs);
    this.depth--;
    return value;
  }

  nodeAt(p: number, indent: number, afterKey: boolean, pairs: Pair[] | undefined): PyValue {
    const t = this.t;
    const c = t.charCodeAt(p);
    switch (c) {
      case 38: // & anchor
        return this.anchored(p, indent);
      case 42: {
        // * alias
        const { name, end } = this.name(p + 1, false);
        const anchored = this.alias(name);
        this.endLine(end);
        return anchored.value;
      }
      case 33: // ! tag
        return this.tagged(p, indent);
      case 124: // |
      case 62: // >
        return this.block(p, indent);
      case 34: // "
      case 39: {
        // '
        const { text, end } = quotedScalar(t, p);
        const after = this.skipSpaces(end);
        if (t.charCodeAt(after) === 58 && (after + 1 >= this.n || t.charCodeAt(after + 1) === 32 || t.charCodeAt(after + 1) === 10)) {
          if (afterKey) throw BAIL;
          return this.mapping(p, pairs);
        }
        this.endLine(end);
        return text;
      }
      case 91: // [
      case 123: {
        // {
        const { value, end } = flowCollection(this, p);
        const after = this.skipSpaces(end);
        if (t.charCodeAt(after) === 58) throw BAIL; // a flow collection as a key
        this.endLine(end);
        return value;
      }
      case 45: // -
        if (this.isDash(p)) {
          if (afterKey) throw BAIL;
          return this.sequence(p - this.ls);
        }
        break;
      case 63: // ?
      case 58: // :
      case 44: // ,
      case 93: // ]
      case 125: // }
      case 35: // #
      case 37: // %
      case 64: // @
      case 96: // `
        throw BAIL;
      default:
        break;
    }
    // A plain scalar, or the first key of a block mapping: a `: ` (or `:` at the end) before any ` #`.
    const stopAt = this.stopAt(p);
    if (t.charCodeAt(stopAt) === 58) {
      if (afterKey) throw BAIL;
      return this.mapping(p, pairs);
    }
    let stop = stopAt;
    while (stop > p && t.charCodeAt(stop - 1) === 32) stop--;
    const value = plainScalar(t.slice(p, stop));
    this.nextLineAfter(stopAt);
    return value;
  }

  /**
   * From `from` on the current line, where the first of these is: a mapping indicator (`: `, or `:`
   * ending the line), a comment (` #`) or the line's end.
   */
  stopAt(from: number): number {
    STOP.lastIndex = from;
    const match = STOP.exec(this.t);
    return match === null ? this.n : match.index;
  }

  anchored(p: number, indent: number): PyValue {
    const { name, end } = this.name(p + 1, false);
    // PyYAML refuses an anchor defined twice (also inside its own node).
    if (this.named.has(name)) throw BAIL;
    this.named.add(name);
    const pairs: Pair[] = [];
    const before = this.values;
    const start = this.skipSpaces(end);
    let value: PyValue;
    if (start >= this.n || this.t.charCodeAt(start) === 10 || this.t.charCodeAt(start) === 35) {
      if (start < this.n && start === end && this.t.charCodeAt(start) === 35) throw BAIL;
      this.nextLineAfter(start);
      value = this.below(indent, false, pairs);
    } else {
      if (start === end) throw BAIL;
      // On the anchor's line only a scalar or a flow collection: an anchor before an implicit key
      // anchors the key, not the mapping, and is left to the full loader.
      value = this.node(start, indent, true, pairs);
    }
    this.anchors ??= new Map();
    this.anchors.set(name, { value, size: this.values - before, pairs: value instanceof Map ? pairs : undefined });
    return value;
  }

  tagged(p: number, indent: number): PyValue {
    const t = this.t;
    let j = p;
    while (j < this.n && t.charCodeAt(j) !== 32 && t.charCodeAt(j) !== 10) j++;
    const tag = t.slice(p, j);
    const vault = tag === "!vault" || tag === "!vault-encrypted";
    if (!vault && tag !== "!unsafe") throw BAIL;
    const start = this.skipSpaces(j);
    if (start === j || start >= this.n) throw BAIL;
    const c = t.charCodeAt(start);
    let text: string;
    if (c === 124 || c === 62) {
      const scalar = blockScalar(t, start, indent);
      text = scalar.text;
      this.ls = scalar.next;
      this.ln += scalar.lines;
    } else if (c === 34 || c === 39) {
      const quoted = quotedScalar(t, start);
      text = quoted.text;
      this.endLine(quoted.end);
    } else {
      if (c === 10 || c === 35 || c === 38 || c === 42 || c === 33 || c === 91 || c === 123 || this.isDash(start)) throw BAIL;
      let end = start;
      while (end < this.n && t.charCodeAt(end) !== 10) {
        const ch = t.charCodeAt(end);
        if (ch === 58 && (end + 1 >= this.n || t.charCodeAt(end + 1) === 32 || t.charCodeAt(end + 1) === 10)) throw BAIL;
        if (ch === 35 && t.charCodeAt(end - 1) === 32) break;
        end++;
      }
      const stop = end;
      while (end > start && t.charCodeAt(end - 1) === 32) end--;
      text = t.slice(start, end);
      this.nextLineAfter(stop);
    }
    return vault ? new VaultValue(text) : new UnsafeText(text);
  }

  block(p: number, indent: number): PyValue {
    const scalar = blockScalar(this.t, p, indent);
    this.ls = scalar.next;
    this.ln += scalar.lines;
    return scalar.text;
  }

  /** The value of `key:` with nothing after it on the line: a node indented below it, an indentless sequence, or None. */
  below(indent: number, indentless: boolean, pairs: Pair[] | undefined): PyValue {
    const next = this.seek();
    if (next > indent) return this.node(this.ls + next, indent, false, pairs);
    if (next === indent && indentless && this.isDash(this.ls + next)) return this.sequence(next);
    return null;
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

export interface FastLoaded {
  readonly value: PyValue;
  readonly positions: KeyPositions;
  readonly duplicates: readonly { readonly key: string; readonly position: Position }[];
}

const NO_DUPLICATES: readonly { readonly key: string; readonly position: Position }[] = [];

/** The document, or undefined when the full loader must read it. */
export function fastYaml(text: string): FastLoaded | undefined {
  if (UNSUPPORTED.test(text)) return undefined;
  const parser = new Parser(text);
  let value: PyValue;
  try {
    value = parser.document();
  } catch (err: unknown) {
    if (err instanceof FastBail) return undefined;
    throw err;
  }
  return { value, positions: keyPositions, duplicates: parser.duplicates ?? NO_DUPLICATES };
}
