// Bundles the CLI into dist/ with esbuild: one entry (dist/runwarden.js) plus lazily loaded chunks,
// so `runwarden --help` does not pay for what other commands import.
import { build } from "esbuild";
import { chmodSync, existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { zodEnglishOnly } from "./zod-english-only.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, "utf8"));

/**
 * The inventory's full YAML loader gets the `yaml` package with `require` the first time a file
 * needs it (src/inventory/yaml/package.ts): most runs never do, and compiling its 262 KB cost
 * ~11 ms at the start of every command that reads an inventory. Resolved from node_modules at run
 * time, like better-sqlite3 (the package is a dependency), so a bundle written elsewhere must sit
 * under the repository's node_modules/ (the benches and the hostile-input harness build there).
 */
const yamlOnDemand = {
  name: "yaml-on-demand",
  setup(b) {
    b.onResolve({ filter: /^\.\/package\.js$/ }, (args) =>
      args.importer.endsWith("src/inventory/yaml/load.ts") ? { path: "yaml-on-demand", namespace: "yaml-on-demand" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "yaml-on-demand" }, () => ({
      resolveDir: `${root}/src/inventory/yaml`,
      loader: "ts",
      contents: [
        'import { createRequire } from "node:module";',
        'import type { YamlPackage } from "./package.js";',
        "let loaded: YamlPackage | undefined;",
        'export function yamlPackage(): YamlPackage { return (loaded ??= createRequire(import.meta.url)("yaml") as YamlPackage); }',
        "export type { YamlPackage };",
      ].join("\n"),
    }));
  },
};

/** esbuild options of the CLI bundle, written to `outdir` (benches build the same bundle elsewhere). */
export function cliBuildOptions({ outdir = "dist", quiet = false } = {}) {
  return {
    absWorkingDir: root,
    // lint-worker: the worker thread runwarden lint starts to use every core (src/lint/parallel.ts).
    entryPoints: { runwarden: "src/cli/main.ts", "lint-worker": "src/lint/worker.ts" },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    chunkNames: "chunks/[name]-[hash]",
    external: ["better-sqlite3"],
    define: { __RUNWARDEN_VERSION__: JSON.stringify(pkg.version) },
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    legalComments: "none",
    metafile: true,
    plugins: [zodEnglishOnly, yamlOnDemand],
    logLevel: quiet ? "error" : "warning",
  };
}

/**
 * Builds into a fresh folder and swaps it in, so a build never leaves dist/ half-written for a test or
 * a bench that runs the executable meanwhile (several builds may run at once on one checkout).
 */
export async function buildCli({ quiet = false } = {}) {
  const fresh = `${root}/dist.${process.pid}.tmp`;
  const old = `${root}/dist.${process.pid}.old`;
  rmSync(fresh, { recursive: true, force: true });
  const result = await build(cliBuildOptions({ outdir: fresh, quiet }));
  chmodSync(`${fresh}/runwarden.js`, 0o755);
  if (existsSync(`${root}/dist`)) renameSync(`${root}/dist`, old);
  renameSync(fresh, `${root}/dist`);
  rmSync(old, { recursive: true, force: true });
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await buildCli();
  const outputs = Object.entries(result.metafile.outputs);
  const total = outputs.reduce((sum, [, out]) => sum + out.bytes, 0);
  console.log(`built dist/runwarden.js + ${outputs.length - 1} chunks (${(total / 1024).toFixed(0)} KiB)`);
}
