/** Gate results and the dry-run plan rendered: text (a measurements table), `--json`, and inside Actions outputs, annotations and a step summary. */
import { formatMs } from "../../../checks/format.js";
import type { GatePlan } from "../../../gates/plan.js";
import type { GateResult, Measurement, MeasurementStatus } from "../../../gates/types.js";
import { verdictExit, type Verdict } from "../../../model/check.js";
import { EXIT } from "../../../model/result.js";
import { markdownTable, type Annotation } from "../../../output/github.js";
import type { Report } from "../../../output/report.js";
import { table, type Style } from "../../../output/style.js";
import type { GatePhase } from "../../../config/schema/gates.js";

export interface GateData {
  readonly environment: string;
  readonly phase: GatePhase;
  readonly sha: string | null;
  readonly verdict: Verdict;
  readonly duration_ms: number;
  readonly gates: readonly GateResult[];
}

export const MARK: Readonly<Record<MeasurementStatus, string>> = { pass: "✓", fail: "✗", error: "?", no_data: "∅" };

function verdictMark(verdict: Verdict, style: Style): string {
  return verdict === "pass" ? style.green("✓") : verdict === "fail" ? style.red("✗") : style.yellow("?");
}

function headline(data: GateData): string {
  const enforced = data.gates.filter((gate) => !gate.dryRun);
  const passed = enforced.filter((gate) => gate.verdict === "pass").length;
  const what = data.verdict === "pass" ? "healthy" : data.verdict === "fail" ? "UNHEALTHY" : "could not decide";
  return `gates ${data.environment} (${data.phase}): ${what} — ${passed} of ${enforced.length} gate(s) passed${data.gates.length > enforced.length ? ` (+${data.gates.length - enforced.length} dry run)` : ""} in ${formatMs(data.duration_ms)}`;
}

function valueText(measurement: Measurement): string {
  return measurement.value === undefined ? "" : String(measurement.value);
}

function measurementRows(data: GateData): string[][] {
  return data.gates.flatMap((gate) =>
    gate.measurements.map((m) => [gate.name, String(m.index + 1), m.at.slice(11, 19), m.status, valueText(m), formatMs(m.durationMs), m.summary]),
  );
}

function text(data: GateData, style: Style): string {
  const lines = [`${verdictMark(data.verdict, style)} ${style.bold(headline(data))}`, ""];
  const gateRows = data.gates.map((gate) => [
    `${verdictMark(gate.verdict, style)} ${gate.name}`,
    gate.dryRun ? `${gate.verdict} (dry run)` : gate.verdict,
    gate.measurements.map((m) => MARK[m.status]).join("") || "-",
    gate.reason,
  ]);
  lines.push(table([["gate", "verdict", "measurements", "reason"].map(style.dim), ...gateRows]));
  const rows = measurementRows(data).map((row) => {
    const status = row[3] ?? "";
    const painted = status === "pass" ? style.green(status) : status === "fail" ? style.red(status) : style.yellow(status);
    return row.map((cell, i) => (i === 3 ? painted : cell));
  });
  if (rows.length > 0)
    lines.push("", style.dim("measurements:"), table([["gate", "#", "at (UTC)", "status", "value", "time", "summary"].map(style.dim), ...rows]));
  const evidence = data.gates.flatMap((gate) => {
    const last = [...gate.measurements].reverse().find((m) => m.status !== "pass" && (m.evidence?.length ?? 0) > 0);
    return last === undefined || gate.verdict === "pass"
      ? []
      : [`  ${gate.name} (measurement ${last.index + 1}):`, ...(last.evidence ?? []).slice(0, 8).map((line) => `    ${style.dim(line)}`)];
  });
  if (evidence.length > 0) lines.push("", style.dim("evidence:"), ...evidence);
  if (data.verdict === "error")
    lines.push("", style.yellow("A gate could not measure (provider down, timeouts): the deploy is not proven healthy. Failing closed."));
  return lines.join("\n");
}

function summary(data: GateData): string {
  const icon = data.verdict === "pass" ? "✅" : data.verdict === "fail" ? "❌" : "❓";
  const gates = data.gates.map((gate) => [
    gate.name,
    gate.dryRun ? `${gate.verdict} (dry run)` : gate.verdict,
    gate.measurements.map((m) => MARK[m.status]).join(""),
    gate.reason,
  ]);
  return [
    `### runwarden ${headline(data)} ${icon}`,
    "",
    markdownTable(["gate", "verdict", "measurements", "reason"], gates),
    "<details><summary>measurements</summary>",
    "",
    markdownTable(["gate", "#", "at (UTC)", "status", "value", "time", "summary"], measurementRows(data)),
    "</details>",
  ].join("\n");
}

export function gateReport(data: GateData): Report<GateData> {
  const annotations: Annotation[] = data.gates
    .filter((gate) => gate.verdict !== "pass")
    .map((gate) => ({
      level: gate.dryRun ? "warning" : "error",
      title: `gate ${gate.verdict}${gate.dryRun ? " (dry run)" : ""}: ${gate.name}`,
      message: gate.verdict === "error" ? `could not decide (failing closed): ${gate.reason}` : gate.reason,
    }));
  return {
    exitCode: verdictExit(data.verdict),
    data,
    text: (style) => text(data, style),
    github: {
      outputs: {
        verdict: data.verdict,
        failed_gates: data.gates
          .filter((gate) => !gate.dryRun && gate.verdict === "fail")
          .map((gate) => gate.name)
          .join(","),
        undecided_gates: data.gates
          .filter((gate) => !gate.dryRun && gate.verdict === "error")
          .map((gate) => gate.name)
          .join(","),
      },
      summary: summary(data),
      annotations,
    },
  };
}

export interface PlanData {
  readonly environment: string;
  readonly phase: GatePhase;
  readonly sha: string | null;
  readonly dry_run: true;
  readonly gates: readonly { readonly name: string; readonly probe: string; readonly policy: GatePlan["policy"]; readonly at_most_ms: number }[];
}

/** Longest a gate can take: initial delay, then up to count × (consecutive_error_limit + 1) intervals. */
export function atMost(plan: GatePlan): number {
  const p = plan.policy;
  return p.initialDelayMs + Math.max(0, p.count * (p.consecutiveErrorLimit + 1) - 1) * p.intervalMs;
}

export function planReport(data: PlanData): Report<PlanData> {
  return {
    exitCode: EXIT.ok,
    data,
    text: (style) => {
      const rows = data.gates.map((gate) => {
        const p = gate.policy;
        return [
          gate.name,
          gate.probe,
          `${p.count}× every ${formatMs(p.intervalMs)}${p.initialDelayMs > 0 ? ` after ${formatMs(p.initialDelayMs)}` : ""}`,
          `failures ≤ ${p.failureLimit}, errors in a row ≤ ${p.consecutiveErrorLimit}, passes ≥ ${p.minSuccesses}, no data: ${p.noData}${p.dryRun ? ", dry run" : ""}`,
          `≤ ${formatMs(gate.at_most_ms)}`,
        ];
      });
      return [
        `${style.cyan("○")} ${style.bold(`gates ${data.environment} (${data.phase}): plan only (--dry-run), nothing measured`)}`,
        "",
        table([["gate", "probe", "schedule", "budget", "duration"].map(style.dim), ...rows]),
      ].join("\n");
    },
  };
}
