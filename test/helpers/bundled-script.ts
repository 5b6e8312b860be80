/**
 * A test's helper script (a worker run as its own process) bundled once with esbuild, so that each
 * of the many processes a test starts runs plain JavaScript instead of compiling TypeScript under tsx
 * (~0.1–0.5 s of start-up instead of ~0.7–1 s each). Written under node_modules/.cache, so that the
 * packages it imports (better-sqlite3, pg …) resolve from the repository's node_modules.
 */
import { mkdirSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { build } from "esbuild";
import { repoRoot } from "./cli.js";

export interface BundledScript {
  /** The bundle, to run with `node PATH …`. */
  readonly path: string;
  remove(): void;
}

/** Bundles `entry` (a path under the repository) into a file of its own for this test process. */
export async function bundleScript(entry: string): Promise<BundledScript> {
  const dir = join(repoRoot, "node_modules", ".cache", "runwarden-tests");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${basename(entry, ".ts")}-${process.pid}.mjs`);
  await build({
    entryPoints: [entry],
    outfile: path,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "silent",
  });
  return { path, remove: () => rmSync(path, { force: true }) };
}
