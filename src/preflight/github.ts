/**
 * The GitHub layer as the probe library sees it: a `GithubProbeClient` (rate limit, branch
 * protection, environment reviewers) and a `RunnerLookup` (a runner's group, labels, version),
 * over the real client. Every call carries the check's signal; a failed call rejects, and the check
 * reports `error` (could not tell), never a pass.
 */
import type { GithubContext } from "../checks/context.js";
import type { GithubProbeClient } from "../checks/github.js";
import type { RunnerInfo, RunnerLookup } from "../checks/runner.js";
import type { PreflightCheck } from "../config/schema.js";
import {
  connectGithub,
  getBranchProtection,
  getBranchRules,
  getEnvironment,
  getRateLimit,
  listRunnerGroups,
  listRunners,
  resolveGithubSettings,
  type GithubClient,
  type RepoRef,
} from "../github/index.js";
import { RunwardenError } from "../model/errors.js";
import type { EnvironmentSetup } from "./environment.js";

/**
 * Ruleset rule types that protect an existing branch (a ruleset with only `creation` does not).
 * GitHub's list: docs "Available rules for rulesets".
 */
const PROTECTING_RULES: ReadonlySet<string> = new Set([
  "update",
  "deletion",
  "non_fast_forward",
  "pull_request",
  "required_status_checks",
  "required_linear_history",
  "required_signatures",
  "required_deployments",
  "merge_queue",
  "code_scanning",
  "workflows",
]);

export function githubProbeClient(client: GithubClient, repo: RepoRef): GithubProbeClient {
  return {
    async rateLimit(signal) {
      const { rate } = await getRateLimit(client, { signal });
      return { remaining: rate.remaining, limit: rate.limit, resetAt: new Date(rate.reset * 1000) };
    },
    async branchProtected(branch, signal) {
      const rules = await getBranchRules(client, repo, branch, { signal });
      if (rules.some((rule) => PROTECTING_RULES.has(rule.type))) return true;
      return (await getBranchProtection(client, repo, branch, { signal })) !== null;
    },
    async environmentReviewers(environment, signal) {
      const found = await getEnvironment(client, repo, environment, { signal });
      if (found === null) return 0;
      return (found.protection_rules ?? [])
        .filter((rule) => rule.type === "required_reviewers")
        .reduce((sum, rule) => sum + Math.max(1, rule.reviewers?.length ?? 0), 0);
    },
  };
}

/** Looks a runner up by name: organization runners (with their group's name) when `org` is given, else the repository's. */
export function runnerLookup(client: GithubClient, repo: RepoRef, scope: "org" | "repo"): RunnerLookup {
  return async (name, signal) => {
    const runners = await listRunners(client, scope === "org" ? { kind: "org", org: repo.owner } : { kind: "repo", ...repo }, { signal });
    const runner = runners.find((candidate) => candidate.name === name);
    if (runner === undefined) return undefined;
    let group: string | undefined;
    if (scope === "org" && runner.runner_group_id !== undefined) {
      const groups = await listRunnerGroups(client, repo.owner, { signal });
      group = groups.find((candidate) => candidate.id === runner.runner_group_id)?.name;
    }
    const info: RunnerInfo = {
      name: runner.name,
      status: runner.status,
      labels: runner.labels.map((label) => label.name),
      ...(group === undefined ? {} : { group }),
      ...(runner.version === undefined || runner.version === null ? {} : { version: runner.version }),
    };
    return info;
  };
}

export interface GithubContextOptions {
  /** The process environment (token, GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_REF_NAME). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Called with every credential before any request, to register it with the masker. */
  readonly onSecret: (value: string, source: string) => void;
  readonly userAgent: string;
}

/** Whether any check needs the GitHub layer: a `github` check, or a `runner` check that compares GitHub's record. */
export function needsGithub(items: readonly PreflightCheck[]): boolean {
  return items.some(
    (item) => item.kind === "github" || (item.kind === "runner" && (item.group !== undefined || item.labels !== undefined || item.min_version !== undefined)),
  );
}

/**
 * The GitHub context of an environment's checks: a connected client, or — when the credentials or
 * the repository are missing — the reason, which the checks that need GitHub report as `error`.
 */
export async function githubContext(setup: EnvironmentSetup, options: GithubContextOptions): Promise<GithubContext> {
  const { guards, runner_groups: groups } = setup.environment;
  const branch = options.env["GITHUB_REF_NAME"];
  const base: GithubContext = {
    environment: setup.name,
    ...(branch === undefined || branch === "" ? {} : { branch }),
    requireProtectedBranch: guards.require_protected_branch,
    requireEnvironmentApproval: guards.require_environment_approval,
  };
  const config = setup.loaded.config.github;
  let settings: ReturnType<typeof resolveGithubSettings>;
  try {
    settings = resolveGithubSettings(config, options.env);
  } catch (e: unknown) {
    if (e instanceof RunwardenError) return { ...base, unavailable: `${e.message}${e.hint === undefined ? "" : ` (${e.hint})`}` };
    throw e;
  }
  for (const secret of settings.secrets) options.onSecret(secret.value, secret.source);
  const repository = settings.repository;
  if (repository === undefined) return { ...base, unavailable: "which repository? set github.repository or GITHUB_REPOSITORY" };
  let client: GithubClient;
  try {
    client = await connectGithub(settings, {
      org: repository.owner,
      userAgent: options.userAgent,
      policy: {
        ...(config.request_timeout === undefined ? {} : { timeoutMs: config.request_timeout }),
        ...(config.retries === undefined ? {} : { retries: config.retries }),
      },
    });
  } catch (e: unknown) {
    if (e instanceof RunwardenError) return { ...base, unavailable: e.message };
    throw e;
  }
  const scope = groups.some((group) => group.group !== undefined) ? "org" : "repo";
  return { ...base, client: githubProbeClient(client, repository), runners: runnerLookup(client, repository, scope) };
}
