/**
 * The linter against its golden files (actionlint's manner): every rule has a failing case (`bad*`)
 * and a passing one (`good`) under test/fixtures/lint/rules/<rule-id>/, each with the expected text
 * output beside the inputs; hostile inputs live under test/fixtures/lint/hostile/.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lintExitCode, lintPaths, renderText } from "../../src/lint/index.js";
import { fixtures, folders, golden } from "./golden.js";

const rulesDir = join(fixtures, "rules");

describe("each rule's failing and passing fixtures", () => {
  for (const rule of folders(rulesDir)) {
    for (const kase of folders(join(rulesDir, rule))) {
      it(`${rule}/${kase}`, async () => {
        const dir = join(rulesDir, rule, kase);
        const result = await lintPaths(["."], { cwd: dir, threshold: "notice" });
        golden(join(dir, "expected.txt"), renderText(result.findings));
        const own = result.findings.filter((finding) => finding.ruleId === rule);
        if (kase.startsWith("bad")) {
          expect(own.length).toBeGreaterThan(0);
          expect(lintExitCode(result)).toBe(rule === "parse-error" ? 2 : 1);
        } else {
          expect(result.findings).toEqual([]);
          expect(lintExitCode(result)).toBe(0);
        }
      });
    }
  }
});

describe("hostile inputs", () => {
  const hostileDir = join(fixtures, "hostile");
  for (const kase of folders(hostileDir)) {
    it(kase, async () => {
      const dir = join(hostileDir, kase);
      const result = await lintPaths(["."], { cwd: dir, threshold: "notice" });
      golden(join(dir, "expected.txt"), renderText(result.findings));
    });
  }
});
