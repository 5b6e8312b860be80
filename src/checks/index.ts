/**
 * The probe library (docs/checks.md). One file per kind; `CHECK_KINDS` (registry.ts) is the one
 * list of kinds; `buildChecks` turns config items into checks; `runAll` runs them.
 */
export type { Check, CheckRunContext, Env, HostEntry, Outcome, Probe, ProbeBody } from "./types.js";
export { DEFAULT_CHECK_TIMEOUT_MS } from "./types.js";
export type { BuildTarget, CheckBuildContext, GithubContext, KindDefinition } from "./context.js";
export { CHECK_KINDS, type CheckRegistry, type SpecOf } from "./registry.js";
export { buildChecks, buildEntries, expandSpec, type BuildEntry, type BuildProblem, type ItemMeta } from "./factory.js";
export { defineCheck, brokenProbe, type CheckMeta } from "./harness.js";
export { runAll, DEFAULT_CONCURRENCY, type RunAllOptions } from "./run-all.js";
export { parseCondition, evaluateCondition, type Condition, type ConditionOutcome, type ConditionShape } from "./condition.js";
export {
  prometheusAlerts,
  prometheusQuery,
  prometheusReady,
  parseSampleValue,
  formatSampleValue,
  PrometheusError,
  type Alert,
  type QueryResult,
  type Sample,
} from "./prometheus-api.js";
export { httpProbe, type HttpProbeOptions } from "./http.js";
export { tcpProbe, type TcpProbeOptions } from "./tcp.js";
export { dnsProbe, type DnsProbeOptions, type DnsRecord } from "./dns.js";
export { diskProbe, type DiskProbeOptions } from "./disk.js";
export { memoryProbe, parseMeminfo, type MemoryProbeOptions } from "./memory.js";
export { commandProbe, type CommandProbeOptions } from "./command.js";
export { fileProbe, type FileProbeOptions } from "./file.js";
export { systemdProbe, type SystemdProbeOptions } from "./systemd.js";
export { runnerProbe, runnerRoot, type RunnerInfo, type RunnerLookup, type RunnerProbeOptions } from "./runner.js";
export { KNOWN_RUNNER_MESSAGES, type KnownMessage } from "./runner-diag.js";
export { prometheusProbe, type PrometheusProbeOptions } from "./prometheus.js";
export { inventoryProbe, type InventoryFindings, type InventoryInspector, type InventoryProbeOptions } from "./inventory.js";
export { secretsProbe, type SecretsProbeOptions } from "./secrets.js";
export { githubProbe, type GithubProbeClient, type GithubProbeOptions } from "./github.js";
