/** Short renderings of values for error messages: `"dsk"`, `10 (a number)`, `a list of 3 items`. */
import { isAlias, isMap, isScalar, isSeq, type Node } from "yaml";

const MAX_TEXT = 60;

/** What kind of value this is, in words: `a number`, `a string`, `a mapping` … */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return "nothing (an empty value)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return "a string";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  if (typeof value === "boolean") return "a boolean";
  if (typeof value === "object") return "a mapping";
  return typeof value;
}

/** A quoted, truncated rendering of text, safe for one line. */
export function quoteText(text: string): string {
  const codePoints = Array.from(text.length > 4 * MAX_TEXT ? text.slice(0, 4 * MAX_TEXT) : text);
  const long = codePoints.length > MAX_TEXT || text.length > 4 * MAX_TEXT;
  const shown = JSON.stringify(codePoints.slice(0, MAX_TEXT).join(""));
  return long ? `${shown.slice(0, -1)}…" (${text.length} characters)` : shown;
}

/** A short rendering of the plain value of `node` (a YAML node, or nothing when the key is missing). */
export function renderFound(node: Node | undefined, options: { sensitive?: boolean; missing?: boolean } = {}): string {
  if (options.missing) return "nothing (the key is missing)";
  if (options.sensitive) return "a value not shown here (it may be a secret)";
  if (node === undefined) return "nothing (an empty value)";
  if (isAlias(node)) return `an alias (*${node.source})`;
  if (isMap(node)) {
    const keys = node.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : "?"));
    if (keys.length === 0) return "an empty mapping";
    return `a mapping with ${keys.length === 1 ? "key" : "keys"} ${keys.slice(0, 6).join(", ")}${keys.length > 6 ? ", …" : ""}`;
  }
  if (isSeq(node)) return node.items.length === 0 ? "an empty list" : `a list of ${node.items.length} item${node.items.length === 1 ? "" : "s"}`;
  if (isScalar(node)) {
    const value: unknown = node.value;
    if (typeof value === "string") return quoteText(value);
    if (value === null) return "nothing (an empty value)";
    if (typeof value === "number" || typeof value === "boolean") return `${String(value)} (${kindOf(value)})`;
    return kindOf(value);
  }
  return "an unreadable value";
}
