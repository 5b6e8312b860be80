/**
 * `dns`: a name has a record of the given type. `A`/`AAAA` go through the system resolver
 * (getaddrinfo: /etc/hosts and DNS, what ssh and Ansible see); `CNAME`/`SRV`/`TXT` ask DNS servers
 * (the system's, or `servers`).
 */
import { lookup, Resolver } from "node:dns/promises";
import { isIP } from "node:net";
import type { PreflightCheckOf } from "../config/schema.js";
import { InputError } from "../model/errors.js";
import type { KindDefinition } from "./context.js";
import { errorCode } from "../model/system-errors.js";
import { errorText } from "./format.js";
import { defaultHost } from "./tcp.js";
import type { Outcome, Probe } from "./types.js";

export type DnsRecord = "A" | "AAAA" | "CNAME" | "SRV" | "TXT";

export interface DnsProbeOptions {
  readonly name: string;
  readonly record: DnsRecord;
  readonly timeoutMs: number;
  /** DNS servers (`host` or `host:port`) for CNAME/SRV/TXT. Default: the system's. */
  readonly servers?: readonly string[];
}

/** Codes that mean the answer is "no such record" (unhealthy), not "could not ask". */
const NO_RECORD = new Set(["ENOTFOUND", "ENODATA", "NXDOMAIN", "ENONAME"]);

async function resolveRecords(options: DnsProbeOptions, signal: AbortSignal): Promise<string[]> {
  if (options.record === "A" || options.record === "AAAA") {
    const found = await lookup(options.name, { family: options.record === "A" ? 4 : 6, all: true });
    return found.map((entry) => entry.address);
  }
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 2 });
  if (options.servers !== undefined) resolver.setServers([...options.servers]);
  const cancel = () => resolver.cancel();
  signal.addEventListener("abort", cancel, { once: true });
  try {
    switch (options.record) {
      case "CNAME":
        return await resolver.resolveCname(options.name);
      case "SRV":
        return (await resolver.resolveSrv(options.name)).map((r) => `${r.priority} ${r.weight} ${r.port} ${r.name}`);
      case "TXT":
        return (await resolver.resolveTxt(options.name)).map((chunks) => chunks.join(""));
    }
  } finally {
    signal.removeEventListener("abort", cancel);
  }
}

/** A DNS server as `Resolver.setServers` takes it: an IP address, optionally with a port (`[v6]:port`). */
export function dnsServer(text: string): string {
  const trimmed = text.trim();
  const bare = /^\[(.+)\](?::\d{1,5})?$/.exec(trimmed)?.[1] ?? (/^[^:]+:\d{1,5}$/.test(trimmed) ? trimmed.split(":")[0] : trimmed);
  if (bare === undefined || isIP(bare) === 0) {
    throw new InputError("RW_CHECK_SETTING", `DNS server '${trimmed}' is not an IP address (with an optional :port)`, [], {
      hint: "set the inventory variable to the resolver's address and optional port, e.g. dns_server: resolver.internal:53",
    });
  }
  return trimmed;
}

export function dnsProbe(options: DnsProbeOptions): Probe {
  const what = `${options.record} ${options.name}`;
  return {
    timeoutMs: options.timeoutMs,
    async body(_ctx, signal): Promise<Outcome> {
      let records: string[];
      try {
        records = await resolveRecords(options, signal);
      } catch (e: unknown) {
        if (signal.aborted) throw e;
        const code = errorCode(e);
        if (code !== undefined && NO_RECORD.has(code)) return { status: "fail", summary: `no ${what} record (${code})` };
        return { status: "error", summary: `could not resolve ${what}: ${errorText(e)}` };
      }
      if (records.length === 0) return { status: "fail", summary: `no ${what} record` };
      return {
        status: "pass",
        summary: `${what} → ${records.slice(0, 3).join(", ")}${records.length > 3 ? ` (+${records.length - 3})` : ""}`,
        evidence: records,
      };
    },
  };
}

type DnsSpec = Omit<PreflightCheckOf<"dns">, "name" | "warn_only">;

export const dnsKind: KindDefinition<DnsSpec> = {
  kind: "dns",
  description: "A DNS name resolves (A, AAAA, CNAME, SRV or TXT).",
  label: (spec) => `dns ${spec.record} ${spec.host ?? ""}`.trimEnd(),
  perHost: (spec) => spec.each_host,
  probe(spec, target) {
    const name = spec.host === undefined ? defaultHost(target) : target.render(spec.host);
    if (name === undefined || name === "") {
      throw new InputError("RW_CHECK_TARGET", "dns check without a host to resolve", [], { hint: "set `host`, or `each_host: true`" });
    }
    const servers = spec.servers?.map((server) => dnsServer(target.render(server)));
    return dnsProbe({ name, record: spec.record, timeoutMs: spec.timeout, ...(servers === undefined ? {} : { servers }) });
  },
};
