/** Building the masked text from the ranges a scan found: one pass, slices joined once. */

/** The mask that replaces every merged range, whatever its length. */
export const MASK = "***";

/**
 * `text` (whose first character is at absolute position `base`) up to absolute `to`, with every
 * range in `ranges` (flat [start, end, …], sorted, merged) replaced by {@link MASK}. Ranges are
 * clipped to [base, to). When `continued` is true the previous output ended inside a masked range,
 * so a range starting at `base` continues it and gets no second mask.
 */
export function renderMasked(text: string, base: number, to: number, ranges: readonly number[], continued: boolean): string {
  const parts: string[] = [];
  let pos = base;
  for (let k = 0; k < ranges.length; k += 2) {
    const s = Math.max(ranges[k]!, base);
    const e = Math.min(ranges[k + 1]!, to);
    if (s >= to) break;
    if (e <= s) continue;
    if (s > pos) parts.push(text.slice(pos - base, s - base));
    if (!(continued && s === base)) parts.push(MASK);
    pos = e;
  }
  if (parts.length === 0) return pos === base && to - base === text.length ? text : text.slice(pos - base, to - base);
  if (pos < to) parts.push(text.slice(pos - base, to - base));
  return parts.join("");
}

/** Whether the output of {@link renderMasked} for [.., to) ends inside a masked range. */
export function endsMasked(ranges: readonly number[], base: number, to: number): boolean {
  for (let k = 0; k < ranges.length; k += 2) {
    const s = ranges[k]!;
    const e = ranges[k + 1]!;
    if (s < to && e >= to && e > base) return true;
    if (s >= to) return false;
  }
  return false;
}
