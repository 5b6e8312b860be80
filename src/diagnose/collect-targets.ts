/**
 * The targets and monitoring collectors: the environment's inventory hosts (TCP to each host's SSH
 * port — a host that drops packets is named in `missing` when the budget runs out —, whether an
 * address is loopback, and with a version gate the version each host reports and the skew among
 * them: target-versions.ts), and Prometheus as the gates find it (firing alerts, `up == 0` targets).
 */
import { connect } from "node:net";
import type { HostEntry } from "../checks/types.js";
import { prometheusAlerts, prometheusQuery } from "../checks/prometheus-api.js";
import { prometheusBase } from "../checks/prometheus.js";
import { renderTemplate } from "../config/template.js";
import type { EnvironmentSetup } from "../preflight/environment.js";
import { checkContext } from "../preflight/environment.js";
import type { CollectorContext } from "./budget.js";
import { collectTargetVersions, type TargetVersions } from "./target-versions.js";

export interface TargetFinding {
  readonly host: string;
  readonly address: string;
  readonly port: number;
  readonly ssh: string;
}

export interface TargetsFindings {
  readonly hosts: readonly TargetFinding[];
  readonly loopback: readonly { readonly host: string; readonly address: string }[];
  /** The version each host reports through the environment's version gate; null without one. */
  readonly versions: TargetVersions | null;
}

export interface MonitoringFindings {
  readonly url: string;
  readonly firing: readonly { readonly name: string; readonly labels: Readonly<Record<string, string>>; readonly since: string | null }[];
  readonly down: readonly string[];
}

const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|::1|localhost(?:\.localdomain)?)$/i;

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : undefined;
}

function addressOf(host: HostEntry): { address: string; port: number } {
  const port = Number(text(host.vars["ansible_port"]) ?? "22");
  return { address: text(host.vars["ansible_host"]) ?? host.name, port: Number.isInteger(port) && port > 0 && port < 65536 ? port : 22 };
}

function tcp(address: string, port: number, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port, signal });
    socket.once("connect", () => {
      socket.destroy();
      resolve("port open");
    });
    socket.once("error", reject);
  });
}

export async function collectTargets(
  ctx: CollectorContext,
  setup: EnvironmentSetup,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<TargetsFindings> {
  const [hosts, versions] = await Promise.all([
    Promise.all(
      setup.hosts.map(async (host) => {
        const { address, port } = addressOf(host);
        const ssh = await ctx.track(`targets: ${host.name} TCP ${address}:${port}`, (signal) => tcp(address, port, signal));
        return { host: host.name, address, port, ssh: ssh ?? "no answer" };
      }),
    ),
    collectTargetVersions(ctx, setup, env),
  ]);
  const loopback = hosts.filter((host) => LOOPBACK.test(host.address)).map((host) => ({ host: host.host, address: host.address }));
  return { hosts, loopback, versions: versions ?? null };
}

export async function collectMonitoring(
  ctx: CollectorContext,
  setup: EnvironmentSetup,
  env: Readonly<Record<string, string | undefined>>,
  timeoutMs: number,
): Promise<MonitoringFindings | undefined> {
  if (setup.loaded.config.monitoring.prometheus_url === undefined) {
    ctx.skip("monitoring", "no monitoring.prometheus_url in runwarden.yml");
    return undefined;
  }
  let base: string;
  try {
    base = prometheusBase(undefined, { context: checkContext(setup, { env }), vars: setup.vars, render: (template) => renderTemplate(template, setup.vars) });
  } catch (e: unknown) {
    ctx.skip("monitoring", e instanceof Error ? e.message : String(e));
    return undefined;
  }
  const [alerts, up] = await Promise.all([
    ctx.track(
      `monitoring: GET ${base}/api/v1/alerts`,
      (signal) => prometheusAlerts(base, signal),
      (list) => list.length,
    ),
    ctx.track(`monitoring: ${base} up == 0`, (signal) => prometheusQuery(base, "up == 0", { signal, timeoutMs })),
  ]);
  const firing = (alerts ?? [])
    .filter((alert) => alert.state === "firing")
    .map((alert) => ({ name: alert.name, labels: alert.labels, since: alert.activeAt ?? null }));
  const samples = up?.result.type === "vector" ? up.result.samples : [];
  const down = samples.map((sample) => `${sample.labels["job"] ?? "?"}/${sample.labels["instance"] ?? "?"}`);
  return { url: base, firing, down };
}
