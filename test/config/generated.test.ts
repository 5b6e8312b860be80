/** The committed generated files match what the schema generates now. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatedFiles } from "../../src/config/generated.js";
import { REPO } from "./helpers.js";

describe("generated files", () => {
  it.each(Object.entries(generatedFiles()))("%s is up to date", (path, content) => {
    const committed = readFileSync(join(REPO, path), "utf8");
    expect(committed === content, `${path} is out of date: run \`npm run gen\` and commit the result`).toBe(true);
  });
});
