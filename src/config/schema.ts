/**
 * The one schema of runwarden.yml: types, validation, defaults, the JSON Schema editors use
 * (json-schema.ts) and the reference docs (reference-doc.ts) all come from here.
 * Input keys are snake_case as written in YAML; the output keeps them, with durations in
 * milliseconds, sizes and the store as tagged objects, and list-or-one values as lists.
 */
import { z } from "zod";
import { auditSchema } from "./schema/audit.js";
import { environmentSchema } from "./schema/environment.js";
import { githubSchema } from "./schema/github.js";
import { lintSchema } from "./schema/lint.js";
import { maskSchema } from "./schema/mask.js";
import { fieldMeta, report } from "./schema/meta.js";
import { sloSchema } from "./schema/slo.js";
import { storeSchema } from "./schema/store.js";
import { duration } from "./schema/duration.js";
import { addressTemplate, text } from "./schema/strings.js";

export const monitoringSchema = z
  .strictObject({
    prometheus_url: addressTemplate({ url: true, variable: "prometheus_url" })
      .optional()
      .describe("Prometheus base URL, a template resolved from inventory vars: `{{ prometheus_url }}`. Never a literal address."),
    timeout: duration().prefault("30s").describe("Default timeout of Prometheus queries."),
  })
  .describe("Where monitoring lives. Addresses come from the inventory.");

const inventorySchema = z
  .union([text("a path").describe("An inventory path."), z.array(text("a path").describe("An inventory path.")).min(1)])
  .register(fieldMeta, { type: "path or list of paths", expected: "an inventory path, or a list of them (relative to this file)" })
  .transform((value) => (typeof value === "string" ? [value] : value));

/** GitHub environment names: 1–255 characters, no control characters, no leading/trailing space. */
const environmentName = z
  .string()
  .regex(/^(?! )[^\u0000-\u001f\u007f]{1,255}(?<! )$/u, { error: "not a valid environment name" })
  .register(fieldMeta, { type: "environment name", expected: "an environment name (1–255 characters, no control characters)" });

export const configSchema = z
  .strictObject({
    github: githubSchema.prefault({}),
    inventory: inventorySchema.describe(
      "Ansible inventory: a file or directory (INI, YAML, with `group_vars/`/`host_vars/`), or a list of them. Relative to this file.",
    ),
    store: storeSchema
      .prefault("sqlite:.runwarden/state.db")
      .describe("State store: `sqlite:PATH` (relative to this file) or `postgres://USER@HOST/DB` (password via `PGPASSWORD`)."),
    monitoring: monitoringSchema.prefault({}),
    mask: maskSchema.prefault({}),
    lint: lintSchema.prefault({}),
    audit: auditSchema.prefault({}),
    slo: sloSchema.prefault({}),
    environments: z
      .record(environmentName, environmentSchema)
      .superRefine((environments, ctx) => {
        if (Object.keys(environments).length === 0) report(ctx, "define at least one environment", { expected: "a mapping of environment names" });
      })
      .describe("Deployment environments by name (the GitHub environment name)."),
  })
  .describe("runwarden configuration (runwarden.yml).");

/** A validated configuration, defaults applied. */
export type Config = z.output<typeof configSchema>;
/** What may be written in runwarden.yml. */
export type ConfigInput = z.input<typeof configSchema>;
export type MonitoringConfig = z.output<typeof monitoringSchema>;

export type { EnvironmentConfig, RunnerGroup, Guards, DeployConfig } from "./schema/environment.js";
export type { PreflightCheck, PreflightKind, PreflightCheckOf } from "./schema/checks.js";
export type { Gate, GateProbe, GateProbeKind } from "./schema/gates.js";
export type { GithubConfig } from "./schema/github.js";
export type { MaskConfig } from "./schema/mask.js";
export type { StoreConfig } from "./schema/store.js";
export type { SloConfig, SloOverride } from "./schema/slo.js";
export type { Size } from "./schema/size.js";
