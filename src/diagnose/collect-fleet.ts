/**
 * The fleet collector: each configured runner group judged exactly as `runwarden route` judges it
 * (observe.ts + health.ts through the fleet view), the organization's runners (offline-but-busy ones,
 * runners in the wrong group, version skew). The organization's runner listing is shared with the
 * runs collector (the runners of the failed jobs), so it is read once.
 */
import type { GithubClient } from "../github/client.js";
import { listRunnerGroups, type RepoRef } from "../github/api/runners.js";
import type { Runner } from "../github/schemas.js";
import { buildFleetView, type FleetView } from "../route/fleet.js";
import type { RouteGroupConfig } from "../route/health.js";
import { observeGroups } from "../route/observe.js";
import type { WorkflowRef } from "../route/workflow-ref.js";
import type { CollectorContext } from "./budget.js";

export interface FleetSetup {
  readonly environment: string;
  readonly groups: readonly RouteGroupConfig[];
  readonly workflow: WorkflowRef | undefined;
  readonly minRunnerVersion: string | undefined;
}

export interface FleetFindings {
  readonly view: FleetView;
  /** Runner versions seen among the configured groups' runners (version → count). */
  readonly versions: Readonly<Record<string, number>>;
  readonly orphaned: readonly { readonly name: string; readonly group: string | null }[];
}

export async function collectFleet(
  ctx: CollectorContext,
  client: GithubClient,
  repo: RepoRef,
  setup: FleetSetup,
  orgRunners: () => Promise<readonly Runner[] | undefined>,
): Promise<FleetFindings | undefined> {
  const orgLevel = setup.groups.some((group) => group.group !== undefined);
  const [observations, runners, githubGroups] = await Promise.all([
    ctx.track(
      `fleet: runner groups of ${setup.environment} (as route observes them)`,
      (signal) => observeGroups(client, repo, setup.groups, { signal }),
      (map) => map.size,
    ),
    orgLevel ? orgRunners() : Promise.resolve(undefined),
    orgLevel
      ? ctx.track(
          `fleet: GET /orgs/${repo.owner}/actions/runner-groups`,
          (signal) => listRunnerGroups(client, repo.owner, { signal }),
          (list) => list.length,
        )
      : Promise.resolve(undefined),
  ]);
  if (observations === undefined) return undefined;
  const repoObservation = [...observations.values()].find((observation) => observation.kind === "repository");
  const view = buildFleetView({
    repository: `${repo.owner}/${repo.repo}`,
    environments: [{ name: setup.environment, groups: setup.groups, observations, workflow: setup.workflow }],
    orgRunners: runners,
    repoRunners: repoObservation?.kind === "repository" ? repoObservation.runners : undefined,
    githubGroups,
    minRunnerVersion: setup.minRunnerVersion,
  });
  const versions: Record<string, number> = {};
  for (const group of view.groups) for (const [version, count] of Object.entries(group.versions)) versions[version] = (versions[version] ?? 0) + count;
  const orphaned = view.groups.flatMap((group) =>
    group.runners.filter((r) => r.status === "offline" && r.busy).map((r) => ({ name: r.name, group: group.github_group })),
  );
  return { view, versions, orphaned };
}
