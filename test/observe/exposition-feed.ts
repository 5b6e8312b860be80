/**
 * A metrics source for the live Prometheus test when no `runwarden serve` is available: every metric
 * of the catalogue, written as a text-format exposition file (as `runwarden metrics --textfile`
 * would) and served from that file by a loopback HTTP server. The test moves it through a story:
 * deploys recorded between scrapes, then the primary runner group going offline.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { CATALOGUE } from "../../src/metrics/catalogue.js";
import { startHttpServer } from "../helpers/servers.js";

export interface MetricsFeed {
  /** host:port for Prometheus. */
  readonly target: string;
  /** The `group` label of production's primary runner group. */
  readonly primaryGroup: string;
  /** `sum(runwarden_deploys_total{environment="production"})` once recordDeploys is scraped. */
  readonly productionDeploys: number;
  /** Deploys recorded since the first scrape: production 9 succeeded + 1 failed, staging 4 succeeded. */
  recordDeploys(): Promise<void>;
  /** The production primary runner group loses its runners. */
  primaryOffline(): Promise<void>;
  close(): Promise<void>;
}

type Metric = Gauge | Counter | Histogram;

export async function startExpositionFeed(): Promise<MetricsFeed> {
  const dir = mkdtempSync(join(tmpdir(), "rw-observe-feed-"));
  const file = join(dir, "runwarden.prom");
  const registry = new Registry();
  const metrics = new Map<string, Metric>();
  for (const spec of CATALOGUE) {
    const common = { name: spec.name, help: spec.help, labelNames: [...spec.labels], registers: [registry] };
    metrics.set(
      spec.name,
      spec.type === "gauge"
        ? new Gauge(common)
        : spec.type === "counter"
          ? new Counter(common)
          : new Histogram({ ...common, buckets: [...(spec.buckets ?? [])] }),
    );
  }
  const gauge = (name: string) => metrics.get(name) as Gauge;
  const counter = (name: string) => metrics.get(name) as Counter;
  const histogram = (name: string) => metrics.get(name) as Histogram;
  const write = async () => writeFileSync(file, await registry.metrics());

  const groups = [
    { environment: "production", group: "primary" },
    { environment: "production", group: "secondary" },
    { environment: "staging", group: "staging" },
  ] as const;
  const setGroup = (labels: { environment: string; group: string }, online: number, busy: number, healthy: boolean) => {
    gauge("runwarden_runner_group_runners").set({ ...labels, status: "online" }, online);
    gauge("runwarden_runner_group_runners").set({ ...labels, status: "idle" }, online - busy);
    gauge("runwarden_runner_group_runners").set({ ...labels, status: "busy" }, busy);
    gauge("runwarden_runner_group_runners").set({ ...labels, status: "offline" }, 3 - online);
    gauge("runwarden_runner_group_healthy").set(labels, healthy ? 1 : 0);
  };
  for (const labels of groups) {
    setGroup(labels, 2, 1, true);
    gauge("runwarden_runner_group_offline_busy").set(labels, 0);
    gauge("runwarden_runner_group_wrong_group").set(labels, 0);
    gauge("runwarden_runner_group_outdated").set(labels, labels.group === "secondary" ? 1 : 0);
  }
  gauge("runwarden_environment_healthy_groups").set({ environment: "production" }, 2);
  gauge("runwarden_environment_healthy_groups").set({ environment: "staging" }, 1);
  gauge("runwarden_github_rate_limit_remaining").set(4900);
  const refreshed = () => gauge("runwarden_fleet_refresh_timestamp_seconds").set(Math.floor(Date.now() / 1000));
  refreshed();

  const deploy = (
    environment: string,
    outcome: "succeeded" | "failed" | "cancelled",
    failureClass: string,
    seconds: number,
    queued: number,
    failover = false,
  ) => {
    counter("runwarden_deploys_total").inc({ environment, outcome, failure_class: failureClass });
    histogram("runwarden_deploy_duration_seconds").observe({ environment }, seconds);
    histogram("runwarden_deploy_queue_seconds").observe({ environment }, queued);
    counter("runwarden_route_decisions_total").inc({ environment, outcome: failover ? "secondary" : "primary" });
    counter("runwarden_failovers_total").inc({ environment }, failover ? 1 : 0);
    counter("runwarden_gate_verdicts_total").inc({ environment, gate: "version-live", verdict: outcome === "succeeded" ? "pass" : "fail" });
    if (outcome === "succeeded") gauge("runwarden_last_success_timestamp_seconds").set({ environment }, Math.floor(Date.now() / 1000));
  };
  // History before Prometheus's first scrape: it sets the series, increase() counts only what follows.
  deploy("production", "succeeded", "none", 240, 20);
  deploy("production", "failed", "runner", 700, 40);
  deploy("production", "cancelled", "none", 30, 5);
  deploy("staging", "succeeded", "none", 120, 10);
  // Series the story increments later exist from the start (a counter's first sample is not an increase).
  counter("runwarden_deploys_total").inc({ environment: "production", outcome: "failed", failure_class: "target" }, 0);
  counter("runwarden_route_decisions_total").inc({ environment: "production", outcome: "secondary" }, 0);
  counter("runwarden_watchdog_actions_total").inc({ environment: "production", action: "reroute" }, 0);
  await write();

  const server = await startHttpServer((req, res) => {
    if (req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": registry.contentType }).end(readFileSync(file));
  });
  return {
    target: `${server.host}:${server.port}`,
    primaryGroup: "primary",
    productionDeploys: 13,
    async recordDeploys() {
      for (let i = 0; i < 8; i += 1) deploy("production", "succeeded", "none", 200 + i * 30, 15 + i);
      deploy("production", "succeeded", "none", 500, 30, true);
      deploy("production", "failed", "target", 650, 90);
      for (let i = 0; i < 4; i += 1) deploy("staging", "succeeded", "none", 90 + i * 10, 5);
      counter("runwarden_watchdog_actions_total").inc({ environment: "production", action: "reroute" });
      refreshed();
      await write();
    },
    async primaryOffline() {
      setGroup({ environment: "production", group: "primary" }, 0, 0, false);
      gauge("runwarden_runner_group_offline_busy").set({ environment: "production", group: "primary" }, 1);
      gauge("runwarden_environment_healthy_groups").set({ environment: "production" }, 1);
      refreshed();
      await write();
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
