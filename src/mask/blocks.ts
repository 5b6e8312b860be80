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
      /** End of the block so far (the header, or the last payload line's content). */
      contentEnd: number;
      /** Start of the line being examined (the rest of the header line, then each next line). */
      lineStart: number;
      phase: "rest" | "line";
      /** The current line was already emitted as masked (forced emission): it is payload. */
      committed: boolean;
    };

export function openBlock(pattern: BlockPattern, start: number, headerEnd: number): OpenBlock {
  const body = pattern.body;
  return body.kind === "until-end"
    ? { kind: "until-end", body, start, searchFrom: headerEnd }
    : { kind: "payload-lines", body, start, contentEnd: headerEnd, lineStart: headerEnd, phase: "rest", committed: false };
}

/** End (absolute) of what is known to be inside the open block. */
export function blockExtent(b: OpenBlock): number {
  return b.kind === "until-end" ? b.searchFrom : b.contentEnd;
}

/** First position (absolute) that must not be emitted yet because of this block. */
export function blockHold(b: OpenBlock): number {
  if (b.kind === "until-end") return b.searchFrom;
  return b.committed ? Number.POSITIVE_INFINITY : b.contentEnd;
}

/** Forced emission: an undecided vault line that has something on it is taken as payload (it was
 * all hex so far), so it can go out masked. An empty line stays undecided (only its break is held). */
export function commitBlock(b: OpenBlock, text: string, base: number): void {
  if (b.kind !== "payload-lines" || b.committed) return;
  const end = base + text.length - (text.charCodeAt(text.length - 1) === 13 ? 1 : 0);
  if (end <= Math.max(b.lineStart, base)) return;
  b.committed = true;
  b.contentEnd = base + text.length;
}

/**
 * Reads the block's continuation in `text` (whose first character is at absolute `base`; the block
 * never needs text before `base`). Returns the block's absolute end once it has closed, or
 * undefined while it is still open.
 */
export function advanceBlock(b: OpenBlock, text: string, base: number, final: boolean, matchAt: MatchAt): number | undefined {
  if (b.kind === "until-end") {
    const { marker, end: endRe, endMaxLength } = b.body;
    for (let i = text.indexOf(marker, b.searchFrom - base); i >= 0; i = text.indexOf(marker, i + 1)) {
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
  const body = b.body;
  for (;;) {
    const from = Math.max(b.lineStart, base) - base;
    let at = from;
    while (at < text.length && text.charCodeAt(at) !== 10 && text.charCodeAt(at) !== 13) at++;
    // A \r as the last character may be the first half of \r\n: the line is not over yet.
    const complete = final || (at < text.length && !(at === text.length - 1 && text.charCodeAt(at) === 13));
    if (!complete) {
      if (b.committed) {
        b.contentEnd = base + text.length;
        return undefined;
      }
      const partial = text.slice(from, text.charCodeAt(text.length - 1) === 13 ? -1 : text.length);
      return (b.phase === "rest" ? body.rest : body.partial).test(partial) ? undefined : b.contentEnd;
    }
    if (!b.committed && !(b.phase === "rest" ? body.rest : body.line).test(text.slice(from, at))) return b.contentEnd;
    if (b.phase === "line" || b.committed) b.contentEnd = base + at;
    if (at >= text.length) return b.contentEnd;
    b.phase = "line";
    b.committed = false;
    b.lineStart = base + at + (text.charCodeAt(at) === 13 && text.charCodeAt(at + 1) === 10 ? 2 : 1);
  }
}
