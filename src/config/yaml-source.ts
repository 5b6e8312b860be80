/**
 * YAML with positions: parses runwarden.yml strictly (one document, unique keys, no custom tags,
 * bounded aliases), turns YAML errors into `Problem`s, and finds the node at a key path so every
 * later problem can point at a line and column.
 */
import {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  Scalar,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from "yaml";
import type { Problem } from "../model/errors.js";

/** Most alias expansions toJS may perform (a "billion laughs" document trips it). */
export const MAX_ALIAS_COUNT = 200;

export interface YamlSource {
  /** The file as shown in messages. */
  readonly file: string;
  readonly text: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
}

export interface Position {
  readonly line: number;
  readonly col: number;
}

/** 1-based line and column (counted in code points) of a UTF-16 offset. */
export function positionOf(source: Pick<YamlSource, "text" | "lines">, offset: number): Position {
  const { line } = source.lines.linePos(offset);
  const lineStart = source.lines.lineStarts[line - 1] ?? 0;
  const prefix = source.text.slice(lineStart, offset);
  // Fast path: without surrogate pairs, code points equal UTF-16 units.
  const col = /[\uD800-\uDBFF]/.test(prefix) ? Array.from(prefix).length + 1 : prefix.length + 1;
  return { line, col };
}

function problemAt(source: Pick<YamlSource, "file" | "text" | "lines">, offset: number, message: string, extra: Partial<Problem> = {}): Problem {
  return { location: { file: source.file, ...positionOf(source, offset) }, message, ...extra };
}

const TAG_ADVICE = (tag: string): Partial<Problem> => ({
  expected: "plain YAML values (strings, numbers, booleans, lists, mappings)",
  found: tag,
  hint: "runwarden.yml takes no tags such as !vault or !!python/…: keep secrets in environment variables and list their names in deploy.secrets",
});

/**
 * Parses `text`; problems are YAML errors and warnings (each one an error here), duplicate keys,
 * non-scalar keys and custom tags. Duplicate keys are found here with one set per mapping (the YAML
 * library's own check compares each key with all the earlier ones: quadratic on 30,000 keys).
 */
export function parseYaml(text: string, file: string): { source: YamlSource; problems: Problem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, strict: true, uniqueKeys: false, schema: "core", merge: false });
  const source: YamlSource = { file, text, doc, lines };
  const problems: Problem[] = [];
  let exhausted = false;
  for (const error of [...doc.errors, ...doc.warnings]) {
    const [start, end] = error.pos;
    const token = text.slice(start, Math.min(end, start + 80));
    switch (error.code) {
      case "TAG_RESOLVE_FAILED":
        problems.push(problemAt(source, start, `custom YAML tag '${token}' is not allowed`, TAG_ADVICE(token)));
        break;
      case "MULTIPLE_DOCS":
        problems.push(problemAt(source, start, "more than one YAML document ('---'): runwarden.yml holds exactly one"));
        break;
      case "RESOURCE_EXHAUSTION":
        if (!exhausted)
          problems.push(problemAt(source, start, "the document nests too deeply to read", { hint: "flatten it: runwarden.yml needs only a few levels" }));
        exhausted = true;
        break;
      default: {
        const kind = error.name === "YAMLWarning" ? "warning" : "syntax error";
        problems.push(problemAt(source, start, `YAML ${kind}: ${error.message}`, { hint: yamlHint(error.code) }));
      }
    }
  }
  if (problems.length === 0) problems.push(...keyProblems(source));
  return { source, problems };
}

function yamlHint(code: string): string {
  if (code === "BAD_INDENT" || code === "MISSING_CHAR" || code === "UNEXPECTED_TOKEN") return "check the indentation and the brackets/quotes around this point";
  if (code === "TAB_AS_INDENT") return "indent with spaces, not tabs";
  return "fix the YAML syntax at this point";
}

