/**
 * `runwarden gate --environment E [--phase pre|post]`: the environment's health gates of that phase,
 * planned (templates rendered, hosts expanded from the inventory, conditions parsed — bad input is
 * exit 2 before anything is measured), then measured on their schedules with live progress; a
 * measurements table, JSON, or GitHub outputs + step summary + annotations.
 * Exit 0 only when every enforced gate passed; 1 a gate failed; 3 a gate could not decide.
 * `--dry-run` plans and prints the plan, measuring nothing.
 */
import type { Gate } from "../../../config/schema.js";
import type { GatePlan } from "../../../gates/plan.js";
import type { GateReport, Measurement } from "../../../gates/types.js";
import { InputError, UsageError } from "../../../model/errors.js";
import type { ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";
import { startProgress, type Progress } from "../../../output/progress.js";
import { emitReport } from "../../../output/report.js";
import { withInterrupt } from "../../interrupt.js";
import type { GatePhase } from "../../../config/schema/gates.js";
import { atMost, gateReport, MARK, planReport, type GateData, type PlanData } from "./render.js";

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
  return strings.some(
    (text) =>
      text.includes("{{") && templateVariables(parseTemplate(text)).some((name) => name === "sha" || name.startsWith("sha.") || name.startsWith("sha[")),
  );
}

function liveProgress(
  io: Io,
  label: string,
  plans: readonly GatePlan[],
  quiet: boolean,
): { progress: Progress; onMeasurement: (gate: string, m: Measurement) => void } {
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
    throw new InputError(
      "RW_NO_GATES",
      `environment '${setup.name}' has no ${options.phase}-deploy gates: nothing would be verified, and that is not a pass`,
      [{ location: { file: options.config }, path: `environments.${setup.name}.gates`, message: `no gate with phase: ${options.phase}` }],
      {
        hint:
          options.phase === "pre" ? "pre-deploy gates need `phase: pre`; gates default to post" : "add gates under environments.<name>.gates (docs/gates.md)",
      },
    );
  }
  if (sha === undefined) {
    for (const g of gates) {
      if (await readsSha(g))
        throw new UsageError(`gate '${g.name}' checks for {{ sha }}, but no commit was given: pass --sha COMMIT, or run where GITHUB_SHA is set`);
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
  const { recordActing, subjectFromEnv } = await import("../../audit-acting.js");
  const { gateVerdictEvents } = await import("../../../gates/verdict-events.js");
  const subject = { ...subjectFromEnv(io.env, setup.name), ...(sha === undefined ? {} : { sha }) };
  await recordActing(loaded, io, gateVerdictEvents(report, gates, subject));
  const data: GateData = {
    environment: setup.name,
    phase: options.phase,
    sha: sha ?? null,
    verdict: report.verdict,
    duration_ms: report.durationMs,
    gates: report.gates,
  };
  return emitReport(io, gateReport(data), { json: options.json });
}
