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

/** The executable's entry point. */
const MAIN = "src/cli/main.ts";

/** What every bundle of the CLI's sources shares (the real build and the probe of its start-up code). */
const BUNDLE = {
  absWorkingDir: root,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["better-sqlite3"],
  define: { __RUNWARDEN_VERSION__: JSON.stringify(pkg.version) },
};

/**
 * The modules the executable loads at start-up, in one chunk instead of many.
 *
 * esbuild puts each module in a chunk by the set of entry points that reach it, and every lazily
 * imported command module is an entry point: the small modules the start-up code shares with
 * different subsets of the commands (errors, style, version, …) became 13 chunks of 0.2–3 KB, each
 * one more module for Node to resolve, read, compile and link at every start (~1.3 ms each on the
 * 2-core machines). This plugin makes each lazily imported module also import the start-up code's
 * whole static closure (found by a first build that stops at dynamic imports), so all of it is
 * reached by the same entry points and lands in one chunk. Nothing is evaluated twice: by the time a
 * command module loads, start-up has evaluated that chunk.
 */
async function startupInOneChunk(entry, plugins) {
  const probe = await build({
    ...BUNDLE,
    entryPoints: [entry],
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [
      ...plugins,
      {
        name: "stop-at-dynamic-imports",
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => (args.kind === "dynamic-import" ? { path: args.path, external: true } : undefined));
        },
      },
    ],
  });
  const entryPath = `${root}/${entry}`;
  const closure = Object.keys(probe.metafile.inputs)
    .filter((input) => !input.includes(":"))
    .map((input) => `${root}/${input}`)
    .filter((path) => path !== entryPath);
  return {
    name: "startup-in-one-chunk",
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== "dynamic-import" || args.pluginData === "startup-in-one-chunk") return undefined;
        const resolved = await b.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: "startup-in-one-chunk",
        });
        if (resolved.errors.length > 0 || resolved.external || resolved.namespace !== "file") return resolved;
        return { path: resolved.path, namespace: "lazy-module" };
      });
      b.onResolve({ filter: /^startup-closure$/ }, () => ({ path: "startup-closure", namespace: "startup-closure" }));
      b.onLoad({ filter: /.*/, namespace: "startup-closure" }, () => ({
        resolveDir: root,
        loader: "js",
        contents: closure.map((path) => `import ${JSON.stringify(path)};`).join("\n"),
      }));
      b.onLoad({ filter: /.*/, namespace: "lazy-module" }, (args) => ({
        resolveDir: root,
        loader: "js",
        contents: `import "startup-closure";\nexport * from ${JSON.stringify(args.path)};\n`,
      }));
    },
  };
}

/** esbuild options of the CLI bundle, written to `outdir` (benches build the same bundle elsewhere). */
export async function cliBuildOptions({ outdir = "dist", quiet = false } = {}) {
  const plugins = [zodEnglishOnly, yamlOnDemand];
  return {
    ...BUNDLE,
    // lint-worker: the worker thread runwarden lint starts to use every core (src/lint/parallel.ts).
    entryPoints: { runwarden: MAIN, "lint-worker": "src/lint/worker.ts" },
    outdir,
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    legalComments: "none",
    metafile: true,
    plugins: [...plugins, await startupInOneChunk(MAIN, plugins)],
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
  const result = await build(await cliBuildOptions({ outdir: fresh, quiet }));
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