/** Tags that only restate what plain YAML already means (`!!str 22`). Anything else (`!!binary`, `!!set`) is refused. */
const PLAIN_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((name) => `tag:yaml.org,2002:${name}`));

/** The tag as written before the node at `start` (`!!binary`), for messages. */
function writtenTag(source: YamlSource, tag: string, start: number): { text: string; offset: number } {
  const lineStart = source.text.lastIndexOf("\n", start - 1) + 1;
  const bang = source.text.lastIndexOf("!", start - 1);
  if (bang < lineStart) return { text: tag.replace("tag:yaml.org,2002:", "!!"), offset: start };
  const tokenStart = Math.max(lineStart, source.text.slice(lineStart, bang + 1).search(/\S*$/) + lineStart);
  return { text: source.text.slice(tokenStart, start).trim(), offset: tokenStart };
}

function duplicateProblem(source: YamlSource, name: string, key: Node, first: Node): Problem {
  return problemAt(source, startOf(key), `duplicate key '${name}' (first at line ${positionOf(source, startOf(first)).line})`, {
    expected: "each key once per mapping",
    found: `'${name}' again`,
    hint: "YAML keeps only one of them: remove or merge the repeats",
  });
}

/** Keys must be unique and scalars (a list or mapping cannot become a config key); explicit tags must be plain ones. */
function keyProblems(source: YamlSource): Problem[] {
  const problems: Problem[] = [];
  try {
    visit(source.doc, {
      Node(_key, node) {
        if (isMap(node)) {
          const seen = new Map<string, Node>();
          for (const pair of node.items) {
            if (!isScalar(pair.key)) continue;
            const name = String(pair.key.value);
            const first = seen.get(name);
            if (first === undefined) seen.set(name, pair.key);
            else problems.push(duplicateProblem(source, name, pair.key, first));
          }
        }
        if (node.tag === undefined || PLAIN_TAGS.has(node.tag)) return;
        const written = writtenTag(source, node.tag, startOf(node));
        problems.push(problemAt(source, written.offset, `custom YAML tag '${written.text}' is not allowed`, TAG_ADVICE(written.text)));
      },
      Pair(_key, pair) {
        if (isCollection(pair.key)) {
          problems.push(problemAt(source, pair.key.range?.[0] ?? 0, "a mapping key must be a plain string, not a list or mapping"));
        }
      },
    });
  } catch (e: unknown) {
    if (!(e instanceof RangeError)) throw e;
    problems.push(problemAt(source, 0, "the document nests too deeply to read"));
  }
  return problems;
}

/** The plain JavaScript value of the document, or a problem (excessive aliasing, nesting). */
export function toValue(source: YamlSource): { value: unknown } | { problem: Problem } {
  try {
    return { value: source.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown };
  } catch (e: unknown) {
    if (e instanceof ReferenceError || e instanceof RangeError) {
      let offset = 0;
      visit(source.doc, {
        Alias(_key, alias) {
          offset = alias.range?.[0] ?? 0;
          return visit.BREAK;
        },
      });
      return {
        problem: problemAt(source, offset, `aliases expand to too much data (more than ${MAX_ALIAS_COUNT} alias expansions)`, {
          hint: "repeat the values instead of nesting aliases of aliases",
        }),
      };
    }
    throw e;
  }
}

/** Where a key path leads in the document. */
export interface Located {
  /** The node at the path (undefined when the last key is missing, or the value is empty). */
  readonly node: Node | undefined;
  /** The key node of the last step, when the last step was a mapping key that exists. */
  readonly key: Node | undefined;
  /** The deepest node that exists on the way (the parent of a missing key). */
  readonly deepest: Node | undefined;
  /** The path ended at a key absent from its mapping. */
  readonly missing: boolean;
}

function resolve(source: YamlSource, node: unknown): Node | undefined {
  let current = node;
  for (let i = 0; i < 32 && isAlias(current); i++) current = current.resolve(source.doc);
  return isScalar(current) || isCollection(current) ? current : undefined;
}

