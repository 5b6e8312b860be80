/**
 * Ansible's YAML loader (`AnsibleLoader`: libyaml parser + PyYAML's YAML 1.1 resolver +
 * `AnsibleConstructor`), on top of the `yaml` package's parser: the document is parsed with the
 * failsafe schema (every scalar a string, with its style and tag), then each scalar is resolved
 * the PyYAML way. `!vault` stays ciphertext, `!unsafe` becomes unsafe text, `<<` merges, the last
 * duplicate key wins (Ansible warns), and every mapping key keeps its line for findings.
 */
import type { Document, LineCounter, Node, Pair, Scalar, YAMLMap } from "yaml";
import { DictBuilder, keyText, PyDate, PyFloat, UnsafeText, VaultValue, type PyKey, type PyValue } from "../value.js";
import { wrapUnsafe } from "../pyjson-parse.js";
import { expandedSize, MAX_EXPANDED_VALUES } from "./expansion.js";
import { keyPositions, type KeyPositions, type Position } from "./positions.js";
import { yamlPackage, type YamlPackage } from "./package.js";
import { constructScalar, resolvePlainTag, ScalarConstructError, TAG } from "./resolve.js";

export type { KeyPositions, Position } from "./positions.js";

/** The `yaml` package: set by `loadYaml`, the only way in (package.ts says why it is not imported here). */
let Y: YamlPackage;

export class YamlLoadError extends Error {
  constructor(
    message: string,
    readonly position: Position | undefined,
  ) {
    super(message);
  }
}

export interface YamlLoaded {
  readonly value: PyValue;
  readonly positions: KeyPositions;
  /** Duplicate keys (Ansible warns and keeps the last value). */
  readonly duplicates: readonly { readonly key: string; readonly position: Position }[];
}

const VAULT_TAGS = new Set(["!vault", "!vault-encrypted"]);
const MAP_TAGS = new Set([TAG.map, "tag:yaml.org,2002:python/dict", "!"]);
const SEQ_TAGS = new Set([TAG.seq, "!"]);

class Constructor {
  readonly positions: KeyPositions = keyPositions;
  readonly duplicates: { key: string; position: Position }[] = [];
  readonly #built = new Map<Node, PyValue>();
  #depth = 0;
  #shallow = false;

  constructor(
    readonly doc: Document.Parsed,
    readonly lines: LineCounter,
    readonly text: string,
  ) {}

  at(node: { range?: readonly [number, number, number] | null } | null | undefined): Position | undefined {
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : this.lines.linePos(offset);
  }

  fail(message: string, node: { range?: readonly [number, number, number] | null } | null | undefined): never {
    throw new YamlLoadError(message, this.at(node));
  }

  target(node: Node | null): Node | null {
    if (node === null || !Y.isAlias(node)) return node;
    const resolved = node.resolve(this.doc);
    if (resolved === undefined) this.fail(`found undefined alias '${node.source}'`, node);
    return resolved;
  }

