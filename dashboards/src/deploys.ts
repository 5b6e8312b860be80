/** The "runwarden / Deploys" dashboard: per environment, do deploys succeed, and within 10 minutes? */
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { RowBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { barsPanel, datasourceVariable, labelVariable, runwardenDashboard, statPanel, timeseriesPanel } from "./panels.js";

const E = 'environment=~"$environment"';
const SUCCESS_STEPS = [
  { value: null, color: "red" },
  { value: 0.95, color: "green" },
] as const;
const TEN_MINUTES = [
  { value: null, color: "green" },
  { value: 600, color: "red" },
] as const;

export function deploysDashboard(): dashboard.Dashboard {
  return runwardenDashboard(
    "runwarden-deploys",
    "runwarden / Deploys",
    "Deploys per environment: success rate, p95 duration against the 10-minute line, queue time, failovers, failure classes and last success.",
  )
    .withVariable(datasourceVariable())
    .withVariable(labelVariable("environment", "environment", "runwarden_deploys_total", "Environment"))
    .withRow(new RowBuilder("Over the selected time range"))
    .withPanel(
      statPanel({
        title: "Success rate",
        description: "Succeeded / (succeeded + failed) over the time range; cancelled deploys are not counted. Green from 95 %.",
        queries: [
          {
            expr: `sum by (environment) (increase(runwarden_deploys_total{${E}, outcome="succeeded"}[$__range])) / sum by (environment) (increase(runwarden_deploys_total{${E}, outcome=~"succeeded|failed"}[$__range]))`,
            legend: "{{environment}}",
          },
        ],
        unit: "percentunit",
        thresholds: SUCCESS_STEPS,
      }),
    )
    .withPanel(
      statPanel({
        title: "Deploys",
        description: "Completed deploy attempts (succeeded or failed) over the time range.",
        queries: [{ expr: `sum by (environment) (increase(runwarden_deploys_total{${E}, outcome=~"succeeded|failed"}[$__range]))`, legend: "{{environment}}" }],
        unit: "short",
      }),
    )
    .withPanel(
      statPanel({
        title: "Failovers",
        description: "Deploy attempts that ran on an approved failover group over the time range.",
        queries: [{ expr: `sum by (environment) (increase(runwarden_failovers_total{${E}}[$__range]))`, legend: "{{environment}}" }],
        thresholds: [
          { value: null, color: "green" },
          { value: 1, color: "orange" },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: "Time since last success",
        description: "Time since the last successful deploy of each environment finished.",
        queries: [{ expr: `time() - runwarden_last_success_timestamp_seconds{${E}}`, legend: "{{environment}}" }],
        unit: "s",
      }),
    )
    .withRow(new RowBuilder("Success and speed"))
    .withPanel(
      timeseriesPanel({
        title: "Success rate (1 day rolling)",
        description: "Share of completed deploys that succeeded over the preceding day; the dashed line is the 95 % target.",
        queries: [{ expr: `environment:runwarden_deploy_success:ratio_rate1d{${E}}`, legend: "{{environment}}" }],
        unit: "percentunit",
        min: 0,
        max: 1,
        thresholds: SUCCESS_STEPS,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "p95 deploy duration against the 10-minute line",
        description:
          "95th percentile of deploy run time over the preceding hour (estimated from histogram buckets; 600 s is a bucket bound). `runwarden report` gives the exact nearest-rank figure.",
        queries: [{ expr: `environment:runwarden_deploy_duration_seconds:p95_1h{${E}}`, legend: "{{environment}}" }],
        unit: "s",
        min: 0,
        thresholds: TEN_MINUTES,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "p95 queue time",
        description: "95th percentile of the time deploy jobs waited for a runner over the preceding hour, apart from run time.",
        queries: [{ expr: `environment:runwarden_deploy_queue_seconds:p95_1h{${E}}`, legend: "{{environment}}" }],
        unit: "s",
        min: 0,
        thresholds: [
          { value: null, color: "green" },
          { value: 300, color: "orange" },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Deploys by outcome",
        description: "Deploy attempts per hour by outcome (succeeded, failed, cancelled by a newer deploy).",
        queries: [{ expr: `sum by (environment, outcome) (increase(runwarden_deploys_total{${E}}[1h]))`, legend: "{{environment}} {{outcome}}" }],
        min: 0,
      }),
    )
    .withRow(new RowBuilder("Failures and routing"))
    .withPanel(
      barsPanel({
        title: "Failure classes",
        description: "Failed deploys over the time range by failure class, most frequent first.",
        queries: [
          {
            expr: `sort_desc(sum by (failure_class) (increase(runwarden_deploys_total{${E}, outcome="failed"}[$__range])))`,
            legend: "{{failure_class}}",
          },
        ],
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Route decisions",
        description: "Which group route chose per hour: primary, secondary (failover) or none (no healthy group).",
        queries: [{ expr: `sum by (environment, outcome) (increase(runwarden_route_decisions_total{${E}}[1h]))`, legend: "{{environment}} {{outcome}}" }],
        width: 8,
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Gate verdicts and watchdog actions",
        description: "Health gate verdicts per hour by gate and verdict, and the watchdog's actions on stuck deploy jobs.",
        queries: [
          { expr: `sum by (gate, verdict) (increase(runwarden_gate_verdicts_total{${E}}[1h]))`, legend: "{{gate}} {{verdict}}" },
          { expr: `sum by (action) (increase(runwarden_watchdog_actions_total{${E}}[1h]))`, legend: "watchdog {{action}}" },
        ],
        width: 8,
        min: 0,
      }),
    )
    .build();
}
