/**
 * `prometheus`: monitoring is up — `/-/ready` answers 200, a query returns data (proving the query
 * path and auth) and optionally satisfies a condition, and no alerts are firing.
 * The URL comes from templates (`monitoring.prometheus_url: "{{ prometheus_url }}"`), never a literal.
 */
import type { PreflightCheckOf } from "../config/schema.js";
import { renderTemplate } from "../config/template.js";
import { InputError } from "../model/errors.js";
import { evaluateCondition, parseCondition, type Condition } from "./condition.js";
import type { BuildTarget, KindDefinition } from "./context.js";
import { errorText } from "./format.js";
import { networkFailure } from "./net-errors.js";
import { PrometheusError, prometheusAlerts, prometheusQuery, prometheusReady } from "./prometheus-api.js";
import type { Outcome, Probe } from "./types.js";

export interface PrometheusProbeOptions {
  /** Base URL, e.g. `https://prometheus.example.org` or with a path prefix. */
  readonly url: string;
  /** Require `/-/ready` to answer 200 (default true). */
  readonly ready?: boolean;
  /** An instant query that must return data. */
  readonly query?: string;
  /** A condition the query's result must satisfy (parsed with `parseCondition`). */
  readonly condition?: Condition;
  /** Fail when any alert is firing (except those named in `ignoreAlerts`). */
  readonly noFiringAlerts?: boolean;
  readonly ignoreAlerts?: readonly string[];
  readonly timeoutMs: number;
}

/** An outcome for a failed Prometheus call: refused/unresolvable → fail (monitoring is down), else error. */
export function prometheusFailure(e: unknown, base: string): Outcome {
  if (e instanceof PrometheusError && e.reason === "unreachable") return networkFailure(e.cause, `Prometheus ${base}`);
  if (e instanceof PrometheusError && e.reason === "unavailable") return { status: "fail", summary: `Prometheus ${base} is not available: ${e.message}` };
  return { status: "error", summary: `Prometheus ${base}: ${errorText(e)}` };
}

export function prometheusProbe(options: PrometheusProbeOptions): Probe {
  const base = options.url;
  return {
    timeoutMs: options.timeoutMs,
    async body(_ctx, signal): Promise<Outcome> {
      const found: string[] = [];
      try {
        if (options.ready ?? true) {
          const ready = await prometheusReady(base, signal);
          if (!ready.ready) return { status: "fail", summary: `Prometheus ${base} is not ready (${ready.detail})` };
          found.push("ready");
        }
        if (options.query !== undefined) {
          const { result } = await prometheusQuery(base, options.query, { signal, timeoutMs: options.timeoutMs });
          if (options.condition === undefined) {
            const empty = (result.type === "vector" || result.type === "matrix") && result.samples.length === 0;
            if (empty) return { status: "fail", summary: `query '${options.query}' returned no data`, evidence: found };
            found.push(`query '${options.query}' returned data`);
          } else {
            const outcome = evaluateCondition(options.condition, result);
            if (outcome.status === "no_data") return { status: "fail", summary: `query '${options.query}': ${outcome.summary}`, evidence: found };
            if (outcome.status !== "pass") return { status: outcome.status, summary: `query '${options.query}': ${outcome.summary}`, evidence: found };
            found.push(outcome.summary);
          }
        }
        if (options.noFiringAlerts === true) {
          const ignored = new Set(options.ignoreAlerts ?? []);
          const firing = (await prometheusAlerts(base, signal)).filter((a) => a.state === "firing" && !ignored.has(a.name));
          if (firing.length > 0) {
            const names = [...new Set(firing.map((a) => a.name))];
            return {
              status: "fail",
              summary: `${firing.length} alert(s) firing: ${names.join(", ")}`,
              evidence: firing.slice(0, 20).map((a) => `${a.name} since ${a.activeAt ?? "?"} ${JSON.stringify(a.labels)}`),
            };
          }
          found.push("no alerts firing");
        }
      } catch (e: unknown) {
        if (signal.aborted) throw e;
        return prometheusFailure(e, base);
      }
      return { status: "pass", summary: `Prometheus ${base}: ${found.join("; ") || "reachable"}` };
    },
  };
}

/**
 * The Prometheus base URL of a probe: its own `url`, else `monitoring.prometheus_url`, rendered.
 *
 * Monitoring discovery: the template is rendered with each host's variables (the hosts the
 * environment's pattern selects), as a play over those hosts would see it; every host must give the
 * same URL, else it is bad input naming the hosts that disagree. Without hosts, the context's
 * variables are used. Inside an `each_host` expansion, the host's own variables are used.
 */
export function prometheusBase(url: string | undefined, target: BuildTarget): string {
  const template = url ?? target.context.prometheusUrl;
  if (template === undefined) {
    throw new InputError("RW_PROMETHEUS_URL", "no Prometheus URL", [], {
      hint: 'set monitoring.prometheus_url: "{{ prometheus_url }}" and define prometheus_url in the inventory',
    });
  }
  const hosts = target.context.hosts ?? [];
  if (target.host !== undefined || hosts.length === 0) return target.render(template);
  const byUrl = new Map<string, string[]>();
  for (const host of hosts) {
    let rendered: string;
    try {
      rendered = renderTemplate(template, { ...target.vars, inventory_hostname: host.name, ...host.vars });
    } catch (e: unknown) {
      if (!(e instanceof InputError)) throw e;
      throw new InputError(e.code, `Prometheus URL '${template}' for host ${host.name}: ${e.message}`, [], e.hint === undefined ? {} : { hint: e.hint });
    }
    byUrl.set(rendered, [...(byUrl.get(rendered) ?? []), host.name]);
  }
  const [first, ...others] = [...byUrl.entries()];
  if (first === undefined) return target.render(template);
  if (others.length > 0) {
    const shown = [first, ...others].map(
      ([found, names]) => `${found} for ${names.slice(0, 3).join(", ")}${names.length > 3 ? ` (+${names.length - 3})` : ""}`,
    );
    throw new InputError("RW_PROMETHEUS_URL_AMBIGUOUS", `the hosts disagree on the Prometheus URL '${template}': ${shown.join("; ")}`, [], {
      hint: "define prometheus_url once for the environment (group_vars/all or the environment's group), or set the check's own url",
    });
  }
  return first[0];
}

type PrometheusSpec = Omit<PreflightCheckOf<"prometheus">, "name" | "warn_only">;

export const prometheusKind: KindDefinition<PrometheusSpec> = {
  kind: "prometheus",
  description: "Prometheus is ready, answers a query (optionally with a condition), and no alerts are firing.",
  label: () => "prometheus",
  perHost: () => false,
  probe: (spec, target) =>
    prometheusProbe({
      url: prometheusBase(spec.url, target),
      ready: spec.ready,
      query: target.render(spec.query),
      ...(spec.condition === undefined ? {} : { condition: parseCondition(spec.condition) }),
      noFiringAlerts: spec.no_firing_alerts,
      ignoreAlerts: spec.ignore_alerts,
      timeoutMs: spec.timeout,
    }),
};
