/**
 * A fast path for the YAML most vars files are made of — `key: scalar` lines, `key: [a, b]`, and
 * `key:` followed by `- scalar` items or by one level of `  sub: scalar` lines — parsed here
 * without building a YAML syntax tree (ten thousand host_vars files load in a fraction of the
 * time). Anything else, even a duplicate key, returns undefined and goes to the full loader; a
 * property test checks both agree.
 */
import { PyFloat, type PyKey, type PyValue } from "../value.js";
import { keyPositions, type KeyPositions } from "./positions.js";
import { constructScalar, resolvePlainTag, ScalarConstructError, TAG } from "./resolve.js";

const UNSAFE_TEXT = /[\t\r\\&*!|>%@`{}\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
const FLOW_ITEM = /^[^,[\]{}#'"?:]+$/;

/** `text` without leading and trailing spaces (only U+0020: tabs never get here). */
function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 32) start++;
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** `text` without trailing spaces. */
function trimEndSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return end === text.length ? text : text.slice(0, end);
}

/**
 * Scalars already read, by their text: the same few values (`yes`, `80`, `r12`, a group name)
 * come back in thousands of files. Only immutable values (primitives, floats) are kept, and only so many.
 */
const SEEN_SCALARS = new Map<string, string | number | boolean | PyFloat>();
const MAX_SEEN = 4096;

/** Keys already found to be plain strings for YAML (not `yes`, `null`, …). */
const STRING_KEYS = new Set<string>();

function isStringKey(key: string): boolean {
  if (STRING_KEYS.has(key)) return true;
  if (resolvePlainTag(key) !== TAG.str) return false;
  if (STRING_KEYS.size < MAX_SEEN) STRING_KEYS.add(key);
  return true;
}

/** A plain or simply quoted scalar, or undefined when the full loader must decide. */
function scalar(raw: string): PyValue | undefined {
  const text = trimEndSpaces(raw);
  if (text === "") return null;
  const seen = SEEN_SCALARS.get(text);
  if (seen !== undefined) return seen;
  const value = readScalar(text);
  if ((typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value instanceof PyFloat) && text.length <= 64 && SEEN_SCALARS.size < MAX_SEEN) {
    SEEN_SCALARS.set(text, value);
  }
  return value;
}

/** A plain decimal int that a double holds exactly: YAML 1.1 reads it as that int. */
const PLAIN_INT = /^[1-9][0-9]{0,14}$/;

function readScalar(text: string): PyValue | undefined {
  if (PLAIN_INT.test(text)) return Number(text);
  const first = text[0] as string;
  if (first === '"' || first === "'") {
    if (text.length < 2 || !text.endsWith(first)) return undefined;
    const inner = text.slice(1, -1);
    return inner.includes(first) ? undefined : inner;
  }
  if ("?:,#'\"[]".includes(first)) return undefined;
  if (first === "-" && !/^-[0-9.]/.test(text)) return undefined;
  if (text.includes(": ") || text.includes(" #") || text.endsWith(":") || /["'[\]]/.test(text)) return undefined;
  const tag = resolvePlainTag(text);
  if (tag === TAG.merge || tag === TAG.value) return undefined;
  try {
    return constructScalar(tag, text);
  } catch (err: unknown) {
    if (err instanceof ScalarConstructError) return undefined;
    throw err;
  }
}

/** A value after `key: `: a scalar, or a flow sequence of plain scalars (`[80, 443]`). */
function value(raw: string): PyValue | undefined {
  const text = trimEndSpaces(raw);
  if (!text.startsWith("[")) return scalar(text);
  if (!text.endsWith("]")) return undefined;
  const inner = trimSpaces(text.slice(1, -1));
  if (inner === "") return [];
  const items: PyValue[] = [];
  for (const part of inner.split(",")) {
    const item = trimSpaces(part);
    if (!FLOW_ITEM.test(item) || item.startsWith("-") || item.includes("  ")) return undefined;
    const parsed = scalar(item);
    if (parsed === undefined || parsed === null) return undefined;
    items.push(parsed);
  }
  return items;
}

/** Neither blank nor a comment: the first character that is not a space is there and is not `#`. */
function isContent(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32) return c !== 35;
  }
  return false;
}

/** Whether what follows `key:` leaves the value to the lines below (nothing, or a comment). */
function opensBlock(rest: string): boolean {
  const trimmed = trimSpaces(rest);
  return trimmed === "" || trimmed.charCodeAt(0) === 35;
}

function withPositions(dict: Map<PyKey, PyValue>, lines: readonly number[]): Map<PyKey, PyValue> {
  keyPositions.set(dict, lines);
  return dict;
}

function isKeyStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isKeyChar(c: number): boolean {
  return isKeyStart(c) || (c >= 0x30 && c <= 0x39);
}

/**
 * `[A-Za-z_][A-Za-z0-9_]*:` at `start`, followed by the end of the line or a space: the index of
 * the colon, or -1.
 */
function colonOfKey(line: string, start: number): number {
  const n = line.length;
  if (start >= n || !isKeyStart(line.charCodeAt(start))) return -1;
  let i = start + 1;
  while (i < n && isKeyChar(line.charCodeAt(i))) i++;
  if (i >= n || line.charCodeAt(i) !== 0x3a) return -1;
  if (i + 1 < n && line.charCodeAt(i + 1) !== 0x20) return -1;
  return i;
}

/** What follows the colon and its spaces; undefined when the line ends at the colon. */
function restAfter(line: string, colon: number): string | undefined {
  if (colon + 1 === line.length) return undefined;
  let i = colon + 1;
  while (i < line.length && line.charCodeAt(i) === 0x20) i++;
  return line.slice(i);
}

function leadingSpaces(line: string): number {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 0x20) i++;
  return i;
}

/** `- item` after `indent` spaces: the item text after the dash and its spaces, or undefined. */
function itemAfter(line: string, indent: number): string | undefined {
  if (line.charCodeAt(indent) !== 0x2d || line.charCodeAt(indent + 1) !== 0x20) return undefined;
  let i = indent + 2;
  while (i < line.length && line.charCodeAt(i) === 0x20) i++;
  return line.slice(i);
}

/** The block under `key:` starting at `from`: items, a one-level mapping, or nothing (null). */
function block(lines: readonly string[], from: number): { value: PyValue; next: number } | undefined {
  let index = from;
  while (index < lines.length && !isContent(lines[index] as string)) index++;
  const first = lines[index];
  if (first === undefined || (first.charCodeAt(0) !== 0x20 && first.charCodeAt(0) !== 0x2d)) return { value: null, next: from };
  const indent = leadingSpaces(first);
  const isList = itemAfter(first, indent) !== undefined;
  if (!isList && (indent === 0 || colonOfKey(first, indent) < 0)) return undefined;
  const list: PyValue[] = [];
  const map = new Map<PyKey, PyValue>();
  const mapLines: number[] = [];
  let end = from;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!isContent(line)) continue;
    const lineIndent = leadingSpaces(line);
    if (isList) {
      const item = itemAfter(line, lineIndent);
      if (item === undefined) break;
      if (lineIndent !== indent) return undefined;
      const parsed = scalar(item);
      if (parsed === undefined) return undefined;
      list.push(parsed);
    } else {
      if (lineIndent === 0) break;
      const colon = colonOfKey(line, lineIndent);
      if (colon < 0 || lineIndent !== indent) return undefined;
      const key = line.slice(lineIndent, colon);
      const rest = restAfter(line, colon);
      if (!isStringKey(key) || map.has(key) || rest === undefined || opensBlock(rest)) return undefined;
      const parsed = value(rest);
      if (parsed === undefined) return undefined;
      map.set(key, parsed);
      mapLines.push(i + 1);
    }
    end = i + 1;
  }
  return { value: isList ? list : withPositions(map, mapLines), next: end };
}

export function fastYaml(text: string): { value: PyValue; positions: KeyPositions } | undefined {
  if (UNSAFE_TEXT.test(text)) return undefined;
  const lines = text.split("\n");
  const out = new Map<PyKey, PyValue>();
  const keyLines: number[] = [];
  let sawContent = false;
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] as string;
    if (!isContent(line)) {
      index++;
      continue;
    }
    if (line === "---" && !sawContent) {
      sawContent = true;
      index++;
      continue;
    }
    sawContent = true;
    const colon = colonOfKey(line, 0);
    if (colon < 0) return undefined;
    const key = line.slice(0, colon);
    if (!isStringKey(key) || out.has(key)) return undefined;
    keyLines.push(index + 1);
    const rest = restAfter(line, colon);
    if (rest === undefined || opensBlock(rest)) {
      const nested = block(lines, index + 1);
      if (nested === undefined) return undefined;
      out.set(key, nested.value);
      index = Math.max(nested.next, index + 1);
      continue;
    }
    const parsed = value(rest);
    if (parsed === undefined) return undefined;
    out.set(key, parsed);
    index++;
  }
  if (!sawContent || out.size === 0) return undefined;
  return { value: withPositions(out, keyLines), positions: keyPositions };
}
