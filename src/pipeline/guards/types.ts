/**
 * Guards: conditions checked before anything touches production. Each guard is one file with an
 * id, a title and a `check`; its result says what was found and, when it refuses, what to do.
 * `error` means the guard could not tell (GitHub unreachable): the deploy is refused all the same,
 * and runwarden exits 3 (could not decide) instead of 1.
 */
import type { RunnerInfo } from "../../checks/runner.js";
import type { Guards, RunnerGroup } from "../../config/schema.js";

/** What the deploy is, from the workflow run it belongs to (GitHub's variables, or flags). */
export interface DeployFacts {
  /** The commit being deployed. */
  readonly sha: string;
  /** Full ref, e.g. `refs/heads/main` (`$GITHUB_REF`). */
  readonly ref: string | undefined;
  /** `$GITHUB_EVENT_NAME`. */
  readonly event: string | undefined;
  /** `$RUNNER_NAME`: the runner this deploy runs on. */
  readonly runnerName: string | undefined;
  /** `$GITHUB_RUN_ID`: the workflow run (its review history); `local` outside Actions. */
  readonly runId?: string;
}

/** What guards ask GitHub. Every call rejects when GitHub cannot answer. */
export interface GuardGithub {
  branchProtected(branch: string, signal: AbortSignal): Promise<boolean>;
  /** Required reviewers of the environment (0: none, or no such environment). */
  environmentReviewers(environment: string, signal: AbortSignal): Promise<number>;
  /** Who approved (`approved` entries of the run's review history) a deployment to `environment`. */
  approvalsOf(runId: number, environment: string, signal: AbortSignal): Promise<string[]>;
  commitMessage(sha: string, signal: AbortSignal): Promise<string>;
  /** Titles of the pull requests associated with the commit. */
  pullRequestTitles(sha: string, signal: AbortSignal): Promise<string[]>;
  /** The runner registered under `name` (with its group for organization runners), or undefined. */
  runner(name: string, signal: AbortSignal): Promise<RunnerInfo | undefined>;
}

export interface GuardContext {
  /** The environment's name (also its GitHub environment). */
  readonly environment: string;
  readonly guards: Guards;
  readonly runnerGroups: readonly RunnerGroup[];
  readonly facts: DeployFacts;
  /** The GitHub layer, or why there is none (no credentials, no repository). */
  readonly github: GuardGithub | { readonly unavailable: string };
}

/** `off`: not required by the configuration. */
export type GuardStatus = "pass" | "refuse" | "error" | "off";

export interface GuardVerdict {
  readonly status: GuardStatus;
  /** What was found (and expected). */
  readonly reason: string;
  /** What to do about a refusal or an error. */
  readonly remedy?: string;
}

export interface GuardResult extends GuardVerdict {
  readonly id: string;
  readonly title: string;
  readonly durationMs: number;
}

export interface Guard {
  readonly id: string;
  readonly title: string;
  check(ctx: GuardContext, signal: AbortSignal): Promise<GuardVerdict>;
}

/** The branch of a ref (`refs/heads/x` → `x`); undefined for tags and other refs. */
export function branchOf(ref: string | undefined): string | undefined {
  if (ref === undefined || ref === "") return undefined;
  if (ref.startsWith("refs/heads/")) return ref.slice("refs/heads/".length);
  return ref.startsWith("refs/") ? undefined : ref;
}

/** The GitHub layer, or an `error` verdict saying why it is missing. */
export function githubOf(ctx: GuardContext): GuardGithub | GuardVerdict {
  if ("unavailable" in ctx.github) {
    return {
      status: "error",
      reason: `cannot ask GitHub: ${ctx.github.unavailable}`,
      remedy: "give runwarden a token (GITHUB_TOKEN) and the repository, or remove the guard from runwarden.yml",
    };
  }
  return ctx.github;
}
