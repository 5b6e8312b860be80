/**
 * How many values a document stands for once its aliases are expanded (printing expands them):
 * "billion laughs" documents — aliases of aliases — are refused above MAX_EXPANDED_VALUES.
 */
import type { PyValue } from "../value.js";

/** Most values a document may stand for once its aliases are expanded. */
export const MAX_EXPANDED_VALUES = 1_000_000;

/** The number of values `root` prints as (stops counting past MAX_EXPANDED_VALUES). */
export function expandedSize(root: PyValue): number {
  const sizes = new Map<object, number>();
  const size = (value: PyValue): number => {
    if (!(value instanceof Map) && !Array.isArray(value)) return 1;
    const known = sizes.get(value);
    if (known !== undefined) return known;
    sizes.set(value, 1);
    let total = 1;
    for (const item of value instanceof Map ? value.values() : (value as readonly PyValue[])) {
      total += size(item);
      if (total > MAX_EXPANDED_VALUES) break;
    }
    sizes.set(value, total);
    return total;
  };
  return size(root);
}
