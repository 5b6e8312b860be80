/**
 * The fast path for simple vars files (`key: scalar`, `key:` + `- item` lines) must give exactly
 * what the full YAML loader gives, or step aside.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pyJsonDumps } from "../../src/inventory/pyjson.js";
import { fastYaml } from "../../src/inventory/yaml/fast.js";
import { loadYaml, YamlLoadError } from "../../src/inventory/yaml/load.js";
import { keyPositions } from "../../src/inventory/yaml/positions.js";

const SCALARS = ["1", "-3", "017", "0x1F", "1:30", "1.5", "1e5", "yes", "off", "~", "null", "", "plain text", "a:b", "a#b", "http://x.example:80/p", '"dq"', "'sq'", "2001-12-14", "-", "- x", "x: y", "x #c", ".inf", "é", "<<", "=", "09", "  padded  "];
const KEYS = ["a", "b_c", "yes", "null", "x1", "A"];

const line = fc.oneof(
  fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...SCALARS)).map(([key, value]) => `${key}: ${value}`),
  fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom("", "  "), fc.array(fc.constantFrom(...SCALARS), { maxLength: 3 })).map(
    ([key, indent, items]) => [`${key}:`, ...items.map((item) => `${indent}- ${item}`)].join("\n"),
  ),
  fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom("  ", "    "), fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...SCALARS)), { maxLength: 3 })).map(
    ([key, indent, pairs]) => [`${key}:`, ...pairs.map(([sub, value]) => `${indent}${sub}: ${value}`)].join("\n"),
  ),
  fc.tuple(fc.constantFrom(...KEYS), fc.array(fc.constantFrom(...SCALARS, "a b", "80", "x y z"), { maxLength: 4 }), fc.constantFrom("", ",", " ")).map(
    ([key, items, tail]) => `${key}: [${items.join(", ")}${tail}]`,
  ),
  fc.constantFrom("# comment", "", "   ", "---", "  # indented comment"),
);

describe("fast vars-file path", () => {
  it("equals the full loader whenever it answers", () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), fc.boolean(), (lines, newline) => {
        const text = lines.join("\n") + (newline ? "\n" : "");
        const fast = fastYaml(text);
        if (fast === undefined) return;
        let full;
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
});
