/**
 * The one list of the metrics runwarden exports: name, help, type, label names and buckets.
 * Dashboards, alert rules, docs/metrics.md and the registry are all built from (or checked against)
 * this list: a metric is added here first, and never renamed.
 *
 * Runner group metrics carry `environment` beside `group`: `group` is the group's name in
 * runwarden.yml, and two environments may each have a group called `primary`.
 */

export type MetricType = "gauge" | "counter" | "histogram";

export interface MetricSpec {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  /** Label names; every value is from a bounded set (no run ids, shas or runner names). */
  readonly labels: readonly string[];
  /** Upper bounds in seconds (histograms only). */
  readonly buckets?: readonly number[];
  /** Where the value comes from, for people (docs/metrics.md). */
  readonly source: "fleet" | "store" | "github" | "process";
}

/** Runner status values of `runwarden_runner_group_runners`. */
export const RUNNER_STATUSES = ["online", "idle", "busy", "offline"] as const;
/**
 * Outcomes of `runwarden_deploys_total`, counted as `runwarden report` counts them: refused and
 * aborted attempts failed; skipped ones (superseded by a newer commit) were cancelled.
 */
export const DEPLOY_OUTCOMES = ["succeeded", "failed", "cancelled"] as const;
/** Outcomes of `runwarden_route_decisions_total`. */
export const ROUTE_OUTCOMES = ["primary", "secondary", "none"] as const;
/** `failure_class` of a succeeded or cancelled deploy. */
export const NO_FAILURE_CLASS = "none";
/** `failure_class` of a failed deploy nobody classified. */
export const UNCLASSIFIED = "unclassified";
/** `failure_class` of a failed attempt runwarden was stopped in the middle of, unclassified. */
export const ABORTED = "aborted";

export const DEPLOY_DURATION_BUCKETS = [30, 60, 120, 180, 300, 450, 600, 900, 1200, 1800, 3600] as const;
export const DEPLOY_QUEUE_BUCKETS = [5, 15, 30, 60, 120, 300, 600, 1800, 3600] as const;

export const CATALOGUE = [
  {
    name: "runwarden_runner_group_runners",
    help: "Runners of a configured runner group by status (online = idle + busy; outdated and misplaced runners are not counted).",
    type: "gauge",
    labels: ["environment", "group", "status"],
    source: "fleet",
  },
  {
    name: "runwarden_runner_group_healthy",
    help: "1 when the runner group can take the deploy job now (route's health judgement), else 0.",
    type: "gauge",
    labels: ["environment", "group"],
    source: "fleet",
  },
  {
    name: "runwarden_runner_group_offline_busy",
    help: "Runners of the group that are offline but busy: they died in the middle of a job.",
    type: "gauge",
    labels: ["environment", "group"],
    source: "fleet",
  },
  {
    name: "runwarden_runner_group_wrong_group",
    help: "Runners carrying the group's labels but registered in another GitHub runner group.",
    type: "gauge",
    labels: ["environment", "group"],
    source: "fleet",
  },
  {
    name: "runwarden_runner_group_outdated",
    help: "Runners of the group older than github.min_runner_version (version skew).",
    type: "gauge",
    labels: ["environment", "group"],
    source: "fleet",
  },
  {
    name: "runwarden_environment_healthy_groups",
    help: "Healthy runner groups that may take the environment's deploy (the primary, or an approved failover group).",
    type: "gauge",
    labels: ["environment"],
    source: "fleet",
  },
  {
    name: "runwarden_deploys_total",
    help: "Completed deploy attempts by outcome and failure class (failure_class is none on success).",
    type: "counter",
    labels: ["environment", "outcome", "failure_class"],
    source: "store",
  },
  {
    name: "runwarden_deploy_duration_seconds",
    help: "Run time of completed deploy attempts, from start to finish.",
    type: "histogram",
    labels: ["environment"],
    buckets: DEPLOY_DURATION_BUCKETS,
    source: "store",
  },
  {
    name: "runwarden_deploy_queue_seconds",
    help: "Time deploy jobs waited in the queue for a runner, from the job queued to the attempt started (attempts that recorded it).",
    type: "histogram",
    labels: ["environment"],
    buckets: DEPLOY_QUEUE_BUCKETS,
    source: "store",
  },
  {
    name: "runwarden_failovers_total",
    help: "Completed deploy attempts that ran on a failover runner group.",
    type: "counter",
    labels: ["environment"],
    source: "store",
  },
  {
    name: "runwarden_last_success_timestamp_seconds",
    help: "Unix time the last successful deploy of the environment finished.",
    type: "gauge",
    labels: ["environment"],
    source: "store",
  },
  {
    name: "runwarden_route_decisions_total",
    help: "Route decisions by the group chosen: primary, secondary (a failover group) or none.",
    type: "counter",
    labels: ["environment", "outcome"],
    source: "store",
  },
  {
    name: "runwarden_gate_verdicts_total",
    help: "Health gate verdicts by gate and verdict.",
    type: "counter",
    labels: ["environment", "gate", "verdict"],
    source: "store",
  },
  {
    name: "runwarden_watchdog_actions_total",
    help: "Actions the watchdog took on stuck deploy jobs.",
    type: "counter",
    labels: ["environment", "action"],
    source: "store",
  },
  {
    name: "runwarden_github_rate_limit_remaining",
    help: "GitHub API requests left in the current rate-limit window, as last reported by GitHub.",
    type: "gauge",
    labels: [],
    source: "github",
  },
  {
    name: "runwarden_fleet_refresh_timestamp_seconds",
    help: "Unix time of the last successful fleet refresh from GitHub.",
    type: "gauge",
    labels: [],
    source: "fleet",
  },
] as const satisfies readonly MetricSpec[];

export type MetricName = (typeof CATALOGUE)[number]["name"];

/** The spec of `name` (every name of the catalogue has one). */
export function specOf(name: MetricName): MetricSpec {
  const spec = CATALOGUE.find((entry) => entry.name === name);
  if (spec === undefined) throw new RangeError(`no metric ${name} in the catalogue`);
  return spec;
}
