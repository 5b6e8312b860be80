/** Preflight results rendered: a table worst first, `--json`, and inside Actions outputs, annotations and a step summary. */
import { formatMs } from "../../../checks/format.js";
import { verdictExit, type CheckResult, type CheckStatus, type Verdict } from "../../../model/check.js";
import { markdownTable, type Annotation } from "../../../output/github.js";
import type { Report } from "../../../output/report.js";
import { table, type Style } from "../../../output/style.js";

export interface PreflightData {
  readonly environment: string;
  readonly verdict: Verdict;
  readonly counts: Readonly<Record<CheckStatus, number>>;
  readonly duration_ms: number;
  readonly deadline_ms: number;
  readonly results: readonly CheckResult[];
}

const ORDER: Readonly<Record<CheckStatus, number>> = { fail: 0, error: 1, warn: 2, pass: 3 };
const MARK: Readonly<Record<CheckStatus, string>> = { pass: "✓", warn: "!", fail: "✗", error: "?" };
const EMOJI: Readonly<Record<CheckStatus, string>> = { pass: "✅", warn: "⚠️", fail: "❌", error: "❓" };

function worstFirst(results: readonly CheckResult[]): CheckResult[] {
  return results
    .map((result, index) => ({ result, index }))
    .sort((a, b) => ORDER[a.result.status] - ORDER[b.result.status] || a.index - b.index)
    .map(({ result }) => result);
}

function countsText(counts: Readonly<Record<CheckStatus, number>>): string {
  return (
    (["pass", "warn", "fail", "error"] as const)
      .filter((status) => counts[status] > 0)
      .map((status) => `${counts[status]} ${status}`)
      .join(", ") || "no checks"
  );
}

function headline(data: PreflightData): string {
  const what = data.verdict === "pass" ? "ready" : data.verdict === "fail" ? "NOT ready" : "could not tell";
  return `preflight ${data.environment}: ${what} — ${data.results.length} check(s): ${countsText(data.counts)} in ${formatMs(data.duration_ms)} (deadline ${formatMs(data.deadline_ms)})`;
}

function paint(status: CheckStatus, style: Style): (text: string) => string {
  return status === "pass" ? style.green : status === "warn" ? style.yellow : style.red;
}

function text(data: PreflightData, style: Style): string {
  const mark = data.verdict === "pass" ? style.green("✓") : data.verdict === "fail" ? style.red("✗") : style.yellow("?");
  const rows = worstFirst(data.results).map((r) => [
    paint(r.status, style)(`${MARK[r.status]} ${r.status}`),
    r.id,
    r.summary,
    style.dim(formatMs(r.durationMs)),
  ]);
  const lines = [`${mark} ${style.bold(headline(data))}`];
  if (rows.length > 0) lines.push("", table([["status", "check", "summary", "time"].map(style.dim), ...rows]));
  const details = worstFirst(data.results).filter((r) => r.status !== "pass" && r.evidence.length > 0);
  if (details.length > 0) {
    lines.push("", style.dim("evidence:"));
    for (const result of details) {
      lines.push(`  ${result.id}`);
      for (const line of result.evidence.slice(0, 5)) lines.push(`    ${style.dim(line)}`);
      if (result.evidence.length > 5) lines.push(`    ${style.dim(`(+${result.evidence.length - 5} more; --json has all)`)}`);
    }
  }
  if (data.verdict === "error")
    lines.push("", style.yellow("Some checks could not tell (timeouts, providers down): nothing failed, but readiness is not proven."));
  return lines.join("\n");
}

function summary(data: PreflightData): string {
  const icon = data.verdict === "pass" ? "✅" : data.verdict === "fail" ? "❌" : "❓";
  const rows = worstFirst(data.results).map((r) => [`${EMOJI[r.status]} ${r.status}`, r.id, r.summary, formatMs(r.durationMs)]);
  return [`### runwarden ${headline(data)} ${icon}`, "", rows.length === 0 ? "No checks." : markdownTable(["status", "check", "summary", "time"], rows)].join(
    "\n",
  );
}

export function preflightReport(data: PreflightData): Report<PreflightData> {
  const annotations: Annotation[] = data.results
    .filter((r) => r.status !== "pass")
    .map((r) => ({
      level: r.status === "warn" ? "warning" : "error",
      title: `preflight ${r.status}: ${r.id}`,
      message: r.status === "error" ? `could not tell: ${r.summary}` : r.summary,
    }));
  return {
    exitCode: verdictExit(data.verdict),
    data,
    text: (style) => text(data, style),
    github: {
      outputs: {
        verdict: data.verdict,
        passed: String(data.counts.pass),
        warnings: String(data.counts.warn),
        failed: String(data.counts.fail),
        errors: String(data.counts.error),
        failed_checks: data.results
          .filter((r) => r.status === "fail" || r.status === "error")
          .map((r) => r.id)
          .join(","),
      },
      summary: summary(data),
      annotations,
    },
  };
}
