/**
 * The parts of the Prometheus HTTP API that probes use: `/-/ready`, `/api/v1/query` (POST, form
 * encoded) and `/api/v1/alerts`. Responses are validated with a schema of only the fields used;
 * sample values arrive as strings (`"0.5"`, `"NaN"`, `"+Inf"`, `"-Inf"`).
 */
import { z } from "zod";
import { errorText } from "./format.js";

export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  /** The value (for a matrix series: the latest one). */
  readonly value: number;
  /** Matrix series only: every value in the range, oldest first. */
  readonly values?: readonly number[];
}

export type QueryResult =
  | { readonly type: "vector"; readonly samples: readonly Sample[] }
  | { readonly type: "matrix"; readonly samples: readonly Sample[] }
  | { readonly type: "scalar"; readonly value: number }
  | { readonly type: "string"; readonly value: string };

export interface Alert {
  readonly name: string;
  readonly state: "pending" | "firing" | "inactive";
  readonly labels: Readonly<Record<string, string>>;
  readonly activeAt?: string;
}

/** Why Prometheus gave no answer: `unreachable` (no connection), `unavailable` (503, starting or stopping), `rejected` (a query error), `malformed`. */
export class PrometheusError extends Error {
  constructor(
    readonly reason: "unreachable" | "unavailable" | "rejected" | "malformed",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "PrometheusError";
  }
}

/** A Prometheus sample value: `"NaN"`, `"+Inf"`, `"-Inf"` or a decimal. */
export function parseSampleValue(text: string): number {
  if (text === "+Inf" || text === "Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  if (text === "NaN") return Number.NaN;
  return Number(text);
}

/** The reverse, for display: `NaN`, `+Inf`, `0.0123`. */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(Number(value.toPrecision(6)));
}

const pair = z.tuple([z.number(), z.string()]);
const labels = z.record(z.string(), z.string());
const data = z.discriminatedUnion("resultType", [
  z.object({ resultType: z.literal("vector"), result: z.array(z.object({ metric: labels, value: pair })) }),
  z.object({ resultType: z.literal("matrix"), result: z.array(z.object({ metric: labels, values: z.array(pair) })) }),
  z.object({ resultType: z.literal("scalar"), result: pair }),
  z.object({ resultType: z.literal("string"), result: pair }),
]);
const envelope = z.object({
  status: z.enum(["success", "error"]),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional(),
});
const alertsData = z.object({
  alerts: z.array(z.object({ labels, state: z.enum(["pending", "firing", "inactive"]), activeAt: z.string().optional() })),
});

function endpoint(base: string, path: string): URL {
  return new URL(path, base.endsWith("/") ? base : `${base}/`);
}

async function call(url: URL, init: RequestInit): Promise<{ status: number; text: string; json: boolean }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: "error" });
  } catch (e: unknown) {
    if (init.signal?.aborted === true) throw e;
    throw new PrometheusError("unreachable", `${url.origin}: ${errorText(e)}`, { cause: e });
  }
  const text = await response.text();
  return { status: response.status, text, json: (response.headers.get("content-type") ?? "").includes("json") };
}

async function api(url: URL, init: RequestInit): Promise<{ data: unknown; warnings: readonly string[] }> {
  const reply = await call(url, init);
  if (!reply.json) {
    const reason = reply.status === 503 ? "unavailable" : "malformed";
    throw new PrometheusError(reason, `${url.pathname}: HTTP ${reply.status}: ${reply.text.trim().slice(0, 200)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(reply.text);
  } catch {
    throw new PrometheusError("malformed", `${url.pathname}: HTTP ${reply.status}: not JSON`);
  }
  const parsed = envelope.safeParse(json);
  if (!parsed.success) throw new PrometheusError("malformed", `${url.pathname}: unexpected response shape`);
  if (parsed.data.status === "error") {
    const reason = parsed.data.errorType === "timeout" || reply.status === 503 ? "unavailable" : "rejected";
    throw new PrometheusError(reason, `${url.pathname}: ${parsed.data.errorType ?? "error"}: ${parsed.data.error ?? ""}`);
  }
  return { data: parsed.data.data, warnings: parsed.data.warnings ?? [] };
}

/** Whether `/-/ready` answers 200 (a starting or stopping server answers 503). */
export async function prometheusReady(base: string, signal: AbortSignal): Promise<{ ready: boolean; detail: string }> {
  const reply = await call(endpoint(base, "-/ready"), { signal });
  return { ready: reply.status === 200, detail: `HTTP ${reply.status}: ${reply.text.trim().slice(0, 120)}` };
}

/** An instant query. `timeoutMs` is also sent to Prometheus so it stops evaluating in time. */
export async function prometheusQuery(
  base: string,
  query: string,
  options: { readonly signal: AbortSignal; readonly timeoutMs: number },
): Promise<{ result: QueryResult; warnings: readonly string[] }> {
  const body = new URLSearchParams({ query, timeout: `${Math.max(1, Math.floor(options.timeoutMs / 1000))}s` });
  const reply = await api(endpoint(base, "api/v1/query"), { method: "POST", body, signal: options.signal });
  const parsed = data.safeParse(reply.data);
  if (!parsed.success) throw new PrometheusError("malformed", "query: unexpected result shape (native histograms are not supported)");
  const d = parsed.data;
  const result: QueryResult =
    d.resultType === "vector"
      ? { type: "vector", samples: d.result.map((s) => ({ labels: s.metric, value: parseSampleValue(s.value[1]) })) }
      : d.resultType === "matrix"
        ? {
            type: "matrix",
            samples: d.result.map((s) => {
              const values = s.values.map((v) => parseSampleValue(v[1]));
              return { labels: s.metric, value: values.at(-1) ?? Number.NaN, values };
            }),
          }
        : d.resultType === "scalar"
          ? { type: "scalar", value: parseSampleValue(d.result[1]) }
          : { type: "string", value: d.result[1] };
  return { result, warnings: reply.warnings };
}

/** Active alerts (pending and firing). */
export async function prometheusAlerts(base: string, signal: AbortSignal): Promise<Alert[]> {
  const reply = await api(endpoint(base, "api/v1/alerts"), { signal });
  const parsed = alertsData.safeParse(reply.data);
  if (!parsed.success) throw new PrometheusError("malformed", "alerts: unexpected response shape");
  return parsed.data.alerts.map((a) => ({
    name: a.labels["alertname"] ?? "(unnamed)",
    state: a.state,
    labels: a.labels,
    ...(a.activeAt === undefined ? {} : { activeAt: a.activeAt }),
  }));
}
