/**
 * `http`: an endpoint answers with an accepted status, and optionally a body that contains a text
 * (e.g. `{{ sha }}`: the new version is live), matches a regex, or has a JSON value at a path;
 * within a latency ceiling; with a TLS certificate valid for at least N more days.
 */
import type { PreflightCheckOf } from "../config/schema.js";
import type { KindDefinition } from "./context.js";
import { excerpt, formatMs } from "./format.js";
import type { HttpExchange } from "./http-request.js";
import { jsonEqual, lookupJson, parseJsonPath, type PathSegment } from "./json-path.js";
import { probeRequest } from "./probe-request.js";
import type { Outcome, Probe } from "./types.js";

export interface HttpProbeOptions {
  readonly url: string;
  readonly method?: "GET" | "HEAD";
  /** Accepted status codes. Default [200]. */
  readonly status?: readonly number[];
  readonly bodyContains?: string;
  readonly bodyRegex?: RegExp;
  /** The body is JSON and the value at `path` equals `equals` (structurally). */
  readonly json?: { readonly path: string; readonly equals: unknown };
  /** Time to response headers must not exceed this. */
  readonly maxLatencyMs?: number;
  /** https: the certificate must stay valid at least this many more days. */
  readonly minCertDays?: number;
  /** Verify the TLS certificate (default true). */
  readonly tlsVerify?: boolean;
  readonly timeoutMs: number;
}

const DAY_MS = 86_400_000;

function checkJson(exchange: HttpExchange, path: readonly PathSegment[], rawPath: string, equals: unknown, problems: string[]): void {
  let document: unknown;
  try {
    document = JSON.parse(exchange.body);
  } catch {
    problems.push(`body is not JSON (needed for ${rawPath})`);
    return;
  }
  const found = lookupJson(document, path);
  if (!found.found) problems.push(`JSON has no ${found.missing}`);
  else if (!jsonEqual(found.value, equals)) problems.push(`${rawPath} is ${JSON.stringify(found.value)}, expected ${JSON.stringify(equals)}`);
}

function checkCertificate(exchange: HttpExchange, minDays: number | undefined, now: number, problems: string[], notes: string[]): void {
  const cert = exchange.certificate;
  if (cert === undefined) {
    if (minDays !== undefined) problems.push("no TLS certificate to check (not https?)");
    return;
  }
  const left = (cert.validTo.getTime() - now) / DAY_MS;
  const days = Math.floor(left);
  const when = cert.validTo.toISOString().slice(0, 10);
  if (left < 0) problems.push(`TLS certificate expired ${Math.floor(-left)} day(s) ago (${when})`);
  else if (minDays !== undefined && days < minDays) problems.push(`TLS certificate expires in ${days} day(s) (${when}), below ${minDays}`);
  else notes.push(`certificate valid ${days} more day(s)`);
}

export function httpProbe(options: HttpProbeOptions): Probe {
  const request = probeRequest({
    url: options.url,
    method: options.method ?? "GET",
    ...(options.tlsVerify === undefined ? {} : { tlsVerify: options.tlsVerify }),
  });
  const accepted = options.status ?? [200];
  const jsonPath = options.json === undefined ? undefined : parseJsonPath(options.json.path);
  return {
    timeoutMs: options.timeoutMs,
    async body(ctx, signal): Promise<Outcome> {
      const answer = await request.send(signal);
      if ("failure" in answer) return answer.failure;
      const { exchange } = answer;
      const problems: string[] = [];
      const notes: string[] = [];
      if (!accepted.includes(exchange.status)) problems.push(`status ${exchange.status}, expected ${accepted.join(" or ")}`);
      if (options.bodyContains !== undefined && !exchange.body.includes(options.bodyContains)) {
        problems.push(`body does not contain '${options.bodyContains}'`);
      }
      if (options.bodyRegex !== undefined) options.bodyRegex.lastIndex = 0;
      if (options.bodyRegex !== undefined && !options.bodyRegex.test(exchange.body)) problems.push(`body does not match /${options.bodyRegex.source}/`);
      if (jsonPath !== undefined && options.json !== undefined) checkJson(exchange, jsonPath, options.json.path, options.json.equals, problems);
      // A wrong status or body: show what the server said.
      const showBody = problems.length > 0 && options.method !== "HEAD";
      if (options.maxLatencyMs !== undefined && exchange.latencyMs > options.maxLatencyMs) {
        problems.push(`answered in ${formatMs(exchange.latencyMs)}, above ${formatMs(options.maxLatencyMs)}`);
      }
      checkCertificate(exchange, options.minCertDays, ctx.now(), problems, notes);
      const evidence = [request.evidence(exchange)];
      if (showBody) evidence.push(`body: ${excerpt(exchange.body, 200)}${exchange.truncated ? " (truncated)" : ""}`);
      if (exchange.certificate !== undefined) {
        evidence.push(`certificate ${exchange.certificate.subject} valid to ${exchange.certificate.validTo.toISOString()}`);
      }
      if (problems.length > 0) return { status: "fail", summary: problems.join("; "), evidence };
      return { status: "pass", summary: [`${exchange.status} in ${formatMs(exchange.latencyMs)}`, ...notes].join(", "), evidence };
    },
  };
}

type HttpSpec = Omit<PreflightCheckOf<"http">, "name" | "warn_only">;

export const httpKind: KindDefinition<HttpSpec> = {
  kind: "http",
  description: "An HTTP(S) endpoint answers with an accepted status, body, latency and certificate.",
  label: (spec) => `http ${spec.url}`,
  perHost: (spec) => spec.each_host,
  probe: (spec, target) =>
    httpProbe({
      url: target.render(spec.url),
      method: spec.method,
      status: spec.status,
      ...(spec.body_contains === undefined ? {} : { bodyContains: target.render(spec.body_contains) }),
      ...(spec.body_regex === undefined ? {} : { bodyRegex: new RegExp(spec.body_regex, "u") }),
      ...(spec.json === undefined
        ? {}
        : { json: { path: spec.json.path, equals: typeof spec.json.equals === "string" ? target.render(spec.json.equals) : spec.json.equals } }),
      ...(spec.max_latency === undefined ? {} : { maxLatencyMs: spec.max_latency }),
      ...(spec.min_cert_days === undefined ? {} : { minCertDays: spec.min_cert_days }),
      tlsVerify: spec.tls_verify,
      timeoutMs: spec.timeout,
    }),
};
