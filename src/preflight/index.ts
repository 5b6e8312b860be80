/** Preflight: prove the runner and the targets are ready (docs/checks.md). */
export { runPreflight, DEFAULT_PREFLIGHT_DEADLINE_MS, type PreflightOptions, type PreflightReport } from "./run.js";
export { toTableRows, type TableRow } from "./table.js";
