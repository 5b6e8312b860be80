/**
 * Plan, then run: each configured gate becomes a `GatePlan` — its policy and a `measure` function
 * with every template rendered, every host expanded and every condition parsed, up front. Anything
 * that cannot be planned (a bad condition, an undefined variable, no Prometheus URL) is bad input:
 * one `InputError` (RW_GATE_INVALID) lists every problem before anything is measured.
 */
import type { CheckBuildContext } from "../checks/context.js";
import { evaluateCondition, parseCondition } from "../checks/condition.js";
import { expandSpec } from "../checks/factory.js";
import { errorText } from "../checks/format.js";
import { httpKind } from "../checks/http.js";
import { prometheusQuery } from "../checks/prometheus-api.js";
import { prometheusBase } from "../checks/prometheus.js";
import { DEFAULT_CONCURRENCY, runAll } from "../checks/run-all.js";
import { tcpKind } from "../checks/tcp.js";
import type { CheckRunContext } from "../checks/types.js";
import type { Gate, GateProbe } from "../config/schema.js";
import { renderTemplate } from "../config/template.js";
import { InputError, RunwardenError, type Problem } from "../model/errors.js";
import { measureCommand } from "./command.js";
import { combineHostResults } from "./hosts.js";
import { policyOf, type GatePolicy } from "./policy.js";
import type { MeasurementOutcome } from "./types.js";
import { versionChecks } from "./version.js";
import { within } from "./within.js";

export interface GatePlan {
  readonly name: string;
  readonly policy: GatePolicy;
  /** What is measured, for reports: `http ×3 hosts`, `prometheus: <query>`. */
  readonly probe: string;
  /** One measurement. Never throws; ends by its probe's timeout or `signal`. */
  measure(ctx: CheckRunContext, signal: AbortSignal): Promise<MeasurementOutcome>;
}

export interface GatePlanOptions {
  /** Checks in flight at once within one `each_host` measurement. Default 32. */
  readonly concurrency?: number;
  /** Shown in problems as the file (default `runwarden.yml`). */
  readonly configFile?: string;
  /** Key path of the gate list, for problems (e.g. `environments.production.gates`). */
  readonly configPath?: string;
}

type Measure = GatePlan["measure"];

function planHostProbe(
  gate: Gate,
  probe: Extract<GateProbe, { kind: "http" | "tcp" }>,
  context: CheckBuildContext,
  options: GatePlanOptions,
  problems: string[],
): { measure: Measure; probe: string } {
  const entries = probe.kind === "http" ? expandSpec(httpKind, probe, { name: gate.name }, context) : expandSpec(tcpKind, probe, { name: gate.name }, context);
  for (const entry of entries)
    if ("problem" in entry) problems.push(`${entry.problem.host === undefined ? "" : `${entry.problem.host}: `}${entry.problem.message}`);
  const checks = entries.map((entry) => entry.check);
  const what = probe.each_host
    ? `${probe.kind} ×${checks.length} host(s)`
    : probe.kind === "http"
      ? `http ${probe.url}`
      : `tcp ${probe.host ?? ""}:${probe.port}`;
  return {
    probe: what,
    measure: async (ctx, signal) => combineHostResults(await runAll(checks, { context: ctx, signal, concurrency: options.concurrency ?? DEFAULT_CONCURRENCY })),
  };
}

function planOne(gate: Gate, context: CheckBuildContext, options: GatePlanOptions, problems: string[]): GatePlan {
  const probe = gate.probe;
  const policy = policyOf(gate);
  const render = (template: string) => renderTemplate(template, context.vars);
  switch (probe.kind) {
    case "http":
    case "tcp":
      return { name: gate.name, policy, ...planHostProbe(gate, probe, context, options, problems) };
    case "prometheus": {
      const base = prometheusBase(probe.url, { context, vars: context.vars, render });
      const query = render(probe.query);
      const condition = parseCondition(probe.condition);
      return {
        name: gate.name,
        policy,
        probe: `prometheus: ${query}`,
        measure: (_ctx, signal) =>
          within(probe.timeout, signal, async (inner) => {
            try {
              const { result } = await prometheusQuery(base, query, { signal: inner, timeoutMs: probe.timeout });
              return evaluateCondition(condition, result);
            } catch (e: unknown) {
              if (inner.aborted) throw e;
              return { status: "error", summary: `could not query Prometheus: ${errorText(e)}` };
            }
          }),
      };
    }
    case "version": {
      const checks = versionChecks(gate.name, probe, context.vars, context.hosts, problems);
      return {
        name: gate.name,
        policy,
        probe: `version ×${checks.length} host(s): ${probe.url}`,
        measure: async (ctx, signal) =>
          combineHostResults(await runAll(checks, { context: ctx, signal, concurrency: options.concurrency ?? DEFAULT_CONCURRENCY })),
      };
    }
    case "command": {
      const run = render(probe.run);
      const cwd = context.baseDir;
      return {
        name: gate.name,
        policy,
        probe: `command: ${run}`,
        measure: (ctx, signal) =>
          within(probe.timeout, signal, (inner) => measureCommand({ run, expectExit: probe.expect_exit, ...(cwd === undefined ? {} : { cwd }) }, ctx, inner)),
      };
    }
  }
}

/** Plans every gate, or throws one `InputError` listing every gate that cannot run. */
export function planGates(gates: readonly Gate[], context: CheckBuildContext, options: GatePlanOptions = {}): GatePlan[] {
  const problems: Problem[] = [];
  const plans: GatePlan[] = [];
  gates.forEach((gate, index) => {
    const found: string[] = [];
    let hint: string | undefined;
    try {
      plans.push(planOne(gate, context, options, found));
    } catch (e: unknown) {
      if (!(e instanceof RunwardenError)) throw e;
      found.push(e.message);
      hint = e.hint;
    }
    const path = `${options.configPath ?? "gates"}[${index}]`;
    for (const message of found) {
      problems.push({
        location: { file: options.configFile ?? "runwarden.yml" },
        path,
        message: `gate '${gate.name}': ${message}`,
        ...(hint === undefined ? {} : { hint }),
      });
    }
  });
  if (problems.length > 0) {
    throw new InputError("RW_GATE_INVALID", `${problems.length} problem(s) in the gates: ${problems.map((p) => p.message).join("; ")}`, problems, {
      ...(problems[0]?.hint === undefined ? {} : { hint: problems[0].hint }),
    });
  }
  return plans;
}
