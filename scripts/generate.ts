/**
 * Writes the files generated from the config schema: runwarden.schema.json (for editors) and
 * docs/config-reference.md. Run with `npm run gen` (`npx tsx scripts/generate.ts`);
 * test/config/generated.test.ts fails when they are out of date.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generatedFiles } from "../src/config/generated.js";
import { errorCodesDoc } from "../src/output/error-codes-doc.js";
import { renderLintDocs } from "../src/lint/docs.js";
import { dashboardFiles } from "../dashboards/build.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
for (const [path, content] of Object.entries({
  ...generatedFiles(),
  "docs/lint.md": renderLintDocs(),
  "docs/errors.md": errorCodesDoc(),
  ...dashboardFiles(),
})) {
  writeFileSync(join(root, path), content);
  process.stdout.write(`wrote ${path}\n`);
}
