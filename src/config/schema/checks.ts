/**
 * Preflight checks: a list of one-key maps, the key naming the kind (`- disk: { path: /, min_free: 5GiB }`).
 * Each kind has its own strict spec; the output is a discriminated union on `kind`.
 * `warn_only` (and an optional `name`) sit inside the spec, so every item stays a one-key map.
 */
import { z } from "zod";
import { duration } from "./duration.js";
import {
  commandFields,
  diskFields,
  fileFields,
  githubFields,
  inventoryFields,
  loadFields,
  memoryFields,
  requireLoadWindow,
  runnerFields,
  secretsFields,
  systemdFields,
} from "./local-checks.js";
import { fieldMeta, report } from "./meta.js";
import { dnsFields, httpFields, prometheusUrl, requireTarget, tcpFields } from "./probes.js";
import { template, text } from "./strings.js";

const common = {
  name: text().optional().describe("Label of this check in results and logs. Default: the kind, plus its main field."),
  warn_only: z.boolean().default(false).describe("Report a failure as a warning instead of failing preflight."),
};

const prometheusFields = {
  url: prometheusUrl(),
  ready: z.boolean().default(true).describe("Require `/-/ready` to answer 200."),
  query: template().default("vector(1)").describe("A query that must return data, proving the query path and auth."),
  condition: text('a condition over `result`, e.g. "result < 0.01"')
    .optional()
    .describe("Condition over the query's `result` that must hold (the same CEL conditions as gates, docs/gates.md). An empty result fails."),
  no_firing_alerts: z.boolean().default(false).describe("Fail when any alert is firing (`/api/v1/alerts`), except those in `ignore_alerts`."),
  ignore_alerts: z
    .array(text().describe("An alert name (`alertname`)."))
    .default([])
    .describe("Alert names that do not count for `no_firing_alerts`, e.g. `[Watchdog]`."),
  timeout: duration().prefault("30s").describe("Timeout of each request."),
};

/**
 * `command`: the program is `program`, or — in the short form `command: { name: ansible-playbook }`
 * (DESIGN.md's example) — `name`. With `program` set, `name` is the check's label like everywhere else.
 */
const commandSpec = z
  .strictObject({ ...commandFields, ...common })
  .superRefine((spec, ctx) => {
    if (spec.program === undefined && spec.name === undefined) {
      report(ctx, "a command check needs `program`", { expected: 'program: ansible-playbook  (plus optional min_version: "2.14")' });
    }
  })
  .transform(({ program, name, ...rest }) =>
    program === undefined ? { ...rest, program: name ?? "" } : { ...rest, program, ...(name === undefined ? {} : { name }) },
  );

/** A one-key map `{ <kind>: spec }` whose output is `{ kind, ...spec }`. */
function kind<const K extends string, T extends z.ZodType<object>>(key: K, spec: T, description: string) {
  const shape = { [key]: spec.describe(description) } as Record<K, T>;
  return z.strictObject(shape).transform((item): { kind: K } & z.output<T> => {
    const inner = (item as Record<K, z.output<T>>)[key];
    return { kind: key, ...inner };
  });
}

const spec = <S extends z.ZodRawShape>(fields: S) => z.strictObject({ ...fields, ...common });

export const preflightCheckSchema = z
  .union([
    kind("disk", spec(diskFields), "Free space on a file system of the runner."),
    kind("memory", spec(memoryFields), "Available memory on the runner."),
    kind("load", spec(loadFields).superRefine(requireLoadWindow), "Load average per CPU on the runner (from /proc/loadavg)."),
    kind("command", commandSpec, "A program is installed (and recent enough)."),
    kind("file", spec(fileFields), "A file exists (or does not), and is writable."),
    kind("inventory", spec(inventoryFields), "The inventory selects real production hosts: no loopback, enough hosts, required variables set."),
    kind("tcp", spec(tcpFields).superRefine(requireTarget("tcp", "host")), "A TCP port accepts connections."),
    kind("http", spec(httpFields), "An HTTP endpoint answers with an accepted status (and body)."),
    kind("dns", spec(dnsFields).superRefine(requireTarget("dns", "host")), "A DNS name resolves."),
    kind("prometheus", spec(prometheusFields), "Prometheus is ready, answers queries (optionally satisfying a condition), and no alerts are firing."),
    kind("systemd", spec(systemdFields), "A systemd unit on the runner host (by default the runner's own service) is active (or inactive)."),
    kind("runner", spec(runnerFields), "The runner running this job is in the expected group, with the expected labels and version."),
    kind("secrets", spec(secretsFields), "The named secret environment variables are set (values are never read into output)."),
    kind(
      "github",
      spec(githubFields),
      "The GitHub API is reachable with rate limit to spare; the branch is protected and the environment has required reviewers.",
    ),
  ])
  .register(fieldMeta, { type: "check", expected: "a one-key map naming the check kind, e.g. `disk: { path: /, min_free: 5GiB }`" })
  .describe("One preflight check: a map with exactly one key, the check kind.");

export type PreflightCheck = z.output<typeof preflightCheckSchema>;
export type PreflightKind = PreflightCheck["kind"];
/** The spec of one preflight kind, e.g. `PreflightCheckOf<"disk">`. */
export type PreflightCheckOf<K extends PreflightKind> = Extract<PreflightCheck, { kind: K }>;
