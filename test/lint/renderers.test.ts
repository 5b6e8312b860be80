/**
 * Every renderer against its golden file (test/fixtures/lint/renderers/<case>/expected.*): text,
 * JSON, SARIF and GitHub annotations, from one lint run of the case's inputs.
 */
import { join } from "node:path";
import { describe, it } from "vitest";
import { lineReader, lintPaths, renderAnnotations, renderJson, renderText, sarifInput } from "../../src/lint/index.js";
import { renderSarif } from "../../src/output/sarif.js";
import { fixtures, folders, golden } from "./golden.js";

const dir = join(fixtures, "renderers");

describe("renderers", () => {
  for (const kase of folders(dir)) {
    it(kase, async () => {
      const cwd = join(dir, kase);
      const result = await lintPaths(["."], { cwd, threshold: "notice" });
      golden(join(cwd, "expected.txt"), renderText(result.findings));
      golden(join(cwd, "expected.json"), renderJson(result));
      golden(join(cwd, "expected.sarif"), renderSarif(sarifInput(result, { version: "0.0.0-test", lineOf: lineReader(cwd, 1 << 20) })));
      golden(join(cwd, "expected.annotations"), renderAnnotations(result.findings));
    });
  }
});
