/**
 * `runwarden gate --environment E [--phase pre|post]`: the environment's health gates of that phase,
 * planned (templates rendered, hosts expanded from the inventory, conditions parsed — bad input is
 * exit 2 before anything is measured), then measured on their schedules with live progress; a
 * measurements table, JSON, or GitHub outputs + step summary + annotations.
 * Exit 0 only when every enforced gate passed; 1 a gate failed; 3 a gate could not decide.
 * `--dry-run` plans and prints the plan, measuring nothing.
 */
import { formatMs } from "../../../checks/format.js";
import type { Gate } from "../../../config/schema.js";
import type { GatePlan } from "../../../gates/plan.js";
import type { GateReport, GateResult, Measurement, MeasurementStatus } from "../../../gates/types.js";
import { verdictExit, type Verdict } from "../../../model/check.js";
import { InputError, UsageError } from "../../../model/errors.js";
import { EXIT, type ExitCode } from "../../../model/result.js";
import { markdownTable, type Annotation } from "../../../output/github.js";
import type { Io } from "../../../output/io.js";
import { startProgress, type Progress } from "../../../output/progress.js";
import { emitReport, type Report } from "../../../output/report.js";
import { table, type Style } from "../../../output/style.js";
import { withInterrupt } from "../../interrupt.js";

export type GatePhase = Gate["phase"];

export interface GateOptions {
  readonly config: string;
  readonly environment: string;
  readonly phase: GatePhase;
  readonly json: boolean;
  /** The deployed commit; default `$GITHUB_SHA`. */
  readonly sha?: string;
  /** Plan and print, measure nothing. */
  readonly dryRun?: boolean;
  /** Every gate ends by then (ms); undecided gates are `error`. */
  readonly deadline?: number;
}

export interface GateData {
  readonly environment: string;
  readonly phase: GatePhase;
  readonly sha: string | null;
  readonly verdict: Verdict;
  readonly duration_ms: number;
  readonly gates: readonly GateResult[];
}

const MARK: Readonly<Record<MeasurementStatus, string>> = { pass: "✓", fail: "✗", error: "?", no_data: "∅" };

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
  if (rows.length > 0) lines.push("", style.dim("measurements:"), table([["gate", "#", "at (UTC)", "status", "value", "time", "summary"].map(style.dim), ...rows]));
  const evidence = data.gates.flatMap((gate) => {
    const last = [...gate.measurements].reverse().find((m) => m.status !== "pass" && (m.evidence?.length ?? 0) > 0);
    return last === undefined || gate.verdict === "pass" ? [] : [`  ${gate.name} (measurement ${last.index + 1}):`, ...(last.evidence ?? []).slice(0, 8).map((line) => `    ${style.dim(line)}`)];
  });
  if (evidence.length > 0) lines.push("", style.dim("evidence:"), ...evidence);
  if (data.verdict === "error") lines.push("", style.yellow("A gate could not measure (provider down, timeouts): the deploy is not proven healthy. Failing closed."));
  return lines.join("\n");
}

function summary(data: GateData): string {
  const icon = data.verdict === "pass" ? "✅" : data.verdict === "fail" ? "❌" : "❓";
  const gates = data.gates.map((gate) => [gate.name, gate.dryRun ? `${gate.verdict} (dry run)` : gate.verdict, gate.measurements.map((m) => MARK[m.status]).join(""), gate.reason]);
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
        failed_gates: data.gates.filter((gate) => !gate.dryRun && gate.verdict === "fail").map((gate) => gate.name).join(","),
        undecided_gates: data.gates.filter((gate) => !gate.dryRun && gate.verdict === "error").map((gate) => gate.name).join(","),
      },
      summary: summary(data),
      annotations,
    },
  };
}

/** Whether any template of the gate reads `{{ sha }}` (so a missing sha is a usage error, said plainly). */
async function readsSha(gate: Gate): Promise<boolean> {
  const { parseTemplate, templateVariables } = await import("../../../config/template.js");
  const strings: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === "string") strings.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(walk);
  };
  walk(gate.probe);
  return strings.some((text) => text.includes("{{") && templateVariables(parseTemplate(text)).some((name) => name === "sha" || name.startsWith("sha.") || name.startsWith("sha[")));
}

