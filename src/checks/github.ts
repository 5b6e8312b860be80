/**
 * `github`: the API answers with rate limit to spare; optionally the deployed branch is protected
 * and the environment has required reviewers. The GitHub layer (src/github/) is injected as a
 * `GithubProbeClient`; a client error is `error` (could not tell), never a pass.
 */
import type { PreflightCheckOf } from "../config/schema.js";
import type { KindDefinition } from "./context.js";
import { errorText } from "./format.js";
import { DEFAULT_CHECK_TIMEOUT_MS, type Outcome, type Probe } from "./types.js";

/** The minimal GitHub interface this check needs. Methods reject when GitHub cannot answer. */
export interface GithubProbeClient {
  /** The core rate limit of the token in use. */
  rateLimit(signal: AbortSignal): Promise<{ readonly remaining: number; readonly limit: number; readonly resetAt: Date }>;
  /** Whether branch protection or an active ruleset protects `branch`. */
  branchProtected(branch: string, signal: AbortSignal): Promise<boolean>;
  /** Number of required reviewers on the environment (0: no `required_reviewers` rule). */
  environmentReviewers(environment: string, signal: AbortSignal): Promise<number>;
}

export interface GithubProbeOptions {
  readonly client: GithubProbeClient;
  readonly minRateLimit?: number;
  /** Require this branch to be protected. */
  readonly protectedBranch?: string;
  /** Require this environment to have required reviewers. */
  readonly reviewedEnvironment?: string;
  readonly timeoutMs: number;
}

export function githubProbe(options: GithubProbeOptions): Probe {
  return {
    timeoutMs: options.timeoutMs,
    async body(_ctx, signal): Promise<Outcome> {
      const problems: string[] = [];
      const found: string[] = [];
      try {
        const rate = await options.client.rateLimit(signal);
        const min = options.minRateLimit ?? 0;
        const text = `${rate.remaining}/${rate.limit} API requests left until ${rate.resetAt.toISOString()}`;
        if (rate.remaining < min) problems.push(`${text}; need at least ${min}`);
        else found.push(text);
        if (options.protectedBranch !== undefined) {
          if (await options.client.branchProtected(options.protectedBranch, signal)) found.push(`branch ${options.protectedBranch} is protected`);
          else problems.push(`branch ${options.protectedBranch} is not protected`);
        }
        if (options.reviewedEnvironment !== undefined) {
          const reviewers = await options.client.environmentReviewers(options.reviewedEnvironment, signal);
          if (reviewers > 0) found.push(`environment ${options.reviewedEnvironment} requires review`);
          else problems.push(`environment ${options.reviewedEnvironment} has no required reviewers`);
        }
      } catch (e: unknown) {
        if (signal.aborted) throw e;
        return { status: "error", summary: `GitHub did not answer: ${errorText(e)}`, evidence: found };
      }
      if (problems.length > 0) return { status: "fail", summary: problems.join("; "), evidence: found };
      return { status: "pass", summary: found.join("; ") };
    },
  };
}

type GithubSpec = Omit<PreflightCheckOf<"github">, "name" | "warn_only">;

export const githubKind: KindDefinition<GithubSpec> = {
  kind: "github",
  description: "The GitHub API answers with rate limit to spare; the branch is protected and the environment has required reviewers.",
  label: () => "github",
  perHost: () => false,
  probe(spec, target) {
    const github = target.context.github;
    const timeoutMs = target.context.timeouts?.checkMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    if (github?.client === undefined) {
      const why = github?.unavailable ?? "token missing or GitHub layer not configured";
      return { timeoutMs, body: () => Promise.resolve({ status: "error", summary: `no GitHub client: ${why}` }) };
    }
    const wantBranch = spec.protected_branch ?? github.requireProtectedBranch === true;
    const wantReviewers = spec.required_reviewers ?? github.requireEnvironmentApproval === true;
    const branch = wantBranch ? github.branch : undefined;
    const environment = wantReviewers ? github.environment : undefined;
    const unknown = [
      wantBranch && branch === undefined ? "the branch (GITHUB_REF_NAME)" : "",
      wantReviewers && environment === undefined ? "the environment" : "",
    ].filter((what) => what !== "");
    if (unknown.length > 0) {
      return { timeoutMs, body: () => Promise.resolve({ status: "error", summary: `cannot check the guards: ${unknown.join(" and ")} unknown` }) };
    }
    return githubProbe({
      client: github.client,
      minRateLimit: spec.min_rate_limit,
      ...(branch === undefined ? {} : { protectedBranch: branch }),
      ...(environment === undefined ? {} : { reviewedEnvironment: environment }),
      timeoutMs,
    });
  },
};
