/**
 * The runner fleet as metrics: the configured runner groups observed as `runwarden fleet` and
 * `runwarden route` observe them (route/observe.ts, conditional requests on the same client, so an
 * unchanged answer is a free 304), judged by route's one judge (route/health.ts via route/fleet.ts).
 */
import { environmentOf } from "../config/environments.js";
import type { LoadedConfig } from "../config/load.js";
import { listRunnerGroups, listRunners } from "../github/api/runners.js";
import type { CallOptions } from "../github/client.js";
import type { Env } from "../output/io.js";
import { buildFleetView, type FleetEnvironment, type FleetView } from "../route/fleet.js";
import { observeGroups } from "../route/observe.js";
import { resolveWorkflow } from "../route/workflow-ref.js";
import type { Session } from "../cli/session.js";
import type { RunwardenMetrics } from "./registry.js";

/** Reads every configured environment's runner groups from GitHub and judges them. */
export async function readFleet(session: Session, loaded: LoadedConfig, env: Env, options: CallOptions = {}): Promise<FleetView> {
  const repository = `${session.repo.owner}/${session.repo.repo}`;
  const names = Object.keys(loaded.config.environments);
  const configured = names.map((name) => [name, environmentOf(loaded, name)] as const);
  const orgLevel = configured.some(([, environment]) => environment.runner_groups.some((group) => group.group !== undefined));
  const [environments, orgRunners, githubGroups] = await Promise.all([
    Promise.all(
      configured.map(
        async ([name, environment]): Promise<FleetEnvironment> => ({
          name,
          groups: environment.runner_groups,
          observations: await observeGroups(session.client, session.repo, environment.runner_groups, options),
          workflow: resolveWorkflow(environment.route.workflow, repository, env),
        }),
      ),
    ),
    orgLevel ? listRunners(session.client, { kind: "org", org: session.repo.owner }, options) : undefined,
    orgLevel ? listRunnerGroups(session.client, session.repo.owner, options) : undefined,
  ]);
  const repoObservation = environments
    .flatMap((environment) => [...environment.observations.values()])
    .find((observation) => observation.kind === "repository");
  return buildFleetView({
    repository,
    environments,
    orgRunners,
    repoRunners: repoObservation?.kind === "repository" ? repoObservation.runners : undefined,
    githubGroups,
    minRunnerVersion: loaded.config.github.min_runner_version,
  });
}

/** Replaces the fleet gauges with what `view` says, stamped `at` (ms since the epoch). */
export function applyFleet(metrics: RunwardenMetrics, view: FleetView, environments: readonly string[], at: number): void {
  const runners = metrics.gauge("runwarden_runner_group_runners");
  const healthy = metrics.gauge("runwarden_runner_group_healthy");
  const offlineBusy = metrics.gauge("runwarden_runner_group_offline_busy");
  const wrongGroup = metrics.gauge("runwarden_runner_group_wrong_group");
  const outdated = metrics.gauge("runwarden_runner_group_outdated");
  const healthyGroups = metrics.gauge("runwarden_environment_healthy_groups");
  for (const gauge of [runners, healthy, offlineBusy, wrongGroup, outdated, healthyGroups]) gauge.reset();
  for (const environment of environments) healthyGroups.set({ environment }, 0);
  for (const group of view.groups) {
    const labels = { environment: group.environment, group: group.name };
    for (const status of ["online", "idle", "busy", "offline"] as const) runners.set({ ...labels, status }, group.counts[status]);
    healthy.set(labels, group.ready ? 1 : 0);
    offlineBusy.set(labels, group.counts.offline_busy);
    outdated.set(labels, group.counts.outdated);
    const key = `${group.environment}/${group.name}`;
    wrongGroup.set(labels, view.misplaced.filter((runner) => runner.matches.includes(key)).length);
    if (group.ready && group.eligible) healthyGroups.inc({ environment: group.environment });
  }
  metrics.gauge("runwarden_fleet_refresh_timestamp_seconds").set(at / 1000);
}

/** The rate limit GitHub reported last (nothing when it has not said yet). */
export function applyRateLimit(metrics: RunwardenMetrics, remaining: number | undefined): void {
  if (remaining !== undefined) metrics.gauge("runwarden_github_rate_limit_remaining").set(remaining);
}