interface PlanData {
  readonly environment: string;
  readonly phase: GatePhase;
  readonly sha: string | null;
  readonly dry_run: true;
  readonly gates: readonly { readonly name: string; readonly probe: string; readonly policy: GatePlan["policy"]; readonly at_most_ms: number }[];
}

/** Longest a gate can take: initial delay, then up to count × (consecutive_error_limit + 1) intervals. */
function atMost(plan: GatePlan): number {
  const p = plan.policy;
  return p.initialDelayMs + Math.max(0, p.count * (p.consecutiveErrorLimit + 1) - 1) * p.intervalMs;
}

function planReport(data: PlanData): Report<PlanData> {
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

function liveProgress(io: Io, label: string, plans: readonly GatePlan[], quiet: boolean): { progress: Progress; onMeasurement: (gate: string, m: Measurement) => void } {
  const marks = new Map<string, string>(plans.map((plan) => [plan.name, ""]));
  if (!io.stderr.isTTY) {
    // CI logs: one plain line per measurement, so a long gate never looks stuck.
    return {
      progress: { update() {}, done() {} },
      onMeasurement: (gate, m) => io.stderr.write(`gate '${gate}' #${m.index + 1} ${m.status}: ${m.summary}\n`),
    };
  }
  const progress = startProgress(io.stderr, label, { delayMs: 0, quiet });
  return {
    progress,
    onMeasurement: (gate, m) => {
      marks.set(gate, `${marks.get(gate) ?? ""}${MARK[m.status]}`);
      progress.update([...marks].map(([name, seen]) => `${name} ${seen || "…"}`).join(" · "));
    },
  };
}

export async function gate(options: GateOptions, io: Io): Promise<ExitCode> {
  const { loadConfig } = await import("../../../config/load.js");
  const { loadEnvironment, checkContext } = await import("../../../preflight/environment.js");
  const { planGates, runGates } = await import("../../../gates/index.js");

  const loaded = loadConfig(options.config, { cwd: io.cwd });
  const sha = options.sha ?? (io.env.GITHUB_SHA === "" ? undefined : io.env.GITHUB_SHA);
  const setup = loadEnvironment(loaded, options.environment, sha === undefined ? {} : { sha });
  const gates = setup.environment.gates.filter((g) => g.phase === options.phase);
  if (gates.length === 0) {
    throw new InputError("RW_NO_GATES", `environment '${setup.name}' has no ${options.phase}-deploy gates: nothing would be verified, and that is not a pass`, [
      { location: { file: options.config }, path: `environments.${setup.name}.gates`, message: `no gate with phase: ${options.phase}` },
    ], { hint: options.phase === "pre" ? "pre-deploy gates need `phase: pre`; gates default to post" : "add gates under environments.<name>.gates (docs/gates.md)" });
  }
  if (sha === undefined) {
    for (const g of gates) {
      if (await readsSha(g)) throw new UsageError(`gate '${g.name}' checks for {{ sha }}, but no commit was given: pass --sha COMMIT, or run where GITHUB_SHA is set`);
    }
  }
  for (const warning of setup.warnings) io.stderr.write(`[WARNING]: ${warning}\n`);
  const plans = planGates(gates, checkContext(setup, { env: io.env }), { configFile: options.config, configPath: `environments.${setup.name}.gates` });

  if (options.dryRun === true) {
    const data: PlanData = {
      environment: setup.name,
      phase: options.phase,
      sha: sha ?? null,
      dry_run: true,
      gates: plans.map((plan) => ({ name: plan.name, probe: plan.probe, policy: plan.policy, at_most_ms: atMost(plan) })),
    };
    return emitReport(io, planReport(data), { json: options.json });
  }

  const live = liveProgress(io, `gates ${setup.name} (${options.phase})`, plans, options.json);
  let report: GateReport;
  try {
    report = await withInterrupt(({ signal }) =>
      runGates(plans, {
        signal,
        context: { env: io.env, now: io.now, masker: io.masker },
        ...(options.deadline === undefined ? {} : { deadlineMs: options.deadline }),
        onMeasurement: live.onMeasurement,
      }),
    );
  } finally {
    live.progress.done();
  }
  const data: GateData = { environment: setup.name, phase: options.phase, sha: sha ?? null, verdict: report.verdict, duration_ms: report.durationMs, gates: report.gates };
  return emitReport(io, gateReport(data), { json: options.json });
}
