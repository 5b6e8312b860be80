/** The registry is complete: every kind of the config schema, every kind module, every kind documented with a valid example. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CHECK_KINDS } from "../../src/checks/registry.js";
import { preflightCheckSchema } from "../../src/config/schema/checks.js";
import { parse } from "yaml";

const root = join(import.meta.dirname, "..", "..");

function schemaKinds(): string[] {
  const union = preflightCheckSchema as unknown;
  if (!(union instanceof z.ZodUnion)) throw new Error("preflightCheckSchema is no longer a union");
  return union.options.flatMap((option: unknown) => {
    const input = (option as { in?: unknown }).in;
    return input instanceof z.ZodObject ? Object.keys(input.shape) : [];
  });
}

function docSections(): Map<string, string> {
  const text = readFileSync(join(root, "docs", "checks.md"), "utf8");
  const sections = new Map<string, string>();
  for (const part of text.split(/^## /m).slice(1)) {
    const heading = /^`([a-z_]+)`/.exec(part);
    if (heading?.[1] !== undefined) sections.set(heading[1], part);
  }
  return sections;
}

describe("check registry", () => {
  it("covers exactly the kinds of the config schema", () => {
    expect(Object.keys(CHECK_KINDS).sort()).toEqual(schemaKinds().sort());
    for (const [key, definition] of Object.entries(CHECK_KINDS)) expect(definition.kind).toBe(key);
  });

  it("registers every kind module in src/checks", async () => {
    const registered = new Set<unknown>(Object.values(CHECK_KINDS));
    const dir = join(root, "src", "checks");
    const unregistered: string[] = [];
    for (const file of readdirSync(dir).filter((name) => name.endsWith(".ts"))) {
      const module = (await import(join(dir, file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        const looksLikeKind = typeof value === "object" && value !== null && "kind" in value && "probe" in value && "perHost" in value;
        if (looksLikeKind && !registered.has(value)) unregistered.push(`${file}: ${name}`);
      }
    }
    expect(unregistered).toEqual([]);
  });

  it("documents every kind in docs/checks.md with an example that validates", () => {
    const sections = docSections();
    for (const kind of Object.keys(CHECK_KINDS)) {
      const section = sections.get(kind);
      expect(section, `docs/checks.md has no "## \`${kind}\`" section`).toBeDefined();
      const examples = [...(section ?? "").matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
      expect(examples.length, `no yaml example for ${kind}`).toBeGreaterThan(0);
      for (const example of examples) {
        const items = parse(example) as unknown[];
        expect(Array.isArray(items)).toBe(true);
        for (const item of items) {
          const parsed = preflightCheckSchema.safeParse(item);
          expect(parsed.success, `${kind} example: ${JSON.stringify(item)} ${parsed.error?.message ?? ""}`).toBe(true);
          expect(parsed.data?.kind).toBe(kind);
        }
      }
      expect(section).toMatch(/\| *`?pass`? *\|/);
    }
  });
});