  build(input: Node | null): PyValue {
    const node = this.target(input);
    if (node === null) return null;
    const done = this.#built.get(node);
    if (done !== undefined) return done;
    if (this.#shallow && !Y.isScalar(node)) return Y.isMap(node) ? new Map() : [];
    if (++this.#depth > 500) this.fail("the document nests too deeply", node);
    const value = this.construct(node);
    this.#depth--;
    this.#built.set(node, value);
    return value;
  }

  construct(node: Node): PyValue {
    const tag = node.tag;
    if (Y.isScalar(node)) return this.scalar(node, tag);
    if (tag === "!unsafe") {
      // PyYAML builds nested collections lazily and wrap_var copies them before they are filled:
      // collections inside an !unsafe collection come out empty.
      this.#shallow = true;
      try {
        return wrapUnsafe(Y.isMap(node) ? this.mapping(node as YAMLMap) : this.sequence(node));
      } finally {
        this.#shallow = false;
      }
    }
    if (Y.isMap(node)) {
      if (tag !== undefined && !MAP_TAGS.has(tag)) this.unknownTag(tag, node);
      return this.mapping(node as YAMLMap);
    }
    if (tag !== undefined && !SEQ_TAGS.has(tag)) this.unknownTag(tag, node);
    return this.sequence(node);
  }

  unknownTag(tag: string, node: Node): never {
    const short = tag.replace(/^tag:yaml\.org,2002:/, "!!");
    if (["!!set", "!!omap", "!!pairs", "!!binary"].includes(short)) {
      this.fail(`the YAML tag ${short} makes a value JSON cannot hold (ansible-inventory fails on it)`, node);
    }
    this.fail(`could not determine a constructor for the tag '${tag}'`, node);
  }

  scalar(node: Scalar, tag: string | undefined): PyValue {
    let text = typeof node.value === "string" ? node.value : String(node.value);
    // A block scalar ending the file without a line break has no final newline (libyaml).
    if ((node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED") && text.endsWith("\n") && node.range !== null && node.range !== undefined) {
      const last = this.text[node.range[1] - 1];
      if (last !== "\n" && last !== "\r") text = text.slice(0, -1);
    }
    if (tag !== undefined && VAULT_TAGS.has(tag)) return new VaultValue(text);
    if (tag === "!unsafe") return new UnsafeText(text);
    let resolved: string;
    // libyaml treats the non-specific tag "!" as plain-implicit, whatever the style: `! "12"` is 12.
    if (tag === undefined) resolved = node.type === "PLAIN" ? resolvePlainTag(text) : TAG.str;
    else if (tag === "!") resolved = resolvePlainTag(text);
    else if (tag === "tag:yaml.org,2002:python/unicode") resolved = TAG.str;
    else resolved = tag;
    if (resolved === TAG.merge || resolved === TAG.value) this.fail(`could not determine a constructor for the tag '${resolved}'`, node);
    try {
      const value = constructScalar(resolved, text);
      if (value === undefined) this.unknownTag(resolved, node);
      return value;
    } catch (err: unknown) {
      if (err instanceof ScalarConstructError) this.fail(err.message, node);
      throw err;
    }
  }

  sequence(node: Node): PyValue {
    if (!Y.isSeq(node)) this.fail("expected a sequence node", node);
    return node.items.map((item) => this.build(item as Node | null));
  }

  isMergeKey(key: Node | null): boolean {
    const node = this.target(key);
    if (node === null || !Y.isScalar(node)) return false;
    if (node.tag === TAG.merge) return true;
    return node.tag === undefined && node.type === "PLAIN" && node.value === "<<";
  }

  /** PyYAML's flatten_mapping: merged pairs first (later sources first), then the mapping's own. */
  flatten(node: YAMLMap, seen: Set<Node> = new Set()): Pair<Node | null, Node | null>[] {
    const own: Pair<Node | null, Node | null>[] = [];
    const merged: Pair<Node | null, Node | null>[] = [];
    for (const pair of node.items as Pair<Node | null, Node | null>[]) {
      if (!this.isMergeKey(pair.key)) {
        own.push(pair);
        continue;
      }
      const value = this.target(pair.value);
      if (value !== null && Y.isMap(value)) {
        if (seen.has(value)) this.fail("a merge key refers to its own mapping", value);
        merged.push(...this.flatten(value as YAMLMap, new Set([...seen, node])));
      } else if (value !== null && Y.isSeq(value)) {
        const groups: Pair<Node | null, Node | null>[][] = [];
        for (const item of value.items as (Node | null)[]) {
          const sub = this.target(item);
          if (sub === null || !Y.isMap(sub)) this.fail("while constructing a mapping: expected a mapping for merging", item ?? value);
          groups.push(this.flatten(sub as YAMLMap, new Set([...seen, node])));
        }
        for (const group of groups.reverse()) merged.push(...group);
      } else {
        this.fail("while constructing a mapping: expected a mapping or list of mappings for merging", pair.value ?? node);
      }
    }
    return [...merged, ...own];
  }

  key(node: Node | null): PyKey {
    const target = this.target(node);
    if (target !== null && Y.isScalar(target) && target.tag === undefined && target.type === "PLAIN" && target.value === "=") return "=";
    const key = this.build(node);
    if (key instanceof Map || Array.isArray(key)) {
      this.fail(`found unacceptable key (unhashable type: '${key instanceof Map ? "dict" : "list"}')`, node);
    }
    if (key instanceof PyFloat) return key;
    if (key instanceof UnsafeText) return key.text;
    if (key instanceof VaultValue || key instanceof PyDate) this.fail("a mapping key JSON cannot hold (ansible-inventory fails on it)", node);
    return key as PyKey;
  }

  mapping(node: YAMLMap): PyValue {
    const builder = new DictBuilder();
    const out = builder.dict;
    const where = new Map<PyKey, Position>();
    for (const pair of this.flatten(node)) {
      const key = this.key(pair.key);
      const position = this.at(pair.key) ?? this.at(pair.value) ?? this.at(node) ?? { line: 1, col: 1 };
      if (builder.set(key, this.build(pair.value))) this.duplicates.push({ key: keyText(key), position });
      where.set(key, position);
    }
    this.positions.set(out, where);
    return out;
  }
}

/** Refuses "billion laughs" documents: aliases of aliases that expand exponentially. */
function checkExpansion(root: PyValue, lines: LineCounter, doc: Document.Parsed): void {
  if (expandedSize(root) > MAX_EXPANDED_VALUES) {
    const start = doc.range[0];
    throw new YamlLoadError(`the document's aliases expand to more than ${MAX_EXPANDED_VALUES} values (an alias bomb?)`, lines.linePos(start));
  }
}

/** PyYAML refuses an anchor defined twice (YAML 1.2 allows it). */
function duplicateAnchors(doc: Document.Parsed, lines: LineCounter): void {
  const seen = new Map<string, number>();
  Y.visit(doc, (_key, node) => {
    if (!Y.isNode(node) || node.anchor === undefined || node.anchor === null) return;
    const at = node.range?.[0] ?? 0;
    const first = seen.get(node.anchor);
    if (first !== undefined) {
      throw new YamlLoadError(`found duplicate anchor '${node.anchor}'; first occurrence at line ${lines.linePos(first).line}`, lines.linePos(at));
    }
    seen.set(node.anchor, at);
  });
}

/** Loads one YAML document the way Ansible does. Throws YamlLoadError. */
/** Deepest flow nesting (`[` / `{`) the loader accepts: the YAML parser recurses per level. */
const MAX_FLOW_DEPTH = 500;

/**
 * Where flow collections nest deeper than MAX_FLOW_DEPTH (undefined: they do not). A linear pre-scan,
 * so a hostile `[[[[…` is refused with its position instead of overflowing the parser's stack.
 * Quoted scalars are skipped; a `#` comment ends the line.
 */
function tooDeep(text: string): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"') i++;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1] ?? ""))) {
      const end = text.indexOf("\n", i);
      i = end === -1 ? text.length : end;
    } else if (c === "[" || c === "{") {
      if (++depth > MAX_FLOW_DEPTH) return i;
    } else if ((c === "]" || c === "}") && depth > 0) depth--;
  }
  return undefined;
}

