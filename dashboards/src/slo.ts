/** The "runwarden / Deploy SLO" dashboard: error budget left and how fast it burns (95 % target). */
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { ConstantVariableBuilder, RowBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { datasourceVariable, labelVariable, runwardenDashboard, statPanel, timeseriesPanel } from "./panels.js";

const E = 'environment=~"$environment"';
const BUDGET = "(1 - $slo_target)";

export function sloDashboard(): dashboard.Dashboard {
  return runwardenDashboard(
    "runwarden-slo",
    "runwarden / Deploy SLO",
    "The deploy success SLO (95 % over 30 days): error budget remaining and burn rate per window, as the burn-rate alerts see them.",
  )
    .withVariable(datasourceVariable())
    .withVariable(labelVariable("environment", "environment", "runwarden_deploys_total", "Environment"))
    .withVariable(
      new ConstantVariableBuilder("slo_target")
        .label("SLO target")
        .value("0.95")
        .description("Share of deploys that must succeed (keep in step with the burn-rate alert rules)."),
    )
    .withRow(new RowBuilder("30 days"))
    .withPanel(
      statPanel({
        title: "Success over 30 days",
        description: "Succeeded / (succeeded + failed) over the preceding 30 days.",
        queries: [{ expr: `environment:runwarden_deploy_success:ratio_rate30d{${E}}`, legend: "{{environment}}" }],
        unit: "percentunit",
        thresholds: [
          { value: null, color: "red" },
          { value: 0.95, color: "green" },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: "Error budget remaining",
        description: "1 - (30-day error ratio / error budget). 100 % is untouched, 0 % is spent, below 0 is an SLO breach.",
        queries: [{ expr: `1 - (environment:runwarden_deploy_errors:ratio_rate30d{${E}} / ${BUDGET})`, legend: "{{environment}}" }],
        unit: "percentunit",
        thresholds: [
          { value: null, color: "red" },
          { value: 0.25, color: "orange" },
          { value: 0.5, color: "green" },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: "p95 duration (1 day)",
        description: "95th percentile deploy run time over the preceding day, against the 10-minute target.",
        queries: [{ expr: `environment:runwarden_deploy_duration_seconds:p95_1d{${E}}`, legend: "{{environment}}" }],
        unit: "s",
        thresholds: [
          { value: null, color: "green" },
          { value: 600, color: "red" },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: "Burn-rate alerts firing",
        description: "RunwardenDeploySLOBurnFast and RunwardenDeploySLOBurnSlow alerts firing now for the selected environments.",
        queries: [{ expr: `count(ALERTS{alertname=~"RunwardenDeploySLOBurn.*", alertstate="firing", ${E}}) or vector(0)`, legend: "firing" }],
        thresholds: [
          { value: null, color: "green" },
          { value: 1, color: "red" },
        ],
      }),
    )
    .withRow(new RowBuilder("Burn"))
    .withPanel(
      timeseriesPanel({
        title: "Burn rate",
        description:
          "Error ratio divided by the budget, per window. 1 spends the budget in exactly 30 days; the alerts page at 14.4 (1h) and 6 (6h), and open a ticket at 3 (1d) and 1 (3d).",
        queries: [
          { expr: `environment:runwarden_deploy_errors:ratio_rate1h{${E}} / ${BUDGET}`, legend: "{{environment}} 1h" },
          { expr: `environment:runwarden_deploy_errors:ratio_rate6h{${E}} / ${BUDGET}`, legend: "{{environment}} 6h" },
          { expr: `environment:runwarden_deploy_errors:ratio_rate1d{${E}} / ${BUDGET}`, legend: "{{environment}} 1d" },
          { expr: `environment:runwarden_deploy_errors:ratio_rate3d{${E}} / ${BUDGET}`, legend: "{{environment}} 3d" },
        ],
        min: 0,
        thresholds: [
          { value: null, color: "green" },
          { value: 1, color: "yellow" },
          { value: 6, color: "orange" },
          { value: 14.4, color: "red" },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Error budget remaining over time",
        description: "The 30-day error budget left at each point in time.",
        queries: [{ expr: `1 - (environment:runwarden_deploy_errors:ratio_rate30d{${E}} / ${BUDGET})`, legend: "{{environment}}" }],
        unit: "percentunit",
        thresholds: [
          { value: null, color: "red" },
          { value: 0, color: "green" },
        ],
      }),
    )
    .build();
}
