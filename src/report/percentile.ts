/** Exact percentiles by the nearest-rank method: the smallest value with at least p % of the values at or below it. */

/** The nearest-rank `p`-th percentile (0 < p ≤ 100) of `sorted` (ascending), or null when empty. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

export interface Spread {
  readonly count: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly max: number | null;
}

/** p50, p95 and max of `values` (any order; not modified). */
export function spread(values: readonly number[]): Spread {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number): number | null => (sorted.length === 0 ? null : (sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] ?? null));
  return { count: sorted.length, p50: at(50), p95: at(95), max: sorted.length === 0 ? null : (sorted[sorted.length - 1] ?? null) };
}