/** Each mapping's keys → their first pair, built once per mapping (locating N keys in one mapping
 * must not cost N × N). */
const keyIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairNamed(map: YAMLMap, name: string): Pair | undefined {
  let index = keyIndexes.get(map);
  if (index === undefined) {
    index = new Map();
    for (const item of map.items) {
      if (!isPair(item)) continue;
      const text = keyText(item.key);
      if (text !== undefined && !index.has(text)) index.set(text, item);
    }
    keyIndexes.set(map, index);
  }
  return index.get(name);
}

/** Follows `path` through mappings and sequences (and aliases). */
export function locate(source: YamlSource, path: readonly PropertyKey[]): Located {
  let node = resolve(source, source.doc.contents);
  let key: Node | undefined;
  let deepest = node;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = pairNamed(node, String(segment));
      if (pair === undefined) return { node: undefined, key: undefined, deepest: node, missing: true };
      key = isScalar(pair.key) || isCollection(pair.key) ? pair.key : undefined;
      node = resolve(source, pair.value);
      if (node === undefined) return { node: undefined, key, deepest, missing: false };
    } else if (isSeq(node) && typeof segment === "number") {
      key = undefined;
      node = resolve(source, node.items[segment]);
      if (node === undefined) return { node: undefined, key: undefined, deepest, missing: true };
    } else {
      return { node: undefined, key: undefined, deepest, missing: true };
    }
    deepest = node;
  }
  return { node, key, deepest, missing: false };
}

/**
 * Every `__proto__` key: a name JavaScript objects cannot hold as data (schema checks skip it and
 * it would be dropped silently), so it is refused wherever it appears.
 */
export function prototypeKeyProblems(source: YamlSource): Problem[] {
  const problems: Problem[] = [];
  try {
    visit(source.doc, {
      Pair(_key, pair) {
        if (!isScalar(pair.key) || pair.key.value !== "__proto__") return;
        problems.push(
          problemAt(source, startOf(pair.key), "'__proto__' cannot be used as a key or a name", {
            expected: "any other name",
            found: "'__proto__'",
            hint: "it is reserved in JavaScript, so runwarden would lose what it names: rename it",
          }),
        );
      },
    });
  } catch (e: unknown) {
    if (!(e instanceof RangeError)) throw e;
  }
  return problems;
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

/** Start offset of a node. */
export function startOf(node: Node | undefined): number {
  return node?.range?.[0] ?? 0;
}

/**
 * Source offset of the character at `offset` inside a scalar's value, when the scalar is written so
 * that the mapping is exact (plain, quoted without escapes, literal block); else the scalar's start.
 */
export function offsetInScalar(source: YamlSource, node: Node | undefined, offset: number): number {
  if (!isScalar(node) || node.range === undefined || node.range === null || typeof node.value !== "string") return startOf(node);
  const [start, end] = node.range;
  const raw = source.text.slice(start, end);
  const value = node.value;
  switch (node.type) {
    case Scalar.PLAIN:
      return raw === value ? start + offset : start;
    case Scalar.QUOTE_SINGLE:
    case Scalar.QUOTE_DOUBLE:
      return raw.slice(1, -1) === value ? start + 1 + offset : start;
    case Scalar.BLOCK_LITERAL: {
      const before = value.slice(0, offset);
      const lineIndex = before.split("\n").length - 1;
      const column = offset - (before.lastIndexOf("\n") + 1);
      const header = source.text.indexOf("\n", start);
      if (header === -1) return start;
      const indent = /^(?:[ \t]*\r?\n)*( *)/.exec(source.text.slice(header + 1, end))?.[1]?.length ?? 0;
      let lineStart = header + 1;
      for (let i = 0; i < lineIndex && lineStart > 0; i++) lineStart = source.text.indexOf("\n", lineStart) + 1;
      return lineStart > 0 ? lineStart + indent + column : start;
    }
    default:
      return start;
  }
}
