/** Self-hosted runners and runner groups: repository level, organization level, by group. */
import type { CallOptions, GithubClient } from "../client.js";
import { repositoryRefSchema, runnerGroupSchema, runnerSchema, type RepositoryRef, type Runner, type RunnerGroup } from "../schemas.js";

export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

/** Where runners are registered: one repository, a whole organization, or one org runner group. */
export type RunnerScope =
  | { readonly kind: "repo"; readonly owner: string; readonly repo: string }
  | { readonly kind: "org"; readonly org: string }
  | { readonly kind: "group"; readonly org: string; readonly groupId: number };

export function listRunners(client: GithubClient, scope: RunnerScope, options: CallOptions = {}): Promise<Runner[]> {
  switch (scope.kind) {
    case "repo":
      return client.list("listRepoRunners", { owner: scope.owner, repo: scope.repo }, "runners", runnerSchema, options);
    case "org":
      return client.list("listOrgRunners", { org: scope.org }, "runners", runnerSchema, options);
    case "group":
      return client.list("listGroupRunners", { org: scope.org, runner_group_id: scope.groupId }, "runners", runnerSchema, options);
  }
}

/** Runners of a scope with exactly this name (GitHub's `name` filter): none, or one. */
export function findRunners(client: GithubClient, scope: Exclude<RunnerScope, { kind: "group" }>, name: string, options: CallOptions = {}): Promise<Runner[]> {
  return scope.kind === "repo"
    ? client.list("listRepoRunners", { owner: scope.owner, repo: scope.repo, name }, "runners", runnerSchema, options)
    : client.list("listOrgRunners", { org: scope.org, name }, "runners", runnerSchema, options);
}

export function listRunnerGroups(client: GithubClient, org: string, options: CallOptions = {}): Promise<RunnerGroup[]> {
  return client.list("listRunnerGroups", { org }, "runner_groups", runnerGroupSchema, options);
}

/** The organization's runner groups this repository may use (GitHub's `visible_to_repository` filter). */
export function listRunnerGroupsVisibleTo(client: GithubClient, org: string, repository: string, options: CallOptions = {}): Promise<RunnerGroup[]> {
  return client.list("listRunnerGroups", { org, visible_to_repository: repository }, "runner_groups", runnerGroupSchema, options);
}

export function getRunnerGroup(client: GithubClient, org: string, groupId: number, options: CallOptions = {}): Promise<RunnerGroup> {
  return client.get("getRunnerGroup", { org, runner_group_id: groupId }, runnerGroupSchema, options);
}

/** Repositories allowed to use a group whose visibility is `selected`. */
export function listGroupRepositories(client: GithubClient, org: string, groupId: number, options: CallOptions = {}): Promise<RepositoryRef[]> {
  return client.list("listGroupRepositories", { org, runner_group_id: groupId }, "repositories", repositoryRefSchema, options);
}
