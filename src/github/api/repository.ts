/** Repository settings runwarden's guards read: environments, branch rules, branch protection, rate limit. */
import type { CallOptions, GithubClient } from "../client.js";
import { httpFailure } from "../errors.js";
import {
  branchProtectionSchema,
  branchRuleSchema,
  environmentSchema,
  rateLimitSchema,
  type BranchProtection,
  type BranchRule,
  type Environment,
  type RateLimit,
} from "../schemas.js";
import type { RepoRef } from "./runners.js";

/** An environment with its protection rules; `null` when the repository has no such environment. */
export function getEnvironment(client: GithubClient, repo: RepoRef, name: string, options: CallOptions = {}): Promise<Environment | null> {
  return client.getOrNull("getEnvironment", { ...repo, environment_name: name }, environmentSchema, options);
}

/** Every active rule that applies to `branch`, from rulesets at any level. */
export function getBranchRules(client: GithubClient, repo: RepoRef, branch: string, options: CallOptions = {}): Promise<BranchRule[]> {
  return client.list("getBranchRules", { ...repo, branch }, undefined, branchRuleSchema, options);
}

/** Classic branch protection; `null` when the branch is not protected (GitHub answers 404). */
export async function getBranchProtection(client: GithubClient, repo: RepoRef, branch: string, options: CallOptions = {}): Promise<BranchProtection | null> {
  try {
    return await client.get("getBranchProtection", { ...repo, branch }, branchProtectionSchema, options);
  } catch (e: unknown) {
    // GitHub says "Branch not protected"; any other 404 (no such repository, no access) stays an error.
    const failure = httpFailure(e instanceof Error ? e.cause : undefined);
    if (failure?.status === 404 && /branch not protected/i.test(failure.message)) return null;
    throw e;
  }
}

/** The current primary rate limit (this call itself is free). */
export function getRateLimit(client: GithubClient, options: CallOptions = {}): Promise<RateLimit> {
  return client.get("getRateLimit", {}, rateLimitSchema, options);
}
