/**
 * The fast YAML path's cursor over the text (see `fast.ts`): the current line and its number,
 * blank and comment lines skipped, spaces, line ends and mapping indicators found, and the anchors
 * read so far (with the count of values they expand to, which refuses alias bombs as it goes).
 */
import { BAIL } from "./fast-scalars.js";
import { isFlowIndicator, type Anchored, type FastCursor } from "./fast-flow.js";
import { MAX_EXPANDED_VALUES } from "./expansion.js";
import type { Position } from "./positions.js";

/** A mapping indicator, a comment or a line end (see LineCursor.stopAt). */
const STOP = /:(?: |\n|$)| #|\n/g;

export class LineCursor implements FastCursor {
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

  /**
   * From `from` on the current line, where the first of these is: a mapping indicator (`: `, or `:`
   * ending the line), a comment (` #`) or the line's end.
   */
  stopAt(from: number): number {
    // `test`, not `exec`: no match array per call (a 5,000-host inventory made some 20 MB of them).
    // Where the match started follows from how it ended (the alternatives are 1 or 2 characters).
    STOP.lastIndex = from;
    if (!STOP.test(this.t)) return this.n;
    const end = STOP.lastIndex;
    const last = this.t.charCodeAt(end - 1);
    // `: `, ` #`: two characters; `:` ending the text: one.
    if (last !== 10) return last === 58 ? end - 1 : end - 2;
    // A line end alone, or after a colon: `:` then a line end would have matched from the colon,
    // unless the colon was before `from`.
    return end - 2 >= from && this.t.charCodeAt(end - 2) === 58 ? end - 2 : end - 1;
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
}
