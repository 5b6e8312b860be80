/**
 * The fast YAML path must give exactly what the full loader gives — values, each key's line and
 * column, duplicate keys — or step aside: on simple vars files, and on generated documents with
 * nested block and flow collections, compact and indentless sequences, anchors, aliases, merges,
 * quoted and block scalars and comments.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pyJsonDumps } from "../../src/inventory/pyjson.js";
import { LineCursor } from "../../src/inventory/yaml/fast-cursor.js";
import { fastYaml } from "../../src/inventory/yaml/fast.js";
import { loadYaml, YamlLoadError } from "../../src/inventory/yaml/load.js";
import { keyPositions } from "../../src/inventory/yaml/positions.js";
import { nestedDocument } from "./helpers/yaml-documents.js";

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
  "http://x.example:80/p",
  '"dq"',
  "'sq'",
  "2001-12-14",
  "-",
  "- x",
  "x: y",
  "x #c",
  ".inf",
  "é",
  "<<",
  "=",
  "09",
  "  padded  ",
];
const KEYS = ["a", "b_c", "yes", "null", "x1", "A"];

const line = fc.oneof(
  fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...SCALARS)).map(([key, value]) => `${key}: ${value}`),
  fc
    .tuple(fc.constantFrom(...KEYS), fc.constantFrom("", "  "), fc.array(fc.constantFrom(...SCALARS), { maxLength: 3 }))
    .map(([key, indent, items]) => [`${key}:`, ...items.map((item) => `${indent}- ${item}`)].join("\n")),
  fc
    .tuple(fc.constantFrom(...KEYS), fc.constantFrom("  ", "    "), fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...SCALARS)), { maxLength: 3 }))
    .map(([key, indent, pairs]) => [`${key}:`, ...pairs.map(([sub, value]) => `${indent}${sub}: ${value}`)].join("\n")),
  fc
    .tuple(fc.constantFrom(...KEYS), fc.array(fc.constantFrom(...SCALARS, "a b", "80", "x y z"), { maxLength: 4 }), fc.constantFrom("", ",", " "))
    .map(([key, items, tail]) => `${key}: [${items.join(", ")}${tail}]`),
  fc.constantFrom("# comment", "", "   ", "---", "  # indented comment"),
);

describe("fast vars-file path", () => {
  it("equals the full loader whenever it answers", () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), fc.boolean(), (lines, newline) => {
        const text = lines.join("\n") + (newline ? "\n" : "");
        const fast = fastYaml(text);
        if (fast === undefined) return;
        let full: ReturnType<typeof loadYaml>;
        try {
          full = loadYaml(text);
        } catch (err: unknown) {
          if (err instanceof YamlLoadError) throw new Error(`fast path accepted what the loader rejects: ${JSON.stringify(text)}`);
          throw err;
        }
        expect(pyJsonDumps(fast.value), JSON.stringify(text)).toBe(pyJsonDumps(full.value));
        const fastLines = [...(keyPositions.get(fast.value as object)?.values() ?? [])].map((position) => position.line);
        const fullLines = [...(keyPositions.get(full.value as object)?.values() ?? [])].map((position) => position.line);
        expect(fastLines).toEqual(fullLines);
      }),
      { numRuns: 5000 },
    );
  });

  it("takes the common host_vars shape", () => {
    expect(fastYaml("host_id: 42\nrack: r12\ntags:\n  - a\n  - b\n")).toBeDefined();
    expect(fastYaml("ports: [80, 443]\nlimits:\n  cpu: 1\n  memory: 2Gi\nenabled: yes\n")).toBeDefined();
  });

  it("equals the full loader on nested documents (and reads a good share of them itself)", () => {
    let valid = 0;
    let fastCount = 0;
    fc.assert(
      fc.property(nestedDocument, (text) => {
        const fast = fastYaml(text);
        let full: ReturnType<typeof loadYaml> | undefined;
        try {
          full = loadYaml(text);
          valid++;
        } catch (err: unknown) {
          if (!(err instanceof YamlLoadError)) throw err;
          if (fast !== undefined) throw new Error(`fast path accepted what the loader rejects (${err.message}):\n${text}`);
        }
        if (fast === undefined || full === undefined) return;
        fastCount++;
        expect(pyJsonDumps(fast.value), text).toBe(pyJsonDumps(full.value));
        expect(positionsOf(fast.value), text).toEqual(positionsOf(full.value));
        expect(fast.duplicates, text).toEqual(full.duplicates);
      }),
      { numRuns: 2000 },
    );
    expect(valid).toBeGreaterThan(500);
    expect(fastCount / valid).toBeGreaterThan(0.3);
  }, 180_000);

  it("reads the bench's realistic vars files and steps aside for what it does not handle", () => {
    expect(fastYaml("a: |\n  x\n\n  y\nb: >-\n  folded\n  text\n")?.value).toEqual(
      new Map<string, string>([
        ["a", "x\n\ny\n"],
        ["b", "folded text"],
      ]),
    );
    expect(fastYaml("d: &d {x: 1}\ne:\n  <<: *d\n  y: [a, 'b c', \"d\\te\"]\n")).toBeDefined();
    for (const text of [
      "a: b\n  continued\n",
      "a: [1,\n  2]\n",
      "? complex\n: key\n",
      "1: int key\n",
      "a: !!set {}\n",
      "a:\tb\n",
      "a: b\r\n",
      "a: 1\n---\nb: 2\n",
    ]) {
      expect(fastYaml(text), JSON.stringify(text)).toBeUndefined();
    }
  });
});

describe("LineCursor.stopAt", () => {
  it("finds where the first mapping indicator, comment or line end starts, as a match of the pattern would", () => {
    const reference = (text: string, from: number): number => {
      const stop = /:(?: |\n|$)| #|\n/g;
      stop.lastIndex = from;
      return stop.exec(text)?.index ?? text.length;
    };
    fc.assert(
      fc.property(fc.array(fc.constantFrom(":", " ", "#", "\n", "a", "-"), { maxLength: 24 }), fc.nat(), (pieces, start) => {
        const text = pieces.join("");
        const from = text.length === 0 ? 0 : start % (text.length + 1);
        expect(new LineCursor(text).stopAt(from), JSON.stringify([text, from])).toBe(reference(text, from));
      }),
      { numRuns: 5000 },
    );
  });
});

/** Every key's line and column, depth first. */
function positionsOf(value: unknown, out: string[] = []): string[] {
  if (value instanceof Map) {
    const where = keyPositions.get(value);
    for (const [key, item] of value as Map<unknown, unknown>) {
      const position = where?.get(key as string);
      out.push(`${String(key)}@${position?.line ?? "?"}:${position?.col ?? "?"}`);
      positionsOf(item, out);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) positionsOf(item, out);
  }
  return out;
}
