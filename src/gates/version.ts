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

export function versionProbe(options: VersionProbeOptions): Probe {
  const request = probeRequest({ url: options.url, ...(options.tlsVerify === undefined ? {} : { tlsVerify: options.tlsVerify }), maxBodyChars: 64 * 1024 });
  const path = options.jsonPath === undefined ? undefined : parseJsonPath(options.jsonPath);
  return {
    timeoutMs: options.timeoutMs,
    async body(_ctx, signal): Promise<Outcome> {
      const answer = await request.send(signal);
      if ("failure" in answer) return answer.failure;
      const { exchange } = answer;
      const evidence = [request.evidence(exchange), `body: ${excerpt(exchange.body, 200)}`];
      if (exchange.status < 200 || exchange.status > 299) return { status: "fail", summary: `status ${exchange.status}, expected 2xx`, evidence };
      if (path === undefined) {
        if (exchange.body.toLowerCase().includes(options.expected.trim().toLowerCase()) && options.expected.trim() !== "") {
          return { status: "pass", summary: `reports ${options.expected}` };
        }
        return { status: "fail", summary: `does not report ${options.expected}: ${excerpt(exchange.body.trim(), 80)}`, evidence };
      }
      const reported = reportedAt(exchange, path);
      if ("problem" in reported) return { status: "fail", summary: reported.problem, evidence };
      if (sameVersion(reported.value, options.expected)) return { status: "pass", summary: `reports ${reported.value}` };
      return { status: "fail", summary: `reports ${excerpt(reported.value, 80)}, expected ${options.expected}`, evidence };
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
      const url = renderTemplate(spec.url, { ...vars, inventory_hostname: host.name, ...host.vars });
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
