/**
 * Health gates: one probe (`http`, `tcp`, `prometheus`, `command` or `version`) measured `count`
 * times every `interval`, with failure and error budgets. Semantics: docs/gates.md (Argo Rollouts'
 * analysis fields, failing closed).
 */
import { z } from "zod";
import { duration } from "./duration.js";
import { report } from "./meta.js";
import { httpFields, noDataPolicy, prometheusUrl, requireTarget, tcpFields } from "./probes.js";
import { addressTemplate, template, text } from "./strings.js";

const prometheusGate = z
  .strictObject({
    url: prometheusUrl(),
    query: template().describe("PromQL instant query (a template, e.g. with `{{ environment }}` in a label matcher)."),
    condition: text('a condition over `result`, e.g. "result < 0.01"').describe(
      "Condition over the query's `result` that must hold for a measurement to pass, e.g. `result < 0.01`. Stored as written; evaluated by the gate engine.",
    ),
    no_data: noDataPolicy().optional().describe("What an empty result means for this query. Overrides the gate's `no_data`."),
    timeout: duration().prefault("30s").describe("Query timeout."),
  })
  .describe("A Prometheus instant query whose result must satisfy `condition`.");

const commandGate = z
  .strictObject({
    run: template().describe("Shell command (a template); exit status 0 (or `expect_exit`) is a pass."),
    expect_exit: z.int().min(0).max(255).default(0).describe("Exit status that counts as a pass."),
    timeout: duration().prefault("1m").describe("Time limit of one run; a run that exceeds it is an error measurement."),
  })
  .describe("A command whose exit status decides each measurement.");

const versionGate = z
  .strictObject({
    url: addressTemplate({ url: true, variable: "ansible_host" }).describe(
      "Each host's version endpoint (a template rendered per host), e.g. `http://{{ ansible_host }}:8080/version`.",
    ),
    json_path: text("a JSON path, e.g. $.sha")
      .optional()
      .describe("Where the body (JSON) holds the version, e.g. `$.sha` or `$.build.commit`. Without it, the body must contain the expected version."),
    expect: template()
      .default("{{ sha }}")
      .describe("The version every host must report (a template). Default: the deployed commit, `{{ sha }}` (`--sha`, else `$GITHUB_SHA`)."),
    tls_verify: z.boolean().default(true).describe("Verify the servers' TLS certificates (https only)."),
    timeout: duration().prefault("10s").describe("Timeout of one request to one host."),
  })
  .describe(
    "The deployed version is live on every host of the environment: each host's endpoint reports `expect`. A reported commit matches when it equals the expected one or is a prefix of it of at least 7 characters.",
  );

const PROBES = ["http", "tcp", "prometheus", "command", "version"] as const;

/** The one probe that is set, tagged with its kind (the prometheus `no_data` moves to the gate). */
function pickProbe(
  http: z.output<z.ZodObject<typeof httpFields>> | undefined,
  tcp: z.output<z.ZodObject<typeof tcpFields>> | undefined,
  prometheus: z.output<typeof prometheusGate> | undefined,
  command: z.output<typeof commandGate> | undefined,
  version: z.output<typeof versionGate> | undefined,
) {
  if (version !== undefined) return { kind: "version" as const, ...version };
  if (http !== undefined) return { kind: "http" as const, ...http };
  if (tcp !== undefined) return { kind: "tcp" as const, ...tcp };
  if (prometheus !== undefined) {
    const { url, query, condition, timeout } = prometheus;
    return { kind: "prometheus" as const, url, query, condition, timeout };
  }
  if (command !== undefined) return { kind: "command" as const, ...command };
  return undefined;
}

