/** The "runwarden / Runner fleet" dashboard: are the runner groups able to take a deploy job now, and were they? */
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { RowBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { datasourceVariable, labelVariable, runwardenDashboard, statPanel, timeseriesPanel } from "./panels.js";

const G = 'environment=~"$environment", group=~"$group"';

export function fleetDashboard(): dashboard.Dashboard {
  return runwardenDashboard(
    "runwarden-fleet",
    "runwarden / Runner fleet",
    "Runner groups as runwarden judges them: health, runners by status, version skew, offline-busy and misplaced runners.",
  )
    .withVariable(datasourceVariable())
    .withVariable(labelVariable("environment", "environment", "runwarden_environment_healthy_groups", "Environment"))
    .withVariable(labelVariable("group", "group", 'runwarden_runner_group_healthy{environment=~"$environment"}', "Runner group"))
    .withRow(new RowBuilder("Now"))
    .withPanel(
      statPanel({
        title: "Healthy runner groups",
        description: "Runner groups that can take a deploy job now (route's judgement), out of the groups selected.",
        queries: [
          { expr: `sum(runwarden_runner_group_healthy{${G}})`, legend: "healthy" },
          { expr: `count(runwarden_runner_group_healthy{${G}})`, legend: "configured" },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: "Environments without a healthy group",
        description: "Environments where neither the primary nor an approved failover group can take a deploy: route refuses to start one.",
        queries: [{ expr: 'count(runwarden_environment_healthy_groups{environment=~"$environment"} == 0) or vector(0)', legend: "environments" }],
        thresholds: [
          { value: null, color: "green" },
          { value: 1, color: "red" },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: "Fleet data age",
        description: "Time since runwarden last refreshed the runner fleet from GitHub; the other panels are only as fresh as this.",
        queries: [{ expr: "time() - max(runwarden_fleet_refresh_timestamp_seconds)", legend: "age" }],
        unit: "s",
        thresholds: [
          { value: null, color: "green" },
          { value: 300, color: "orange" },
          { value: 900, color: "red" },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: "GitHub API requests left",
        description: "Requests left in the current GitHub rate-limit window, as last reported by GitHub.",
        queries: [{ expr: "min(runwarden_github_rate_limit_remaining)", legend: "remaining" }],
        thresholds: [
          { value: null, color: "red" },
          { value: 500, color: "orange" },
          { value: 1000, color: "green" },
        ],
      }),
    )
    .withRow(new RowBuilder("Over time"))
    .withPanel(
      timeseriesPanel({
        title: "Healthy groups per environment",
        description: "How many groups could take each environment's deploy; 0 is an outage of the deploy path.",
        queries: [{ expr: 'runwarden_environment_healthy_groups{environment=~"$environment"}', legend: "{{environment}}" }],
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Runner group health",
        description: "1 when the group can take a deploy job, 0 when not.",
        queries: [{ expr: `runwarden_runner_group_healthy{${G}}`, legend: "{{environment}} {{group}}" }],
        min: 0,
        max: 1,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Online runners",
        description: "Online runners (idle + busy) per group.",
        queries: [{ expr: `sum by (environment, group) (runwarden_runner_group_runners{${G}, status="online"})`, legend: "{{environment}} {{group}}" }],
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Busy runners",
        description: "Runners running a job per group; busy = online means no idle runner is left for the next deploy.",
        queries: [
          { expr: `sum by (environment, group) (runwarden_runner_group_runners{${G}, status="busy"})`, legend: "{{environment}} {{group}} busy" },
          { expr: `sum by (environment, group) (runwarden_runner_group_runners{${G}, status="idle"})`, legend: "{{environment}} {{group}} idle" },
        ],
        min: 0,
      }),
    )
    .withRow(new RowBuilder("Fleet hygiene"))
    .withPanel(
      timeseriesPanel({
        title: "Version skew",
        description: "Runners older than github.min_runner_version, per group.",
        queries: [{ expr: `runwarden_runner_group_outdated{${G}}`, legend: "{{environment}} {{group}}" }],
        width: 8,
        min: 0,
        thresholds: [
          { value: null, color: "green" },
          { value: 1, color: "orange" },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Offline but busy runners",
        description: "Runners GitHub reports offline while busy: they died during a job.",
        queries: [{ expr: `runwarden_runner_group_offline_busy{${G}}`, legend: "{{environment}} {{group}}" }],
        width: 8,
        min: 0,
        thresholds: [
          { value: null, color: "green" },
          { value: 1, color: "red" },
        ],
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Runners in the wrong group",
        description: "Runners carrying the group's labels but registered in another GitHub runner group.",
        queries: [{ expr: `runwarden_runner_group_wrong_group{${G}}`, legend: "{{environment}} {{group}}" }],
        width: 8,
        min: 0,
        thresholds: [
          { value: null, color: "green" },
          { value: 1, color: "orange" },
        ],
      }),
    )
    .build();
}
