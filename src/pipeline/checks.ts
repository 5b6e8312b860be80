/**
 * Preflight and gates inside the deploy, reusing `src/preflight` and `src/gates` as they are: the
 * environment's checks built over the inventory (with GitHub when a check needs it), its gates
 * planned up front (a gate that cannot be planned is bad input before anything is touched).
 */
import { buildChecks } from "../checks/factory.js";
import type { Check } from "../checks/types.js";
import type { GatePhase } from "../config/schema/gates.js";
import { planGates, runGates, type GatePlan } from "../gates/index.js";
import type { GateReport } from "../gates/types.js";
import type { Io } from "../output/io.js";
import { checkContext, type EnvironmentSetup } from "../preflight/environment.js";
import { githubContext, needsGithub } from "../preflight/github.js";
import { runPreflight, type PreflightReport } from "../preflight/run.js";

export function planDeployGates(setup: EnvironmentSetup, phase: GatePhase, io: Io, configFile: string): GatePlan[] {
  const gates = setup.environment.gates.filter((gate) => gate.phase === phase);
  return gates.length === 0 ? [] : planGates(gates, checkContext(setup, { env: io.env }), { configFile, configPath: `environments.${setup.name}.gates` });
}

export async function preflightChecks(setup: EnvironmentSetup, io: Io, userAgent: string): Promise<Check[]> {
  const items = setup.environment.preflight;
  if (items.length === 0) return [];
  const github = needsGithub(items)
    ? await githubContext(setup, { env: io.env, onSecret: (value, source) => io.masker.addSecret(value, source), userAgent })
    : undefined;
  return buildChecks(items, checkContext(setup, { env: io.env, ...(github === undefined ? {} : { github }) }));
}

export function runDeployPreflight(setup: EnvironmentSetup, checks: readonly Check[], io: Io, signal: AbortSignal): Promise<PreflightReport> {
  const deadline = setup.environment.preflight_deadline;
  return runPreflight(checks, {
    signal,
    context: { env: io.env, now: io.now, masker: io.masker },
    ...(deadline === undefined ? {} : { deadlineMs: deadline }),
  });
}

export function runDeployGates(plans: readonly GatePlan[], io: Io, signal: AbortSignal, onLine: (line: string) => void): Promise<GateReport> {
  return runGates(plans, {
    signal,
    context: { env: io.env, now: io.now, masker: io.masker },
    onMeasurement: (gate, m) => onLine(`  gate '${gate}' #${m.index + 1} ${m.status}: ${m.summary}\n`),
  });
}

/** One line naming the gates that did not pass and why. */
export function gatesProblem(report: GateReport): string {
  const bad = report.gates.filter((gate) => !gate.dryRun && gate.verdict !== "pass");
  return bad.map((gate) => `'${gate.name}' ${gate.verdict === "fail" ? "failed" : "could not decide"}: ${gate.reason}`).join("; ");
}

/** One line naming the preflight checks that did not pass. */
export function preflightProblem(report: PreflightReport): string {
  return report.results
    .filter((r) => r.status === "fail" || r.status === "error")
    .map((r) => `${r.id} ${r.status === "fail" ? "failed" : "could not tell"}: ${r.summary}`)
    .join("; ");
}
