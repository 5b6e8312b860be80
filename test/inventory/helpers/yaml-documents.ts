/**
 * Random YAML documents shaped like real vars files: nested block mappings and sequences (indented,
 * indentless and compact `- key: v` items), flow collections, plain, quoted and block scalars,
 * anchors, aliases, `<<` merges, comments, duplicate keys — with some odd values mixed in, so both
 * YAML paths are compared on what they accept and what they leave to the other.
 */
import fc from "fast-check";

/** Common values, and (rarely) odd ones that one of the paths may leave to the other. */
const SCALARS = [
  "1",
  "-3",
  "017",
  "0x1F",
  "1:30",
  "1.5",
  "1e5",
  "yes",
  "off",
  "~",
  "null",
  "",
  "plain text",
  "a:b",
  "a#b",
  "x #c",
  "http://x.example:80/p",
  '"dq"',
  "'sq'",
  "'it''s'",
  '"t\\tu\\u00e9\\x41\\""',
  '"a # b"',
  "2001-12-14",
  ".inf",
  "é",
  "09",
  "a, b",
  "a [b] {c}",
  "-x",
];
const ODD_SCALARS = ["<<", "=", "- x", "@x", "!!str 1", "x: y", "`x`", "%x", "--- x", "*nothing", "&a", "? x", "'open", "a\\"];
const FLOW_SCALARS = ["1", "a", "b c", "'q'", '"d, e"', "yes", "-1", "x.y", "", "~", "1.0", "[]", "{}", "[x, [y]]", "{k: v}"];
const ODD_FLOW = ["a:b", "http://h:1", "a #b", "?x", "- x", "&a x", "!t x"];
const KEYS = ["a", "b_c", "with space", "'quoted key'", '"dq"', "x.y", "name", "k-1", "a", "name"];
const ODD_KEYS = ["yes", "1", "<<", "?", "- k", "[k]", "*k", "&k k"];
const BLOCK_LINES = ["line one", "", "  more indented", "last", "# not a comment", "x: y"];

