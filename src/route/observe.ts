/**
 * What GitHub says about the configured runner groups, with as few requests as it takes: one listing
 * of the groups the repository may use (`visible_to_repository`), one runner listing per GitHub
 * group, one of the repository's runners when a group uses them — and a listing of all groups only
 * when a configured group is missing, to tell "does not exist" from "not available". Repeated calls
 * on the same client are conditional (ETags): an unchanged answer is a free `304`.
 */
import type { CallOptions, GithubClient } from "../github/client.js";
import { listRunnerGroups, listRunnerGroupsVisibleTo, listRunners, type RepoRef } from "../github/api/runners.js";
import type { Runner, RunnerGroup } from "../github/schemas.js";
import type { GroupObservation, RouteGroupConfig } from "./health.js";

export async function observeGroups(
  client: GithubClient,
  repo: RepoRef,
  configs: readonly RouteGroupConfig[],
  options: CallOptions = {},
): Promise<Map<string, GroupObservation>> {
  const names = [...new Set(configs.flatMap((config) => (config.group === undefined ? [] : [config.group])))];
  const needsRepo = configs.some((config) => config.group === undefined);
  const [visible, repoRunners] = await Promise.all([
    names.length > 0 ? listRunnerGroupsVisibleTo(client, repo.owner, repo.repo, options) : Promise.resolve([] as RunnerGroup[]),
    needsRepo ? listRunners(client, { kind: "repo", owner: repo.owner, repo: repo.repo }, options) : Promise.resolve([] as Runner[]),
  ]);
  const found = names.flatMap((name) => {
    const group = visible.find((candidate) => candidate.name === name);
    return group === undefined ? [] : [group];
  });
  const missing = names.filter((name) => !found.some((group) => group.name === name));
  const [runnersByGroup, all] = await Promise.all([
    Promise.all(found.map(async (group) => [group.name, await listRunners(client, { kind: "group", org: repo.owner, groupId: group.id }, options)] as const)),
    missing.length > 0 ? listRunnerGroups(client, repo.owner, options) : Promise.resolve(undefined),
  ]);
  const runners = new Map(runnersByGroup);
  const observations = new Map<string, GroupObservation>();
  for (const config of configs) {
    if (config.group === undefined) {
      observations.set(config.name, { kind: "repository", runners: repoRunners });
      continue;
    }
    const group = found.find((candidate) => candidate.name === config.group);
    if (group === undefined) {
      observations.set(config.name, { kind: "unavailable", exists: all === undefined ? undefined : all.some((candidate) => candidate.name === config.group) });
    } else {
      observations.set(config.name, { kind: "organization", group, runners: runners.get(group.name) ?? [] });
    }
  }
  return observations;
}
