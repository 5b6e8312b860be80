/**
 * Blocks: built-in patterns whose body spans lines (a PEM private key up to its END line, an
 * Ansible Vault payload's hex lines). A block opens when its header matches; the scanner then
 * feeds it text until it closes. While open, everything from its start to `blockExtent()` is
 * masked, and nothing at or after `blockHold()` may be emitted yet (it could still be the end).
 */
import type { BlockBody, BlockPattern } from "./patterns.js";

/** Result of a match attempt: the absolute end of the match, or one of these. */
export const NO_MATCH = -1;
export const NOT_YET = -2;
/** Runs a sticky regex at absolute position `at`, or says NOT_YET when more text could change the
 * result (fewer than `maxLength` characters and no line break after `at`, input not final). */
export type MatchAt = (re: RegExp, at: number, maxLength: number) => number;

type Body<K extends BlockBody["kind"]> = Extract<BlockBody, { kind: K }>;

/** Where a payload line's grammar (`[ \t]*[0-9a-fA-F]+[ \t]*`) stands after the bytes read so far. */
const LEADING = 0;
const HEX = 1;
const TRAILING = 2;
const INVALID = -1;

export type OpenBlock =
  | {
      readonly kind: "until-end";
      readonly body: Body<"until-end">;
      readonly start: number;
      /** No end line starts before this; everything before it is inside the block. */
      searchFrom: number;
    }
  | {
      readonly kind: "payload-lines";
      readonly body: Body<"payload-lines">;
      readonly start: number;
      /** End of the block so far (the header, the last payload line's content, or what a forced
       * emission already put out masked). */
      contentEnd: number;
      /** Start of the line being examined (the rest of the header line, then each next line). */
      lineStart: number;
      /** Absolute position up to which the current line has been read, and the grammar's state there. */
      scanPos: number;
      lineState: number;
      phase: "rest" | "line";
      /** A forced emission put the current line out masked up to `contentEnd`; whether the rest
       * belongs to the block is still decided by the whole line. */
      committed: boolean;
    };

export function openBlock(pattern: BlockPattern, start: number, headerEnd: number): OpenBlock {
  const body = pattern.body;
  return body.kind === "until-end"
    ? { kind: "until-end", body, start, searchFrom: headerEnd }
    : {
        kind: "payload-lines",
        body,
        start,
        contentEnd: headerEnd,
        lineStart: headerEnd,
        scanPos: headerEnd,
        lineState: LEADING,
        phase: "rest",
        committed: false,
      };
}

/** End (absolute) of what is known to be inside the open block. */
export function blockExtent(b: OpenBlock): number {
  return b.kind === "until-end" ? b.searchFrom : b.contentEnd;
}

/** First position (absolute) that must not be emitted yet because of this block. */
export function blockHold(b: OpenBlock): number {
  return b.kind === "until-end" ? b.searchFrom : b.contentEnd;
}

/**
 * Forced emission (idle flush, a line longer than the hold limit): a vault line read so far that
 * could still be payload and has something on it goes out masked (a guess on the safe side). The
 * rest of the line is still judged with the whole line: if the line turns out not to be payload,
 * the block ends where the masked part ended, and nothing after it is masked.
 */
export function commitBlock(b: OpenBlock): void {
  if (b.kind !== "payload-lines") return;
  if (b.lineState === INVALID || b.scanPos <= Math.max(b.lineStart, b.contentEnd)) return;
  b.committed = true;
  b.contentEnd = b.scanPos;
}

function nextState(state: number, unit: number, rest: boolean): number {
  if (unit === 32 || unit === 9) return state === LEADING ? LEADING : TRAILING;
  const hex = (unit >= 48 && unit <= 57) || (unit >= 97 && unit <= 102) || (unit >= 65 && unit <= 70);
  return hex && !rest && state !== TRAILING ? HEX : INVALID;
}

/**
 * Reads the block's continuation in `text` (whose first character is at absolute `base`; the block
 * never needs text before `base`). Returns the block's absolute end once it has closed, or
 * undefined while it is still open. Every byte is read once, whatever the chunking.
 */
export function advanceBlock(b: OpenBlock, text: Buffer, base: number, final: boolean, matchAt: MatchAt): number | undefined {
  if (b.kind === "until-end") {
    const { marker, end: endRe, endMaxLength } = b.body;
    for (let i = text.indexOf(marker, b.searchFrom - base, "latin1"); i >= 0; i = text.indexOf(marker, i + 1, "latin1")) {
      const end = matchAt(endRe, base + i, endMaxLength);
      if (end === NOT_YET) {
        b.searchFrom = base + i;
        return undefined;
      }
      if (end !== NO_MATCH) return end;
    }
    if (final) return base + text.length;
    b.searchFrom = Math.max(b.searchFrom, base + text.length - (marker.length - 1));
    return undefined;
  }
  for (;;) {
    const rest = b.phase === "rest";
    let i = Math.max(b.scanPos, base) - base;
    let state = b.lineState;
    while (i < text.length) {
      const unit = text[i]!;
      if (unit === 10 || unit === 13) break;
      state = nextState(state, unit, rest);
      if (state === INVALID) break;
      i++;
    }
    b.scanPos = base + i;
    b.lineState = state;
    if (state === INVALID) return b.contentEnd;
    // A \r as the last character may be the first half of \r\n: where the next line starts is not known yet.
    const pendingBreak = i < text.length && i === text.length - 1 && text[i] === 13 && !final;
    if ((i >= text.length && !final) || pendingBreak) return undefined;
    const valid = rest ? state === LEADING : state === HEX || state === TRAILING;
    if (!valid) return b.contentEnd;
    if (!rest || b.committed) b.contentEnd = base + i;
    if (i >= text.length) return b.contentEnd;
    b.phase = "line";
    b.committed = false;
    b.lineStart = base + i + (text[i] === 13 && text[i + 1] === 10 ? 2 : 1);
    b.scanPos = b.lineStart;
    b.lineState = LEADING;
  }
}
