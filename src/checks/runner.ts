/**
 * `runner`: the self-hosted runner this job runs on is healthy — its service active, no recent
 * errors in `_diag/Runner_*.log` (listed with what the known ones mean) — and, via the GitHub
 * layer (injected as a `RunnerLookup`), in the expected group, with the expected labels and version.
 */
import { join } from "node:path";
import type { PreflightCheckOf } from "../config/schema.js";
import { worstStatus, type CheckStatus } from "../model/check.js";
import type { KindDefinition } from "./context.js";
import { errorText } from "./format.js";
import { formatDiagLine, readDiagErrors } from "./runner-diag.js";
import { readText, resolveFrom, runnerRoot, runnerServiceUnit } from "./runner-folder.js";
import { unitState } from "./systemd.js";
import { DEFAULT_CHECK_TIMEOUT_MS, type Env, type Outcome, type Probe } from "./types.js";
import { compareVersions } from "./version.js";

export { runnerRoot } from "./runner-folder.js";

/** A runner as GitHub reports it. */
export interface RunnerInfo {
  readonly name: string;
  readonly status: "online" | "offline";
  readonly group?: string;
  readonly labels: readonly string[];
  readonly version?: string;
}

/** Implemented by the GitHub layer: the runner registered under `name`, or undefined. */
export type RunnerLookup = (name: string, signal: AbortSignal) => Promise<RunnerInfo | undefined>;

export interface RunnerProbeOptions {
  /** The runner's install folder (holds `.runner`, `.service`, `_diag/`). Default: from `$RUNNER_WORKSPACE`. */
  readonly root?: string;
  /** The runner's name. Default: `$RUNNER_NAME`, else `agentName` in `<root>/.runner`. */
  readonly name?: string;
  /** How far back `_diag` errors count. Default 24 h. */
  readonly diagWindowMs?: number;
  readonly group?: string;
  readonly labels?: readonly string[];
  readonly minVersion?: string;
  readonly lookup?: RunnerLookup;
  /** Why there is no `lookup` (e.g. no GitHub credentials), for the message. */
  readonly lookupUnavailable?: string;
  readonly timeoutMs: number;
}

interface Part {
  readonly status: CheckStatus;
  readonly text: string;
  readonly evidence?: readonly string[];
}

async function servicePart(root: string, env: Env, signal: AbortSignal): Promise<Part> {
  const unit = await runnerServiceUnit(root);
  if (unit === undefined) return { status: "warn", text: "not installed as a service (no .service file): it will not restart on its own" };
  const state = await unitState(unit, env, signal);
  if ("problem" in state) return { status: "error", text: `service ${unit}: ${state.problem}` };
  return state.state === "active" ? { status: "pass", text: `service ${unit} active` } : { status: "fail", text: `service ${unit} is ${state.state}` };
}

async function diagPart(root: string, since: Date): Promise<Part> {
  let lines: Awaited<ReturnType<typeof readDiagErrors>>;
  try {
    lines = await readDiagErrors(join(root, "_diag"), since);
  } catch (e: unknown) {
    return { status: "error", text: `cannot read ${join(root, "_diag")}: ${errorText(e)}` };
  }
  if (lines.length === 0) return { status: "pass", text: `no errors in _diag since ${since.toISOString()}` };
  const fatal = lines.filter((line) => line.known?.severity === "fail");
  const known = new Set(lines.flatMap((line) => (line.known === undefined ? [] : [line.known.id])));
  return {
    status: fatal.length > 0 ? "fail" : "warn",
    text: `${lines.length} error line(s) in _diag${known.size > 0 ? ` (known: ${[...known].join(", ")})` : ""}`,
    evidence: lines.slice(-20).map(formatDiagLine),
  };
}

