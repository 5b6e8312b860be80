/**
 * The rule registry is complete: every file in src/lint/rules/ is registered, every rule is
 * documented (title, one-paragraph description, a bad and a good example) and has a failing and a
 * passing fixture; the documented examples themselves behave as documented; docs/lint.md is the
 * one generated from the metadata.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lintPaths, renderLintDocs, RULES } from "../../src/lint/index.js";
import { repoRoot } from "../helpers/cli.js";
import { fixtures } from "./golden.js";

const rulesSrc = join(repoRoot, "src", "lint", "rules");
const work = mkdtempSync(join(tmpdir(), "rw-lint-docs-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("lint rule registry", () => {
  it("lists every rule file once, with unique ids matching the file names", () => {
    const files = readdirSync(rulesSrc)
      .filter((name) => name.endsWith(".ts") && name !== "index.ts")
      .map((name) => name.replace(/\.ts$/, ""))
      .sort();
    expect(RULES.map((rule) => rule.id).sort()).toEqual(files);
    expect(new Set(RULES.map((rule) => rule.id)).size).toBe(RULES.length);
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))("%s is documented", (_id, rule) => {
    expect(rule.title.length).toBeGreaterThan(10);
    expect(rule.docs.description.length).toBeGreaterThan(150);
    expect(rule.docs.description).not.toContain("\n\n");
    expect(rule.docs.bad.trim()).not.toBe("");
    expect(rule.docs.good.trim()).not.toBe(rule.docs.bad.trim());
    if (rule.securitySeverity !== undefined) expect(rule.securitySeverity).toBeGreaterThanOrEqual(0.1);
    if (rule.securitySeverity !== undefined) expect(rule.securitySeverity).toBeLessThanOrEqual(10);
  });

  it.each(RULES.map((rule) => [rule.id] as const))("%s has a failing and a passing fixture", (id) => {
    const dir = join(fixtures, "rules", id);
    const cases = existsSync(dir) ? readdirSync(dir) : [];
    expect(cases.some((name) => name.startsWith("bad"))).toBe(true);
    expect(cases).toContain("good");
  });

  /** A documented example as a file the rule reads: workflow snippets get the lines around them that GitHub requires. */
  function asFile(id: string, example: string): { name: string; text: string } {
    if (id === "inventory-loopback") return { name: "hosts", text: `${example}\n` };
    if (id === "config-invalid") return { name: "runwarden.yml", text: `${example}\n` };
    const body = /^(?:on:|jobs:)/m.test(example) ? example : `jobs:\n  job:\n    runs-on: ubuntu-latest\n    ${example.replace(/\n/g, "\n    ")}`;
    const on = /^on:/m.test(body) ? "" : "on: push\n";
    const permissions = id === "permissions" || /^permissions:/m.test(body) ? "" : "permissions:\n  contents: read\n";
    return { name: "workflow.yml", text: `${on}${permissions}${body}\n` };
  }

  it.each(RULES.filter((rule) => !["suppression-invalid"].includes(rule.id)).map((rule) => [rule.id, rule] as const))(
    "%s: the documented bad example is reported and the good one is not",
    async (id, rule) => {
      for (const [kind, example] of [["bad", rule.docs.bad] as const, ["good", rule.docs.good] as const]) {
        const dir = join(work, id, kind);
        rmSync(dir, { recursive: true, force: true });
        const file = asFile(id, example);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, file.name), file.text);
        if (id === "inventory-loopback") {
          writeFileSync(
            join(dir, "runwarden.yml"),
            "inventory: hosts\nenvironments:\n  production:\n    hosts: production\n    runner_groups:\n      - name: primary\n        labels: [self-hosted]\n",
          );
        }
        if (id === "config-invalid") writeFileSync(join(dir, "hosts"), "[production]\nweb1.example.com\n");
        const result = await lintPaths(["."], { cwd: dir, threshold: "notice" });
        const own = result.findings.filter((finding) => finding.ruleId === id);
        expect(own.length > 0, `${id} ${kind}: ${JSON.stringify(result.findings.map((f) => `${f.ruleId}: ${f.message}`))}`).toBe(kind === "bad");
      }
    },
  );

  it("docs/lint.md is generated from the rules (npm run gen rewrites it)", () => {
    expect(readFileSync(join(repoRoot, "docs", "lint.md"), "utf8")).toBe(renderLintDocs());
  });
});
