/**
 * What the benches that run the shipped command share: the CLI bundled exactly as
 * scripts/build.mjs bundles dist/ (into a folder of its own, dist/ left alone), and a preload that
 * reports the process's CPU time and peak memory when it exits.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { cliBuildOptions } from "../scripts/build.mjs";

const root = join(import.meta.dirname, "..");

/**
 * Preloaded into a runwarden process: its CPU time and peak memory, as JSON on fd 3 at exit.
 * Preloads run in worker threads too (lint's workers): only the main thread reports.
 */
const REPORT_AT_EXIT = `
const { writeSync } = require("node:fs");
if (require("node:worker_threads").isMainThread) process.on("exit", () => {
  const usage = process.resourceUsage();
  try { writeSync(3, JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKb: usage.maxRSS })); } catch {}
});
`;

/** What the preload reported. */
export interface ExitReport {
  readonly cpuMs: number;
  readonly maxRssKb: number;
}

export interface BuiltCli {
  /** The bundled `runwarden.js`. */
  readonly entry: string;
  /** Node's arguments that preload the exit report (for any process a bench compares, `node -e 0` too). */
  readonly preload: readonly string[];
  /** Removes the bundle and the preload. */
  remove(): void;
}

/**
 * Bundles the CLI under node_modules/.cache (so that its bare imports — the `yaml` package a vars
 * file may need, better-sqlite3 — resolve from the repository's node_modules) and writes the preload.
 */
export async function buildCli(name: string): Promise<BuiltCli> {
  mkdirSync(join(root, "node_modules", ".cache"), { recursive: true });
  const dir = mkdtempSync(join(root, "node_modules", ".cache", `rw-bench-${name}-cli-`));
  try {
    await build(await cliBuildOptions({ outdir: dir, quiet: true }));
    const preload = join(dir, "report-at-exit.cjs");
    writeFileSync(preload, REPORT_AT_EXIT);
    const entry = join(dir, "runwarden.js");
    return { entry, preload: ["--require", preload], remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err: unknown) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** The preload's report, from what the process wrote on fd 3. */
export function exitReport(text: string): ExitReport {
  return JSON.parse(text) as ExitReport;
}
