/**
 * The "version live on every host" gate: each host of the environment answers its version endpoint
 * with the deployed commit. One measurement asks every host (concurrently); it fails naming each
 * host that reports another version (and what it reports), and is an error for hosts that could not
 * be asked (timeouts), which the gate retries.
 */
import { defineCheck } from "../checks/harness.js";
import { errorText, excerpt } from "../checks/format.js";
import type { HttpExchange } from "../checks/http-request.js";
import { formatJsonPath, lookupJson, parseJsonPath, type PathSegment } from "../checks/json-path.js";
import { probeRequest } from "../checks/probe-request.js";
import type { Check, HostEntry, Outcome, Probe } from "../checks/types.js";
import { renderTemplate, type TemplateVars } from "../config/template.js";
import { RunwardenError } from "../model/errors.js";

/** Commits shorter than this are not taken as an abbreviation of the expected one. */
export const MIN_ABBREVIATED_SHA = 7;

export interface VersionProbeOptions {
  readonly url: string;
  /** The version every host must report (usually the deployed commit). */
  readonly expected: string;
  /** Where the JSON body holds the version; without it the body must contain `expected`. */
  readonly jsonPath?: string;
  readonly tlsVerify?: boolean;
  readonly timeoutMs: number;
}

/** Equal, or one an abbreviation (≥ 7 characters) of the other — case-insensitive, as commits are hex. */
export function sameVersion(reported: string, expected: string): boolean {
  const a = reported.trim().toLowerCase();
  const b = expected.trim().toLowerCase();
  if (a === "" || b === "") return false;
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length >= MIN_ABBREVIATED_SHA && long.startsWith(short);
}

function reportedAt(exchange: HttpExchange, path: readonly PathSegment[]): { value: string } | { problem: string } {
  let document: unknown;
  try {
    document = JSON.parse(exchange.body);
  } catch {
    return { problem: `the body is not JSON (needed for ${formatJsonPath(path)}): ${excerpt(exchange.body, 80)}` };
  }
  const found = lookupJson(document, path);
  if (!found.found) return { problem: `the JSON has no ${found.missing}` };
  const value = found.value;
  if (typeof value === "string" || typeof value === "number") return { value: String(value) };
  return { problem: `${formatJsonPath(path)} is ${JSON.stringify(value)}, not a version` };
}

/** One host's answer to its version endpoint. */
export type VersionAnswer =
  /** The version it reports: at `jsonPath`, else its whole body (trimmed). */
  | { readonly kind: "reported"; readonly version: string; readonly body: string; readonly evidence: readonly string[] }
  /** It answered, but not with a version (a non-2xx status, a body that is not JSON or lacks the path). */
  | { readonly kind: "unreadable"; readonly summary: string; readonly evidence: readonly string[] }
  /** It could not be asked (connection refused, timeout …), as the probe reports it. */
  | { readonly kind: "failure"; readonly outcome: Outcome };

export type VersionReaderOptions = Omit<VersionProbeOptions, "expected" | "timeoutMs">;

/**
 * Asks one host's version endpoint once: the reading both the version gate's probe and diagnose's
 * targets collector use. Throws only when `signal` aborted; `InputError` (`RW_CHECK_URL`) when
 * built with a URL that is not one.
 */
export function versionReader(options: VersionReaderOptions): { readonly target: string; read(signal: AbortSignal): Promise<VersionAnswer> } {
  const request = probeRequest({ url: options.url, ...(options.tlsVerify === undefined ? {} : { tlsVerify: options.tlsVerify }), maxBodyChars: 64 * 1024 });
  const path = options.jsonPath === undefined ? undefined : parseJsonPath(options.jsonPath);
  return {
    target: request.target,
    async read(signal) {
      const answer = await request.send(signal);
      if ("failure" in answer) return { kind: "failure", outcome: answer.failure };
      const { exchange } = answer;
      const evidence = [request.evidence(exchange), `body: ${excerpt(exchange.body, 200)}`];
      if (exchange.status < 200 || exchange.status > 299) return { kind: "unreadable", summary: `status ${exchange.status}, expected 2xx`, evidence };
      if (path === undefined) return { kind: "reported", version: exchange.body.trim(), body: exchange.body, evidence };
      const reported = reportedAt(exchange, path);
      if ("problem" in reported) return { kind: "unreadable", summary: reported.problem, evidence };
      return { kind: "reported", version: reported.value, body: exchange.body, evidence };
    },
  };
}

export function versionProbe(options: VersionProbeOptions): Probe {
  const reader = versionReader(options);
  const expected = options.expected.trim();
  return {
    timeoutMs: options.timeoutMs,
    async body(_ctx, signal): Promise<Outcome> {
      const answer = await reader.read(signal);
      if (answer.kind === "failure") return answer.outcome;
      if (answer.kind === "unreadable") return { status: "fail", summary: answer.summary, evidence: [...answer.evidence] };
      const evidence = [...answer.evidence];
      if (options.jsonPath === undefined) {
        if (answer.body.toLowerCase().includes(expected.toLowerCase()) && expected !== "") return { status: "pass", summary: `reports ${options.expected}` };
        return { status: "fail", summary: `does not report ${options.expected}: ${excerpt(answer.body.trim(), 80)}`, evidence };
      }
      if (sameVersion(answer.version, options.expected)) return { status: "pass", summary: `reports ${answer.version}` };
      return { status: "fail", summary: `reports ${excerpt(answer.version, 80)}, expected ${options.expected}`, evidence };
    },
  };
}

export interface VersionGateSpec {
  readonly url: string;
  readonly json_path?: string | undefined;
  readonly expect: string;
  readonly tls_verify: boolean;
  readonly timeout: number;
}

/** The host's version endpoint: the gate's `url` rendered with the host's own variables. Throws `RunwardenError` when it cannot be rendered. */
export function versionUrl(spec: Pick<VersionGateSpec, "url">, vars: TemplateVars, host: HostEntry): string {
  return renderTemplate(spec.url, { ...vars, inventory_hostname: host.name, ...host.vars });
}

/** One check per host (`<gate> [<host>]`); templates that cannot be rendered become `problems`. */
export function versionChecks(
  gateName: string,
  spec: VersionGateSpec,
  vars: TemplateVars,
  hosts: readonly HostEntry[] | undefined,
  problems: string[],
): Check[] {
  if (hosts === undefined || hosts.length === 0) {
    problems.push(hosts === undefined ? "no host list (inventory not loaded)" : "the environment's host pattern selects no hosts");
    return [];
  }
  let expected: string;
  try {
    expected = renderTemplate(spec.expect, vars).trim();
  } catch (e: unknown) {
    if (!(e instanceof RunwardenError)) throw e;
    problems.push(`expect '${spec.expect}': ${errorText(e)}`);
    return [];
  }
  if (expected === "") {
    problems.push(`expect '${spec.expect}' renders to nothing: there is no version to look for`);
    return [];
  }
  const checks: Check[] = [];
  for (const host of hosts) {
    try {
      const url = versionUrl(spec, vars, host);
      const probe = versionProbe({
        url,
        expected,
        ...(spec.json_path === undefined ? {} : { jsonPath: spec.json_path }),
        tlsVerify: spec.tls_verify,
        timeoutMs: spec.timeout,
      });
      checks.push(defineCheck({ id: `${gateName} [${host.name}]`, kind: "version", host: host.name }, probe));
    } catch (e: unknown) {
      if (!(e instanceof RunwardenError)) throw e;
      problems.push(`${host.name}: ${errorText(e)}`);
    }
  }
  return checks;
}
