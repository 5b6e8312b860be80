/** What `runwarden lint` says besides the findings: a one-line summary and the Actions step summary. */
import type { LintResult } from "../../../lint/index.js";
import { markdownTable } from "../../../output/github.js";

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export function summaryLine(result: LintResult): string {
  const by = (severity: string) => result.findings.filter((f) => f.severity === severity).length;
  const parts = [`${plural(result.findings.length, "finding")} in ${plural(result.files.length, "file")}`];
  const severities = [
    ["error", by("error")],
    ["warning", by("warning")],
    ["notice", by("notice")],
  ]
    .filter(([, n]) => Number(n) > 0)
    .map(([s, n]) => plural(Number(n), String(s)));
  if (severities.length > 0) parts.push(`(${severities.join(", ")})`);
  if (result.suppressed > 0) parts.push(`· ${result.suppressed} suppressed`);
  if (result.belowThreshold > 0) parts.push(`· ${result.belowThreshold} below --severity ${result.threshold}`);
  return `runwarden lint: ${parts.join(" ")}\n`;
}

export function stepSummary(result: LintResult): string {
  const head = `### runwarden lint: ${plural(result.findings.length, "finding")} in ${plural(result.files.length, "file")}\n\n`;
  if (result.findings.length === 0) return `${head}No findings at or above ${result.threshold}.\n`;
  const rows = result.findings.slice(0, 200).map((f) => [`\`${f.file}:${f.line}:${f.col}\``, f.severity, `\`${f.ruleId}\``, f.message]);
  const more = result.findings.length > 200 ? `\n…and ${result.findings.length - 200} more (see the annotations or the SARIF file).\n` : "";
  return `${head}${markdownTable(["where", "severity", "rule", "finding"], rows)}${more}`;
}