export const gateSchema = z
  .strictObject({
    name: text().describe("Name of the gate in results, logs and the step summary."),
    http: z.strictObject(httpFields).optional().describe("Probe: an HTTP request."),
    tcp: z.strictObject(tcpFields).superRefine(requireTarget("tcp", "host")).optional().describe("Probe: a TCP connection."),
    prometheus: prometheusGate.optional().describe("Probe: a Prometheus query and a condition over its result."),
    command: commandGate.optional().describe("Probe: a command's exit status."),
    initial_delay: duration().prefault("0s").describe("Wait before the first measurement (lets rate windows start after the deploy)."),
    interval: duration().prefault("10s").describe("Time between measurements."),
    count: z.int().min(1).default(1).describe("Number of measurements."),
    failure_limit: z.int().min(0).default(0).describe("Failed measurements tolerated; one more fails the gate."),
    consecutive_error_limit: z
      .int()
      .min(0)
      .default(4)
      .describe(
        "Consecutive error measurements (could not measure: timeout, provider down) tolerated, each retried at the next interval; one more ends the gate with verdict `error` (could not tell: exit 3), never a pass.",
      ),
    min_successes: z
      .int()
      .min(1)
      .optional()
      .describe("Successful measurements required to pass. Default: `count - failure_limit` (at least 1), so errors never add up to a pass."),
    no_data: noDataPolicy()
      .optional()
      .describe("What an empty result means: `fail` (the default: fail closed), `pass`, or `inconclusive` (the gate cannot pass)."),
    dry_run: z.boolean().default(false).describe("Measure and report, but never fail the deploy."),
    // Listed last so the older keys keep their documented order.
    version: versionGate.optional().describe("Probe: the deployed version is live on every host."),
    phase: z
      .enum(["pre", "post"])
      .default("post")
      .describe(
        "When the gate runs: `post` (after the deploy command, the default) or `pre` (before it, e.g. no firing alerts); `runwarden gate --phase` picks one.",
      ),
  })
  // For editors: exactly one probe key (the refinement below says the same in words).
  .meta({ oneOf: PROBES.map((probe) => ({ required: [probe] })) })
  .superRefine((gate, ctx) => {
    const present = PROBES.filter((probe) => gate[probe] !== undefined);
    if (present.length === 0) {
      report(ctx, "a gate needs one probe: http, tcp, prometheus, command or version", {
        expected: "one of the keys http, tcp, prometheus, command, version",
        hint: 'e.g. http: { url: "http://{{ ansible_host }}:8080/health", each_host: true }',
      });
    }
    for (const extra of present.slice(1)) {
      report(ctx, `a gate has exactly one probe; found ${present.join(" and ")}`, { hint: "split it into two gates" }, [extra]);
    }
    if (gate.failure_limit >= gate.count) {
      report(
        ctx,
        `failure_limit (${gate.failure_limit}) must be less than count (${gate.count}), or the gate can never fail`,
        {
          expected: `an integer below ${gate.count}`,
        },
        ["failure_limit"],
      );
    }
    if (gate.min_successes !== undefined && gate.min_successes > gate.count) {
      report(
        ctx,
        `min_successes (${gate.min_successes}) exceeds count (${gate.count}), so the gate could never pass`,
        {
          expected: `an integer from 1 to ${gate.count}`,
        },
        ["min_successes"],
      );
    }
    const probeNoData = gate.prometheus?.no_data;
    if (probeNoData !== undefined && gate.no_data !== undefined && probeNoData !== gate.no_data) {
      report(
        ctx,
        `no_data is set twice with different values (${gate.no_data} here, ${probeNoData} in prometheus)`,
        {
          hint: "keep one of them",
        },
        ["no_data"],
      );
    }
  })
  .transform(({ http, tcp, prometheus, command, version, ...common }, ctx) => {
    const probe = pickProbe(http, tcp, prometheus, command, version);
    if (probe === undefined) {
      report(ctx, "a gate needs one probe: http, tcp, prometheus, command or version");
      return z.NEVER;
    }
    return {
      ...common,
      no_data: prometheus?.no_data ?? common.no_data ?? "fail",
      min_successes: common.min_successes ?? Math.max(1, common.count - common.failure_limit),
      probe,
    };
  })
  .describe("A health gate: exactly one probe key plus sampling and budget fields.");

export type Gate = z.output<typeof gateSchema>;
export type GateProbe = Gate["probe"];
export type GateProbeKind = GateProbe["kind"];
export type GatePhase = Gate["phase"];
