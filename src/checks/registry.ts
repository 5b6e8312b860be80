/**
 * The registry: every preflight check kind of the config schema, mapped to its definition.
 * The mapped type makes a missing kind a compile error; test/checks/registry.test.ts also checks the
 * list against the schema and docs/checks.md.
 */
import type { PreflightCheckOf, PreflightKind } from "../config/schema.js";
import { commandKind } from "./command.js";
import type { KindDefinition } from "./context.js";
import { diskKind } from "./disk.js";
import { dnsKind } from "./dns.js";
import { fileKind } from "./file.js";
import { githubKind } from "./github.js";
import { httpKind } from "./http.js";
import { inventoryKind } from "./inventory.js";
import { loadKind } from "./load.js";
import { memoryKind } from "./memory.js";
import { prometheusKind } from "./prometheus.js";
import { runnerKind } from "./runner.js";
import { secretsKind } from "./secrets.js";
import { systemdKind } from "./systemd.js";
import { tcpKind } from "./tcp.js";

/**
 * The settings of one kind as a definition receives them: without `warn_only` (the factory applies
 * it, and the label `name`).
 */
export type SpecOf<K extends PreflightKind> = Omit<PreflightCheckOf<K>, "warn_only">;

export type CheckRegistry = { readonly [K in PreflightKind]: KindDefinition<SpecOf<K>> };

export const CHECK_KINDS: CheckRegistry = {
  disk: diskKind,
  memory: memoryKind,
  load: loadKind,
  command: commandKind,
  file: fileKind,
  inventory: inventoryKind,
  tcp: tcpKind,
  http: httpKind,
  dns: dnsKind,
  prometheus: prometheusKind,
  systemd: systemdKind,
  runner: runnerKind,
  secrets: secretsKind,
  github: githubKind,
};

/**
 * Where each kind looks: `runner` — this machine alone (what a runner's job-started hook can check
 * before the job has its code, secrets or network path: `preflight --local`); `remote` — the
 * targets, DNS, Prometheus, GitHub, the inventory's hosts, the job's secrets.
 */
export const CHECK_SCOPES = {
  disk: "runner",
  memory: "runner",
  load: "runner",
  command: "runner",
  file: "runner",
  systemd: "runner",
  runner: "runner",
  inventory: "remote",
  tcp: "remote",
  http: "remote",
  dns: "remote",
  prometheus: "remote",
  secrets: "remote",
  github: "remote",
} as const satisfies Record<PreflightKind, "runner" | "remote">;
