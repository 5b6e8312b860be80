/** Specs of the preflight checks that look at the runner itself: disk, memory, load, command, file, systemd, runner, secrets, github, inventory. */
import { z } from "zod";
import { duration } from "./duration.js";
import { fieldMeta, report, type IssueSink } from "./meta.js";
import { size } from "./size.js";
import { envVarName, text } from "./strings.js";

const VERSION_EXPECTED = 'a version written as a quoted string, e.g. "2.14"';

/** A dotted version such as "2.14" or "2.14.1": a string, because YAML reads 2.10 as the number 2.1. */
export const version = () =>
  z
    .string()
    .regex(/^\d+(\.\d+){0,3}$/, { error: "not a version (digits separated by dots)" })
    .register(fieldMeta, {
      type: "version",
      expected: VERSION_EXPECTED,
      hint: (found) => (typeof found === "number" ? `quote it: "${found}" (YAML reads an unquoted 2.10 as the number 2.1)` : undefined),
    });

export const diskFields = {
  path: text("a path").default("/").describe("A path on the file system to measure (the runner's work directory is a good choice)."),
  min_free: size().describe("Free space required: bytes (`5GiB`, `500MB`) or a share of the file system (`10%`)."),
};

export const memoryFields = {
  min_available: size().describe("Available memory required: bytes (`2GiB`) or a share of the total (`10%`)."),
};

const LOAD_EXPECTED = "a load average per CPU, e.g. 1.5 (a number above 0)";
const perCpu = (window: string) =>
  z
    .number()
    .positive()
    .register(fieldMeta, { type: "number", expected: LOAD_EXPECTED })
    .optional()
    .describe(`Highest acceptable ${window} load average divided by the number of CPUs, e.g. \`1.5\`.`);

export const loadFields = {
  max_1m: perCpu("1-minute"),
  max_5m: perCpu("5-minute"),
  max_15m: perCpu("15-minute"),
};

/** A refinement: a load check names at least one window. */
export function requireLoadWindow(
  spec: { readonly max_1m?: number | undefined; readonly max_5m?: number | undefined; readonly max_15m?: number | undefined },
  ctx: IssueSink,
): void {
  if (spec.max_1m === undefined && spec.max_5m === undefined && spec.max_15m === undefined) {
    report(ctx, "a load check needs at least one of max_1m, max_5m, max_15m", { expected: "e.g. load: { max_5m: 1.5 }" });
  }
}

export const commandFields = {
  program: text("a program name or path")
    .optional()
    .describe(
      "Program that must be on PATH (or a path to it), e.g. `ansible-playbook`. Without it, `name` is the program (the short form `command: { name: ansible-playbook }`).",
    ),
  min_version: version().optional().describe('Lowest acceptable version, read from the output of `<program> <version_arg>`. Quote it: `"2.14"`.'),
  version_arg: text().default("--version").describe("Argument that makes the program print its version."),
};

export const fileFields = {
  path: text("a path").describe("Path to test; relative paths resolve from the folder of runwarden.yml."),
  exists: z.boolean().default(true).describe("Whether the file must exist (`false`: must not exist, e.g. a maintenance flag)."),
  writable: z.boolean().default(false).describe("Whether the runner's user must be able to write it."),
};

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const inventoryFields = {
  forbid_loopback: z
    .boolean()
    .default(true)
    .describe('Fail when a host resolves to a loopback address or `localhost` (the deploy would "succeed" without reaching production).'),
  min_hosts: z.int().min(0).default(1).describe("Fewest hosts the environment's `hosts` pattern must select."),
  require_vars: z
    .array(z.string().regex(VAR_NAME, { error: "not a variable name" }).describe("An inventory variable name."))
    .default([])
    .describe("Inventory variables every selected host must define, e.g. `[ansible_host]`."),
};

export const systemdFields = {
  unit: z
    .string()
    .regex(/^[A-Za-z0-9@._:\\-]+$/, { error: "not a systemd unit name" })
    .optional()
    .describe(
      "Unit name on the runner host, e.g. `docker.service`. Default: the runner's own service (`actions.runner.<owner>-<repo>.<runner>.service`, read from the `.service` file in the runner's folder).",
    ),
  runner_root: text("a directory path")
    .optional()
    .describe("The runner's install folder, for the default unit. Default: `$RUNWARDEN_RUNNER_ROOT`, else two levels above `$RUNNER_WORKSPACE`."),
  active: z.boolean().default(true).describe("Whether the unit must be active (`false`: must be inactive)."),
};

export const runnerFields = {
  root: text("a directory path")
    .optional()
    .describe(
      "The runner's install folder (holds `.runner`, `.service`, `_diag/`). Default: `$RUNWARDEN_RUNNER_ROOT`, else two levels above `$RUNNER_WORKSPACE`.",
    ),
  diag_window: duration().prefault("24h").describe("How far back `ERR`/`CRIT` lines in `_diag/Runner_*.log` count."),
  group: text().optional().describe("Runner group the runner must belong to (from GitHub)."),
  labels: z.array(text().describe("A runner label.")).optional().describe("Labels the runner must carry."),
  min_version: version().optional().describe('Lowest acceptable runner version, e.g. `"2.320.0"`.'),
};

export const secretsFields = {
  names: z
    .array(envVarName().describe("An environment variable name."))
    .optional()
    .describe("Environment variables that must be set and non-empty. Default: the environment's `deploy.secrets` plus `mask.secrets`."),
};

export const githubFields = {
  min_rate_limit: z.int().min(0).default(100).describe("Fewest GitHub API requests that must remain in the current rate-limit window."),
  protected_branch: z
    .boolean()
    .optional()
    .describe(
      "Require the deployed branch (`$GITHUB_REF_NAME`) to be protected, by a ruleset or classic branch protection. Default: the environment's `guards.require_protected_branch`.",
    ),
  required_reviewers: z
    .boolean()
    .optional()
    .describe("Require the GitHub environment to have required reviewers. Default: the environment's `guards.require_environment_approval`."),
};
