/** The guards' view of GitHub over the real client: the same lookups preflight uses, plus commits. */
import type { RunnerGroup } from "../../config/schema.js";
import { getCommit, listCommitPulls, listRunApprovals, type GithubClient, type RepoRef } from "../../github/index.js";
import { githubProbeClient, runnerLookup } from "../../preflight/github.js";
import type { GuardGithub } from "./types.js";

export function guardGithub(client: GithubClient, repo: RepoRef, groups: readonly RunnerGroup[]): GuardGithub {
  const probe = githubProbeClient(client, repo);
  const runner = runnerLookup(client, repo, groups.some((group) => group.group !== undefined) ? "org" : "repo");
  return {
    branchProtected: (branch, signal) => probe.branchProtected(branch, signal),
    environmentReviewers: (environment, signal) => probe.environmentReviewers(environment, signal),
    commitMessage: async (sha, signal) => (await getCommit(client, repo, sha, { signal })).commit.message,
    pullRequestTitles: async (sha, signal) => (await listCommitPulls(client, repo, sha, { signal })).map((pr) => pr.title),
    runner: (name, signal) => runner(name, signal),
    approvalsOf: async (runId, environment, signal) =>
      (await listRunApprovals(client, repo, runId, { signal }))
        .filter((review) => review.state === "approved" && review.environments.some((env) => env.name === environment))
        .map((review) => review.user.login),
  };
}
