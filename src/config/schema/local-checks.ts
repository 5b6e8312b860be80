/** Specs of the preflight checks that look at the runner itself: disk, memory, command, file, systemd, runner, secrets, github, inventory. */
import { z } from "zod";
import { fieldMeta } from "./meta.js";
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

export const commandFields = {
  name: text("a program name or path").describe("Program that must be on PATH (or a path to it), e.g. `ansible-playbook`."),
  min_version: version().optional().describe('Lowest acceptable version, read from the output of `<name> <version_arg>`. Quote it: `"2.14"`.'),
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
    .describe("Fail when a host resolves to a loopback address or `localhost` (the deploy would \"succeed\" without reaching production)."),
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
    .describe("Unit name on the runner host, e.g. `actions.runner.acme-platform.prod-1.service`."),
  active: z.boolean().default(true).describe("Whether the unit must be active (`false`: must be inactive)."),
};

export const runnerFields = {
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
};
