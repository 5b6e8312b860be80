/** One gate measurement over several checks (one per host): fail if any host fails, naming it. */
import type { CheckResult } from "../model/check.js";
import type { MeasurementOutcome } from "./types.js";

const SHOWN = 3;

function named(result: CheckResult): string {
  return `${result.host ?? result.id}: ${result.summary}`;
}

export function combineHostResults(results: readonly CheckResult[]): MeasurementOutcome {
  // Nothing measured is never a pass.
  if (results.length === 0) return { status: "error", summary: "no host to measure" };
  const [only] = results;
  if (results.length === 1 && only !== undefined) {
    const status = only.status === "warn" ? "pass" : only.status;
    return { status, summary: only.host === undefined ? only.summary : named(only), evidence: only.evidence };
  }
  const failed = results.filter((r) => r.status === "fail");
  const errored = results.filter((r) => r.status === "error");
  const evidence = results
    .filter((r) => r.status === "fail" || r.status === "error")
    .flatMap((r) => [`${r.status}: ${named(r)}`, ...r.evidence.map((line) => `  ${r.host ?? r.id}: ${line}`)]);
  const list = (items: readonly CheckResult[]) =>
    `${items.slice(0, SHOWN).map(named).join("; ")}${items.length > SHOWN ? `; +${items.length - SHOWN} more` : ""}`;
  if (failed.length > 0) return { status: "fail", summary: `${failed.length} of ${results.length} host(s) failing: ${list(failed)}`, evidence };
  if (errored.length > 0)
    return { status: "error", summary: `${errored.length} of ${results.length} host(s) could not be measured: ${list(errored)}`, evidence };
  return { status: "pass", summary: `all ${results.length} host(s) pass` };
}