async function registrationPart(options: RunnerProbeOptions, name: string | undefined, signal: AbortSignal): Promise<Part | undefined> {
  if (options.group === undefined && options.labels === undefined && options.minVersion === undefined) return undefined;
  if (options.lookup === undefined) {
    return { status: "error", text: `group/labels/version need the GitHub layer (${options.lookupUnavailable ?? "no runner lookup"})` };
  }
  if (name === undefined) return { status: "error", text: "runner name unknown ($RUNNER_NAME unset, no .runner file)" };
  const info = await options.lookup(name, signal);
  if (info === undefined) return { status: "fail", text: `runner ${name} is not registered with GitHub` };
  const problems: string[] = [];
  if (info.status !== "online") problems.push(`runner ${name} is ${info.status}`);
  if (options.group !== undefined && info.group !== options.group) problems.push(`in group ${info.group ?? "(none)"}, expected ${options.group}`);
  const missing = (options.labels ?? []).filter((label) => !info.labels.includes(label));
  if (missing.length > 0) problems.push(`missing label(s) ${missing.join(", ")}`);
  if (options.minVersion !== undefined) {
    if (info.version === undefined) problems.push("version unknown");
    else if (compareVersions(info.version, options.minVersion) < 0) problems.push(`version ${info.version} older than ${options.minVersion}`);
  }
  if (problems.length > 0) return { status: "fail", text: problems.join("; "), evidence: [`labels: ${info.labels.join(", ")}`] };
  return { status: "pass", text: `runner ${name} in group ${info.group ?? "(none)"}${info.version === undefined ? "" : `, version ${info.version}`}` };
}

export function runnerProbe(options: RunnerProbeOptions): Probe {
  return {
    timeoutMs: options.timeoutMs,
    async body(ctx, signal): Promise<Outcome> {
      const root = options.root ?? runnerRoot(ctx.env);
      const parts: Part[] = [];
      let name = options.name ?? ctx.env["RUNNER_NAME"];
      if (root === undefined) {
        parts.push({ status: "error", text: "runner folder unknown: set RUNWARDEN_RUNNER_ROOT (or run inside a job: RUNNER_WORKSPACE)" });
      } else {
        const registration = await readText(join(root, ".runner"));
        if (registration === undefined) parts.push({ status: "fail", text: `${root} has no .runner file: not a configured runner` });
        else if (name === undefined) {
          const parsed: unknown = JSON.parse(registration);
          const agent = typeof parsed === "object" && parsed !== null && "agentName" in parsed ? parsed.agentName : undefined;
          if (typeof agent === "string") name = agent;
        }
        parts.push(await servicePart(root, ctx.env, signal));
        parts.push(await diagPart(root, new Date(ctx.now() - (options.diagWindowMs ?? 86_400_000))));
      }
      const registered = await registrationPart(options, name, signal);
      if (registered !== undefined) parts.push(registered);
      const status = worstStatus(parts.map((part) => part.status));
      const shown = status === "pass" ? parts : parts.filter((part) => part.status !== "pass");
      return {
        status,
        summary: `${name ?? "runner"}: ${shown.map((part) => part.text).join("; ")}`,
        evidence: parts.flatMap((part) => [`${part.status}: ${part.text}`, ...(part.evidence ?? [])]),
      };
    },
  };
}

type RunnerSpec = Omit<PreflightCheckOf<"runner">, "name" | "warn_only">;

export const runnerKind: KindDefinition<RunnerSpec> = {
  kind: "runner",
  description: "The runner of this job: service active, no recent _diag errors, expected group, labels and version.",
  label: () => "runner",
  perHost: () => false,
  probe: (spec, target) => {
    const lookup = target.context.github?.runners;
    return runnerProbe({
      ...(spec.root === undefined ? {} : { root: resolveFrom(target.context.baseDir, spec.root) }),
      diagWindowMs: spec.diag_window,
      ...(spec.group === undefined ? {} : { group: spec.group }),
      ...(spec.labels === undefined ? {} : { labels: spec.labels }),
      ...(spec.min_version === undefined ? {} : { minVersion: spec.min_version }),
      ...(lookup === undefined ? {} : { lookup }),
      ...(target.context.github?.unavailable === undefined ? {} : { lookupUnavailable: target.context.github.unavailable }),
      timeoutMs: target.context.timeouts?.checkMs ?? DEFAULT_CHECK_TIMEOUT_MS,
    });
  },
};
