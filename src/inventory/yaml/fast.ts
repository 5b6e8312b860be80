/**
 * A fast path for the YAML most vars files are made of — `key: scalar` lines, `key: [a, b]`, and
 * `key:` followed by `- scalar` items or by one level of `  sub: scalar` lines — parsed here
 * without building a YAML syntax tree (ten thousand host_vars files load in a fraction of the
 * time). Anything else, even a duplicate key, returns undefined and goes to the full loader; a
 * property test checks both agree.
 */
import type { PyKey, PyValue } from "../value.js";
import { keyPositions, type KeyPositions, type Position } from "./positions.js";
import { constructScalar, resolvePlainTag, ScalarConstructError, TAG } from "./resolve.js";

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_]*):(?: +(.*))?$/;
const NESTED_KEY_LINE = /^( +)([A-Za-z_][A-Za-z0-9_]*):(?: +(.*))?$/;
const ITEM_LINE = /^( *)- +(.*)$/;
const UNSAFE_TEXT = /[\t\r\\&*!|>%@`{}\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
const FLOW_ITEM = /^[^,[\]{}#'"?:]+$/;

const trimSpaces = (text: string): string => text.replace(/^ +| +$/g, "");

/** A plain or simply quoted scalar, or undefined when the full loader must decide. */
function scalar(raw: string): PyValue | undefined {
  const text = raw.replace(/ +$/, "");
  if (text === "") return null;
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
  const text = raw.replace(/ +$/, "");
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

function isContent(line: string): boolean {
  const trimmed = trimSpaces(line);
  return trimmed !== "" && !trimmed.startsWith("#");
}

function withPositions(dict: Map<PyKey, PyValue>, lines: readonly number[]): Map<PyKey, PyValue> {
  keyPositions.set(dict, () => {
    const where = new Map<PyKey, Position>();
    let index = 0;
    for (const key of dict.keys()) where.set(key, { line: lines[index++] ?? 1, col: 1 });
    return where;
  });
  return dict;
}

/** The block under `key:` starting at `from`: items, a one-level mapping, or nothing (null). */
function block(lines: readonly string[], from: number): { value: PyValue; next: number } | undefined {
  let index = from;
  while (index < lines.length && !isContent(lines[index] as string)) index++;
  const first = lines[index];
  if (first === undefined || !first.startsWith(" ") && !first.startsWith("-")) return { value: null, next: from };
  const item = ITEM_LINE.exec(first);
  const nested = NESTED_KEY_LINE.exec(first);
  const indent = (item?.[1] ?? nested?.[1] ?? "").length;
  const list: PyValue[] = [];
  const map = new Map<PyKey, PyValue>();
  const mapLines: number[] = [];
  let end = from;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!isContent(line)) continue;
    if (item !== null) {
      const match = ITEM_LINE.exec(line);
      if (match === null) break;
      if ((match[1] as string).length !== indent) return undefined;
      const parsed = scalar(match[2] as string);
      if (parsed === undefined) return undefined;
      list.push(parsed);
    } else {
      if (!line.startsWith(" ")) break;
      const match = NESTED_KEY_LINE.exec(line);
      if (match === null || (match[1] as string).length !== indent) return undefined;
      const key = match[2] as string;
      const rest = match[3];
      if (resolvePlainTag(key) !== TAG.str || map.has(key) || rest === undefined || trimSpaces(rest) === "" || trimSpaces(rest).startsWith("#")) return undefined;
      const parsed = value(rest);
      if (parsed === undefined) return undefined;
      map.set(key, parsed);
      mapLines.push(i + 1);
    }
    end = i + 1;
  }
  if (item === null && nested === null) return undefined;
  return { value: item !== null ? list : withPositions(map, mapLines), next: end };
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
    const match = KEY_LINE.exec(line);
    if (match === null) return undefined;
    const key = match[1] as string;
    if (resolvePlainTag(key) !== TAG.str || out.has(key)) return undefined;
    keyLines.push(index + 1);
    const rest = match[2];
    if (rest === undefined || trimSpaces(rest) === "" || trimSpaces(rest).startsWith("#")) {
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
