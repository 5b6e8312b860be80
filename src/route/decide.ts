/**
 * `route` as one call: observe the groups on GitHub, assess each, plan. When GitHub cannot be
 * reached after the client's retries, `on_api_error` decides: `fail` rethrows (exit 3), `primary`
 * routes to the first group unchecked and says so.
 */
import type { GithubClient } from "../github/client.js";
import type { RepoRef } from "../github/api/runners.js";
import { UnreachableError } from "../model/errors.js";
import { assessGroup, type RouteGroupConfig } from "./health.js";
import { observeGroups } from "./observe.js";
import { planRoute, uncheckedPrimary, type RouteDecision, type RouteRequest } from "./plan.js";
import type { WorkflowRef } from "./workflow-ref.js";

export interface RouteSetup {
  readonly environment: string;
  readonly repo: RepoRef;
  readonly groups: readonly RouteGroupConfig[];
  readonly minRunnerVersion: string | undefined;
  readonly workflow: WorkflowRef | undefined;
  readonly onApiError: "fail" | "primary";
}

export async function decideRoute(client: GithubClient, setup: RouteSetup, request: RouteRequest = {}, signal?: AbortSignal): Promise<RouteDecision> {
  let observations: Awaited<ReturnType<typeof observeGroups>>;
  try {
    observations = await observeGroups(client, setup.repo, setup.groups, signal === undefined ? {} : { signal });
  } catch (e: unknown) {
    if (!(e instanceof UnreachableError) || setup.onApiError !== "primary" || request.forceGroup !== undefined) throw e;
    const fallback = uncheckedPrimary(setup.environment, setup.groups, e.message, request.exclude);
    if (fallback === undefined) throw e;
    return fallback;
  }
  const context = {
    org: setup.repo.owner,
    repository: `${setup.repo.owner}/${setup.repo.repo}`,
    minRunnerVersion: setup.minRunnerVersion,
    workflow: setup.workflow,
  };
  const health = setup.groups.map((config, index) => {
    const observation = observations.get(config.name) ?? { kind: "unavailable" as const, exists: undefined };
    return assessGroup(config, index, observation, context);
  });
  return planRoute(setup.environment, health, request);
}