export function loadYaml(text: string): YamlLoaded {
  Y = yamlPackage();
  const lines = new Y.LineCounter();
  const deep = tooDeep(text);
  if (deep !== undefined) {
    let line = 1;
    let start = 0;
    for (let i = text.indexOf("\n"); i !== -1 && i < deep; i = text.indexOf("\n", i + 1)) {
      line++;
      start = i + 1;
    }
    throw new YamlLoadError(`the document nests flow collections deeper than ${MAX_FLOW_DEPTH} levels`, { line, col: deep - start + 1 });
  }
  const docs = Y.parseAllDocuments(text, { schema: "failsafe", uniqueKeys: false, merge: false, strict: false, prettyErrors: false, lineCounter: lines });
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error !== undefined) throw new YamlLoadError(error.message.split("\n")[0] ?? error.message, lines.linePos(error.pos[0]));
  }
  if (list.length > 1) {
    const second = list[1];
    throw new YamlLoadError(
      "expected a single document in the stream, but found another document",
      second?.range === undefined ? undefined : lines.linePos(second.range[0]),
    );
  }
  const doc = list[0];
  if (doc === undefined) return { value: null, positions: keyPositions, duplicates: [] };
  if (text.includes("&")) duplicateAnchors(doc, lines);
  const builder = new Constructor(doc, lines, text);
  const value = builder.build(doc.contents as Node | null);
  if (text.includes("*")) checkExpansion(value, lines, doc);
  return { value, positions: builder.positions, duplicates: builder.duplicates };
}
