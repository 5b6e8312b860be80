/** docs/metrics.md lists every metric of the catalogue, exactly as the catalogue says. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../../src/metrics/catalogue.js";
import { metricsTable, TABLE_BEGIN, TABLE_END } from "../../src/metrics/docs-table.js";
import { repoRoot } from "../helpers/cli.js";

describe("docs/metrics.md", () => {
  const page = readFileSync(join(repoRoot, "docs", "metrics.md"), "utf8");

  it("holds the table rendered from the catalogue", () => {
    const table = page.slice(page.indexOf(TABLE_BEGIN), page.indexOf(TABLE_END) + TABLE_END.length);
    expect(table).toBe(metricsTable());
  });

  it("names every metric with its buckets", () => {
    for (const spec of CATALOGUE) {
      expect(page).toContain(`\`${spec.name}\``);
      if ("buckets" in spec) expect(page).toContain(spec.buckets.join(", "));
    }
    expect(new Set(CATALOGUE.map((spec) => spec.name)).size).toBe(CATALOGUE.length);
  });
});
