/**
 * The text pieces of Python's `json.dumps`: strings (lone surrogates raw, as with
 * ensure_ascii=False), floats (`repr`, `Infinity`, `NaN`), key order (code points; mixed key types
 * cannot be ordered) and the punctuation around items at each indentation.
 */
import { compareCodePoints } from "./python/text.js";
import { numericKey, PyFloat, pyFloatRepr, type PyKey } from "./value.js";

/** Python cannot order these keys (a str next to an int): the whole dump falls back to unsorted. */
export class Unsortable extends Error {}

export function floatText(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  return pyFloatRepr(value);
}

export const HIGH_UNITS = /[\ud800-\uffff]/;

function byNativeOrder<T>(a: [PyKey, T], b: [PyKey, T]): number {
  return (a[0] as string) < (b[0] as string) ? -1 : (a[0] as string) > (b[0] as string) ? 1 : 0;
}

function numberKey(key: PyKey): number | bigint {
  return numericKey(key as number | bigint | boolean | PyFloat);
}

const LONE_SURROGATE = /[\ud800-\udfff]/;

/**
 * A JSON string as Python writes it with ensure_ascii=False: lone surrogates (undecodable bytes,
 * escaped) stay raw — or, with `display`, become `?` as Ansible's display prints them.
 */
export function pyString(text: string, display = false): string {
  const json = JSON.stringify(text);
  // JSON.stringify escapes lone surrogates (\udXXX), Python does not.
  if (!json.includes("\\ud") || !LONE_SURROGATE.test(text)) return json;
  return json.replace(/(\\+)u(d[89a-f][0-9a-f]{2})/g, (match: string, slashes: string, hex: string) =>
    slashes.length % 2 === 1 ? slashes.slice(1) + (display ? "?" : String.fromCharCode(Number.parseInt(hex, 16))) : match,
  );
}

/** Sorts in place as Python's `sorted(d.items())` would order the keys, or throws Unsortable. */
export function sortEntries<T>(entries: [PyKey, T][]): void {
  if (entries.length < 2) return;
  if (entries.every(([key]) => typeof key === "string")) {
    const exact = entries.some(([key]) => HIGH_UNITS.test(key as string));
    entries.sort(exact ? (a, b) => compareCodePoints(a[0] as string, b[0] as string) : byNativeOrder);
    return;
  }
  if (entries.every(([key]) => typeof key === "number" || typeof key === "bigint" || typeof key === "boolean" || key instanceof PyFloat)) {
    entries.sort((a, b) => {
      const x = numberKey(a[0]);
      const y = numberKey(b[0]);
      return x < y ? -1 : x > y ? 1 : 0;
    });
    return;
  }
  throw new Unsortable();
}

export function entriesOf<T>(value: object): [PyKey, T][] | undefined {
  if (value instanceof Map) return [...(value as Map<PyKey, T>).entries()];
  if (Array.isArray(value)) return undefined;
  return Object.entries(value as Record<string, T>);
}

export function flatten(text: string): string {
  // Any operation that needs the characters makes V8 flatten a concatenated string in place.
  void text.charCodeAt(0);
  return text;
}

/**
 * One indentation level of the output: the punctuation around items printed at this level (an
 * item of a list or dict opened one level up), and the level inside. Made once per depth.
 */
export interface Level {
  readonly openList: string;
  readonly openDict: string;
  readonly comma: string;
  readonly closeList: string;
  readonly closeDict: string;
  /** The level of the items of a list or dict printed at this level. */
  readonly inner: Level;
}

class IndentLevel implements Level {
  readonly openList: string;
  readonly openDict: string;
  readonly comma: string;
  readonly closeList: string;
  readonly closeDict: string;
  #inner: Level | undefined;

  constructor(readonly indent: string) {
    this.openList = `[\n${indent}`;
    this.openDict = `{\n${indent}`;
    this.comma = `,\n${indent}`;
    this.closeList = `\n${indent}]`;
    this.closeDict = `\n${indent}}`;
  }

  get inner(): Level {
    this.#inner ??= new IndentLevel(`${this.indent}    `);
    return this.#inner;
  }
}

/** The level of the document itself (indent=4 below it). */
export const TOP_LEVEL: Level = new IndentLevel("");
