/**
 * The version each target host reports, read through the version gate's own reader (gates/version.ts:
 * the gate's `url` rendered per host, its `json_path`, `tls_verify` and `timeout`), every host at once
 * under the diagnose budget; and the skew among them: hosts on different versions, hosts not on the
 * expected one (the gate's `expect`, rendered with `$GITHUB_SHA` as `{{ sha }}`, when it can be).
 * Without a version gate in the environment nothing is read (the report says so under `missing`).
 */
import type { HostEntry } from "../checks/types.js";
import { renderTemplate } from "../config/template.js";
import { versionReader, versionUrl, sameVersion, type VersionGateSpec } from "../gates/version.js";
import type { EnvironmentSetup } from "../preflight/environment.js";
import type { CollectorContext } from "./budget.js";

export interface HostVersion {
  readonly host: string;
  readonly url: string | null;
  /** What the host reports; null when it answered without a version or could not be asked. */
  readonly version: string | null;
  /** Why there is no version (status, body, connection, template). */
  readonly problem: string | null;
}

export interface TargetVersions {
  /** The version gate whose probe was used. */
  readonly gate: string;
  /** The version every host should report; null when `expect` cannot be rendered here (no `$GITHUB_SHA`). */
  readonly expected: string | null;
  readonly hosts: readonly HostVersion[];
  /** The versions reported, each with its hosts (an abbreviated commit counts as its full one), most hosts first. */
  readonly versions: readonly { readonly version: string; readonly hosts: readonly string[] }[];
  /** Evidence of skew, one line each (empty: every host that answered reports the same, expected, version). */
  readonly skew: readonly string[];
}

/** Longest version text kept: a body without `json_path` is the whole answer. */
const MAX_VERSION_CHARS = 120;

function clip(text: string): string {
  const line = text.split("\n", 1)[0] ?? "";
  return line.length > MAX_VERSION_CHARS ? `${line.slice(0, MAX_VERSION_CHARS - 1)}…` : line;
}

/** The environment's first `version` gate, if any. */
export function versionGateOf(setup: EnvironmentSetup): { readonly name: string; readonly spec: VersionGateSpec } | undefined {
  for (const gate of setup.environment.gates) if (gate.probe.kind === "version") return { name: gate.name, spec: gate.probe };
  return undefined;
}

function expectedOf(spec: VersionGateSpec, setup: EnvironmentSetup, env: Readonly<Record<string, string | undefined>>): string | null {
  const sha = env["GITHUB_SHA"];
  try {
    const text = renderTemplate(spec.expect, { ...setup.vars, ...(sha === undefined || sha === "" ? {} : { sha }) }).trim();
    return text === "" ? null : text;
  } catch {
    // `{{ sha }}` with no commit known here: skew across hosts is still worth reporting.
    return null;
  }
}

/** Hosts grouped by the version they report; pure. */
export function groupVersions(hosts: readonly HostVersion[]): { version: string; hosts: string[] }[] {
  const groups: { version: string; hosts: string[] }[] = [];
  for (const host of hosts) {
    if (host.version === null) continue;
    const version = host.version;
    const same = groups.find((group) => group.version.toLowerCase() === version.toLowerCase() || sameVersion(group.version, version));
    if (same === undefined) groups.push({ version, hosts: [host.host] });
    else {
      same.hosts.push(host.host);
      if (version.length > same.version.length) same.version = version;
    }
  }
  return groups.sort((a, b) => b.hosts.length - a.hosts.length);
}

/** The skew evidence: hosts on different versions; hosts not on the expected one when it is known. Pure. */
export function versionSkew(hosts: readonly HostVersion[], expected: string | null): string[] {
  const groups = groupVersions(hosts);
  const lines: string[] = [];
  if (groups.length > 1) {
    lines.push(
      `${groups.length} versions across ${groups.reduce((n, g) => n + g.hosts.length, 0)} hosts: ${groups.map((g) => `${g.version} (${g.hosts.join(", ")})`).join("; ")}`,
    );
  }
  if (expected !== null) {
    const off = groups.filter((group) => !sameVersion(group.version, expected));
    for (const group of off) lines.push(`${group.hosts.join(", ")} report${group.hosts.length === 1 ? "s" : ""} ${group.version}, expected ${expected}`);
  }
  return lines;
}

/**
 * `signal`, or `ms` passed. A timer held here rather than `AbortSignal.timeout`: a timeout signal only
 * referenced from `AbortSignal.any` can be garbage-collected before it fires (nodejs/node#57736), and
 * the read then waits for the whole budget.
 */
function timeoutOf(signal: AbortSignal, ms: number): { readonly signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${ms} ms`)), ms);
  return { signal: AbortSignal.any([signal, controller.signal]), clear: () => clearTimeout(timer) };
}

async function readHost(ctx: CollectorContext, spec: VersionGateSpec, setup: EnvironmentSetup, host: HostEntry): Promise<HostVersion> {
  let reader: ReturnType<typeof versionReader>;
  let url: string;
  try {
    url = versionUrl(spec, setup.vars, host);
    reader = versionReader({ url, ...(spec.json_path === undefined ? {} : { jsonPath: spec.json_path }), tlsVerify: spec.tls_verify });
  } catch (e: unknown) {
    return { host: host.name, url: null, version: null, problem: e instanceof Error ? e.message : String(e) };
  }
  const answer = await ctx.track(`targets: ${host.name} version ${reader.target}`, async (signal) => {
    const inner = timeoutOf(signal, spec.timeout);
    try {
      const read = await reader.read(inner.signal);
      // A host that cannot be asked is a source that did not answer: named under `missing`.
      if (read.kind === "failure") throw new Error(read.outcome.summary);
      return read;
    } catch (e: unknown) {
      if (inner.signal.aborted && !signal.aborted) throw new Error(`no answer within ${spec.timeout} ms (the gate's timeout)`);
      throw e;
    } finally {
      inner.clear();
    }
  });
  if (answer === undefined) return { host: host.name, url, version: null, problem: "no answer (see missing)" };
  if (answer.kind === "reported") {
    const version = clip(answer.version);
    return version === "" ? { host: host.name, url, version: null, problem: "empty body" } : { host: host.name, url, version, problem: null };
  }
  return { host: host.name, url, version: null, problem: answer.summary };
}

/** Every host's version through the environment's version gate, in parallel; undefined (and skipped) without such a gate. */
export async function collectTargetVersions(
  ctx: CollectorContext,
  setup: EnvironmentSetup,
  env: Readonly<Record<string, string | undefined>>,
): Promise<TargetVersions | undefined> {
  const gate = versionGateOf(setup);
  if (gate === undefined) {
    ctx.skip("targets: versions", `environments.${setup.name}.gates has no version gate (the probe that reads each host's version)`);
    return undefined;
  }
  const expected = expectedOf(gate.spec, setup, env);
  const hosts = await Promise.all(setup.hosts.map((host) => readHost(ctx, gate.spec, setup, host)));
  return { gate: gate.name, expected, hosts, versions: groupVersions(hosts), skew: versionSkew(hosts, expected) };
}
