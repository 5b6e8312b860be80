/** Building the masked bytes from the ranges a scan found: one pass, unmasked bytes never copied
 * when nothing in them was masked. */

/** The mask that replaces every merged range, whatever its length. */
export const MASK = "***";
const MASK_BYTES = Buffer.from(MASK, "latin1");
const EMPTY = Buffer.alloc(0);

/**
 * `bytes` (whose first byte is at absolute position `base`) up to absolute `to`, with every range
 * in `ranges` (flat [start, end, …], sorted, merged) replaced by {@link MASK}. Ranges are clipped
 * to [base, to). When `continued` is true the previous output ended inside a masked range, so a
 * range starting at `base` continues it and gets no second mask. Without a range in [base, to) the
 * result is a view of `bytes`, not a copy.
 */
export function renderMasked(bytes: Buffer, base: number, to: number, ranges: readonly number[], continued: boolean): Buffer {
  const parts: Buffer[] = [];
  renderMaskedParts(bytes, base, to, ranges, continued, parts);
  return joinParts(parts);
}

/** Pieces from {@link renderMaskedParts} as one Buffer: the piece itself when there is one (unless
 * it is the shared mask, which callers must not get to modify), else a copy. */
export function joinParts(parts: readonly Buffer[]): Buffer {
  if (parts.length === 0) return EMPTY;
  return parts.length === 1 && parts[0] !== MASK_BYTES ? parts[0]! : Buffer.concat(parts);
}

/**
 * {@link renderMasked} that appends the pieces (views of `bytes` and masks) to `out` instead of
 * joining them: a stream passes them on as they are, so unmasked bytes are never copied. The mask
 * pieces are one shared Buffer: read them, never write into them.
 */
export function renderMaskedParts(bytes: Buffer, base: number, to: number, ranges: readonly number[], continued: boolean, out: Buffer[]): void {
  if (to <= base) return;
  let pos = base;
  for (let k = 0; k < ranges.length; k += 2) {
    const s = Math.max(ranges[k]!, base);
    const e = Math.min(ranges[k + 1]!, to);
    if (s >= to) break;
    if (e <= s) continue;
    if (s > pos) out.push(bytes.subarray(pos - base, s - base));
    if (!(continued && s === base)) out.push(MASK_BYTES);
    pos = e;
  }
  if (pos < to) out.push(pos === base && to - base === bytes.length ? bytes : bytes.subarray(pos - base, to - base));
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