const pick = (common: readonly string[], odd: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof({ weight: 40, arbitrary: fc.constantFrom(...common) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
const scalar = pick(SCALARS, ODD_SCALARS);
const flowScalar = pick(FLOW_SCALARS, ODD_FLOW);
const key = pick(KEYS, ODD_KEYS);

export type YamlNode =
  | { readonly kind: "scalar"; readonly text: string; readonly comment: boolean }
  | { readonly kind: "flowseq"; readonly items: readonly string[] }
  | { readonly kind: "flowmap"; readonly pairs: readonly (readonly [string, string])[] }
  | { readonly kind: "block"; readonly header: string; readonly lines: readonly string[] }
  | { readonly kind: "alias"; readonly pick: number }
  | { readonly kind: "seq"; readonly items: readonly YamlNode[]; readonly anchor: boolean; readonly compact: boolean }
  | { readonly kind: "map"; readonly pairs: readonly (readonly [string, YamlNode])[]; readonly anchor: boolean; readonly merge: number | undefined };

const leaf: fc.Arbitrary<YamlNode> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("scalar" as const), text: scalar, comment: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("flowseq" as const), items: fc.array(flowScalar, { maxLength: 4 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("flowmap" as const),
      pairs: fc.array(fc.tuple(fc.constantFrom("a", "b", "c d", "'e'", "a"), flowScalar), { maxLength: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("block" as const),
      header: fc.constantFrom("|", ">", "|-", ">-", "|+", ">+", "| # c", "|", "|2"),
      lines: fc.array(fc.constantFrom(...BLOCK_LINES), { minLength: 1, maxLength: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("alias" as const), pick: fc.nat(5) }) },
);

const tree = fc.letrec<{ node: YamlNode; map: YamlNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    tie("map"),
    fc.record({ kind: fc.constant("seq" as const), items: fc.array(tie("node"), { minLength: 1, maxLength: 3 }), anchor: fc.boolean(), compact: fc.boolean() }),
  ),
  map: fc.record({
    kind: fc.constant("map" as const),
    pairs: fc.array(fc.tuple(key, tie("node")), { minLength: 1, maxLength: 4 }),
    anchor: fc.boolean(),
    merge: fc.option(fc.nat(5), { nil: undefined }),
  }),
}));

class Renderer {
  readonly lines: string[] = [];
  readonly anchors: { name: string; isMap: boolean }[] = [];
  #named = 0;

  constructor(readonly step: number) {}

  /** The text after `key:` or `- ` for an inline node, or undefined when the node goes on the lines below. */
  inline(node: YamlNode): string | undefined {
    switch (node.kind) {
      case "scalar":
        return node.text + (node.comment ? " # note" : "");
      case "flowseq":
        return `[${node.items.join(", ")}]`;
      case "flowmap":
        return `{${node.pairs.map(([key, value]) => `${key}: ${value}`).join(", ")}}`;
      case "alias": {
        const anchor = this.anchors[node.pick % Math.max(this.anchors.length, 1)];
        return anchor === undefined ? "fallback" : `*${anchor.name}`;
      }
      default:
        return undefined;
    }
  }

  /** Renders `node` as the value of `head` (`pad + "key:"` or `pad + "-"`), its own lines indented to `indent`. */
  value(head: string, node: YamlNode, indent: number, indentless: boolean): void {
    const text = this.inline(node);
    if (text !== undefined) {
      this.lines.push(`${head} ${text}`);
      return;
    }
    if (node.kind === "block") {
      this.lines.push(`${head} ${node.header}`);
      for (const line of node.lines) this.lines.push(line === "" ? "" : " ".repeat(indent) + line);
      return;
    }
    const anchor = (node.kind === "map" || node.kind === "seq") && node.anchor ? `a${this.#named++}` : undefined;
    this.lines.push(anchor === undefined ? head : `${head} &${anchor}`);
    if (node.kind === "seq") this.seq(node.items, indentless ? indent - this.step : indent, node.compact);
    else if (node.kind === "map") this.map(node, indent);
    if (anchor !== undefined) this.anchors.push({ name: anchor, isMap: node.kind === "map" });
  }

  map(node: Extract<YamlNode, { kind: "map" }>, indent: number): void {
    const pad = " ".repeat(indent);
    const maps = this.anchors.filter((anchor) => anchor.isMap);
    const merged = node.merge === undefined ? undefined : maps[node.merge % Math.max(maps.length, 1)];
    if (merged !== undefined) this.lines.push(`${pad}<<: *${merged.name}`);
    node.pairs.forEach(([key, value], index) => {
      if (index === 1) this.lines.push(`${pad}# a comment`);
      this.value(`${pad}${key}:`, value, indent + this.step, value.kind === "seq" && index % 2 === 0);
    });
  }

  seq(items: readonly YamlNode[], indent: number, compact: boolean): void {
    const pad = " ".repeat(Math.max(indent, 0));
    for (const item of items) {
      if (compact && item.kind === "map" && !item.anchor && item.merge === undefined) {
        // `- key: value` with the other keys under the first.
        const start = this.lines.length;
        this.map(item, indent + 2);
        const first = this.lines[start];
        if (first !== undefined) this.lines[start] = `${pad}- ${first.slice(indent + 2)}`;
        continue;
      }
      this.value(`${pad}-`, item, indent + this.step, false);
    }
  }
}

/** A whole document: a mapping at the top, 2 or 4 spaces per level, maybe `---` first. */
export const nestedDocument: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.tuple(fc.oneof(key, fc.constantFrom("top", "other")), tree.node), { minLength: 1, maxLength: 5 }),
    fc.constantFrom(2, 4),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([pairs, step, marker, newline]) => {
    const renderer = new Renderer(step);
    if (marker) renderer.lines.push("---");
    renderer.map({ kind: "map", pairs, anchor: false, merge: undefined }, 0);
    return renderer.lines.join("\n") + (newline ? "\n" : "");
  });
