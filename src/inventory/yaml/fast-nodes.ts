/**
 * The fast YAML path's nodes (see `fast.ts`): what starts at a position — a scalar (plain, quoted,
 * block), a flow collection, an anchored, aliased or tagged node, or the first key or dash of a
 * block collection, whose reading `BlockParser` (`fast-block.ts`) supplies.
 */
import { UnsafeText, VaultValue, type PyKey, type PyValue } from "../value.js";
import { BAIL, blockScalar, plainScalar, quotedScalar } from "./fast-scalars.js";
import { flowCollection, type Pair } from "./fast-flow.js";
import { LineCursor } from "./fast-cursor.js";

const MAX_DEPTH = 400;

export abstract class NodeReader extends LineCursor {
  /** A block mapping whose first key starts at `p` on the current line. */
  abstract mapping(p: number, pairs: Pair[] | undefined): Map<PyKey, PyValue>;
  /** A block sequence whose items' dashes are at column `indent`. */
  abstract sequence(indent: number): PyValue[];

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
}
