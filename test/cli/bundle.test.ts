/**
 * The built executable's shape (scripts/build.mjs, ADR 0018): the start-up code is one chunk (plus
 * the one it shares with lint's worker thread), so a command starts by loading three files of the
 * bundle, not one per small shared module (14 before).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { binPath, repoRoot, runBinary } from "../helpers/cli.js";

/** The bundle files a module imports statically (`from "./chunks/…"` or `from "./chunk-…"`). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*"(\.\/[^"]+)"/gms)].map((match) => join(dirname(file), match[1] as string));
}

describe("the CLI bundle", () => {
  it("starts from one chunk that holds the whole start-up code", () => {
    expect(staticImports(binPath)).toHaveLength(1);
    // Everything loaded before a command module: the executable and what it imports, transitively.
    const loaded = new Set<string>([binPath]);
    for (const file of loaded) for (const next of staticImports(file)) loaded.add(next);
    expect(loaded.size).toBeLessThanOrEqual(3);
  });

  it("runs from it: --version prints, and a lazily loaded command answers --help", async () => {
    const version = await runBinary(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await runBinary(["inventory", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--list");
  });

  it("has no module with a default export (a lazily imported module passes only its named exports on)", () => {
    const sources = readdirSync(join(repoRoot, "src"), { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"));
    expect(sources.length).toBeGreaterThan(100);
    const withDefault = sources.filter((file) => /^export default\b/m.test(readFileSync(join(repoRoot, "src", file), "utf8")));
    expect(withDefault).toEqual([]);
  });
});
