/** Golden files: each case folder holds inputs and `expected.<format>` beside them (UPDATE_GOLDEN=1 rewrites them). */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { repoRoot } from "../helpers/cli.js";

export const fixtures = join(repoRoot, "test", "fixtures", "lint");

/** Sub-folders of `dir` (one level), sorted. */
export function folders(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort();
}

export function golden(path: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(path)) {
    writeFileSync(path, actual);
    if (process.env.UPDATE_GOLDEN !== "1") throw new Error(`${path} did not exist: written, check it and run again`);
  }
  expect(actual).toBe(readFileSync(path, "utf8"));
}
