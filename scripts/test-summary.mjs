// Prints the closing line of a test run from vitest's JSON report: 'tests: N passed, N failed, N skipped'.
// Exits 1 when the report is missing or counts no test at all (a run that tested nothing is not a pass).
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? ".test-results/vitest.json";
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch (err) {
  console.error(`test summary: cannot read ${file}: ${err.message}`);
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (passed + failed === 0) {
  console.error("test summary: no test ran");
  process.exit(1);
}
process.exit(failed > 0 || report.success === false ? 1 : 0);
