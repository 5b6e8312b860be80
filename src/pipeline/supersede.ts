/**
 * The supersede rule: a deploy never puts an older commit over a newer one. Run inside the
 * environment lock, before anything touches production: look for a commit already live or being
 * deployed on the environment — the environment's GitHub deployments and their latest status, and
 * runwarden's own history — and ask GitHub how it stands to ours (REST "Compare two commits",
 * https://docs.github.com/rest/commits/commits#compare-two-commits). When one is `ahead` of ours
 * (it contains our commit and more) and its deployment is `success` or `in_progress`, this deploy
 * is superseded: outcome `skipped`, exit 0, nothing run, no deployment record.
 *
 * This is what keeps production on the newest commit when workflow runs reach the lock out of order
 * — approvals given in another order, a failover or a watchdog re-run of an old run, or a GitHub
 * Enterprise Server without `queue: max` — instead of relying on the concurrency queue (docs/adr/0011).
 * A commit GitHub cannot compare (unknown, 404) or one that `diverged` from ours does not supersede
 * it: only a commit that provably contains ours does.
 */
import { compareCommits, deploymentSchema, deploymentStatusSchema, type GithubClient, type RepoRef } from "../github/index.js";
import { errorText } from "../checks/format.js";
import type { AttemptRecord } from "../store/types.js";
import { refused, skipped, type Ending } from "./result.js";
import type { StageOutcome } from "./stages.js";
import type { DeployDeps, DeployRequest } from "./types.js";

/** Deployment states that mean "live, or on its way": a newer commit in one of them wins. */
const LIVE_STATES = new Set(["success", "in_progress"]);
/** The newest deployments of the environment looked at (GitHub lists newest first). */
const MAX_DEPLOYMENTS = 10;
/** Distinct commits compared with ours at most. */
const MAX_COMPARES = 10;

export interface Candidate {
  readonly sha: string;
  /** Where it was seen, for the stage detail: `deployment 123 success`, `history attempt 7 success`. */
  readonly seen: string;
}

export type SupersedeVerdict =
  | { readonly superseded: true; readonly by: string; readonly detail: string }
  | { readonly superseded: false; readonly detail: string };

export interface SupersedeInput {
  readonly environment: string;
  readonly sha: string;
  readonly client: GithubClient;
  readonly repo: RepoRef;
  /** runwarden's recent attempts on the environment, newest first. */
  readonly history: readonly AttemptRecord[];
  readonly signal: AbortSignal;
}

/** Commits other than ours that GitHub deployments or runwarden's history show live or in progress, newest first. */
export async function liveCandidates(input: SupersedeInput): Promise<Candidate[]> {
  const { client, repo, signal } = input;
  const candidates: Candidate[] = [];
  // The first page only: the newest deployments (GitHub lists them newest first), each with its newest status.
  const page = { signal, maxPages: 1 };
  const deployments = (await client.list("listDeployments", { ...repo, environment: input.environment }, undefined, deploymentSchema, page))
    .filter((d) => d.sha !== input.sha)
    .slice(0, MAX_DEPLOYMENTS);
  for (const deployment of deployments) {
    const latest = (await client.list("listDeploymentStatuses", { ...repo, deployment_id: deployment.id }, undefined, deploymentStatusSchema, page))[0];
    if (latest !== undefined && LIVE_STATES.has(latest.state)) candidates.push({ sha: deployment.sha, seen: `deployment ${deployment.id} ${latest.state}` });
  }
  for (const attempt of input.history) {
    if (attempt.sha === input.sha || attempt.environment !== input.environment) continue;
    if (attempt.status === "success" || attempt.status === "running")
      candidates.push({ sha: attempt.sha, seen: `history attempt ${attempt.id} ${attempt.status}` });
  }
  return candidates;
}

export async function checkSuperseded(input: SupersedeInput): Promise<SupersedeVerdict> {
  const candidates = await liveCandidates(input);
  const compared = new Map<string, string>();
  const notes: string[] = [];
  for (const candidate of candidates) {
    if (compared.has(candidate.sha)) continue;
    if (compared.size >= MAX_COMPARES) break;
    const comparison = await compareCommits(input.client, input.repo, input.sha, candidate.sha, { signal: input.signal });
    const status = comparison?.status ?? "unknown to GitHub";
    compared.set(candidate.sha, status);
    if (comparison?.status === "ahead") {
      return { superseded: true, by: candidate.sha, detail: `superseded by ${candidate.sha} (${candidate.seen}, ${comparison.ahead_by} commit(s) ahead)` };
    }
    notes.push(`${candidate.sha.slice(0, 12)} ${status} (${candidate.seen})`);
  }
  if (notes.length === 0) return { superseded: false, detail: "no other commit live or in progress" };
  return { superseded: false, detail: `no newer commit live or in progress: ${notes.join("; ")}` };
}

/** The `supersede` stage of a deploy: `superseded` ends it skipped; GitHub unreachable ends it refused (could not decide). */
export async function supersedeStage(request: DeployRequest, deps: DeployDeps, signal: AbortSignal): Promise<StageOutcome<"clear" | "superseded" | "unknown">> {
  const github = deps.github;
  if ("unavailable" in github) return { status: "error", detail: `cannot ask GitHub which commit is live: ${github.unavailable}`, value: "unknown" };
  try {
    const history = await deps.history.list({ environment: request.setup.name, limit: 20 });
    const verdict = await checkSuperseded({
      environment: request.setup.name,
      sha: request.facts.sha,
      client: github.client,
      repo: github.repo,
      history,
      signal,
    });
    return { status: "success", detail: verdict.detail, value: verdict.superseded ? "superseded" : "clear" };
  } catch (e: unknown) {
    return { status: "error", detail: `could not tell whether a newer commit is live: ${errorText(e)}`, value: "unknown" };
  }
}

/** How the deploy ends after the stage: skipped when superseded, refused (exit 3) when it could not tell, else it goes on. */
export function supersedeEnding(outcome: StageOutcome<"clear" | "superseded" | "unknown">): Ending | undefined {
  if (outcome.value === "superseded") return skipped(outcome.detail ?? "superseded by a newer commit");
  if (outcome.value === "unknown") return refused(outcome.detail ?? "could not tell whether a newer commit is live", true, null);
  return undefined;
}
