/**
 * The GitHub Deployment record of a deploy: created for the exact commit (`ref` = the sha, so a
 * branch that moved meanwhile cannot change what is recorded) with `auto_merge: false` and no
 * required contexts (runwarden's guards decide), then `in_progress` with the Actions run as its
 * log, and a final `success`/`failure`/`error` with the environment's URL. Every text sent is masked
 * first: a secret never reaches a deployment description or payload.
 */
import type { Masker } from "../mask/index.js";
import { createDeployment, createDeploymentStatus, type GithubClient, type RepoRef } from "../github/index.js";
import type { RunFacts } from "./types.js";

export type FinalState = "success" | "failure" | "error";

/** `https://github.com/OWNER/REPO/actions/runs/ID/attempts/N`, or undefined outside Actions. */
export function runUrl(facts: RunFacts): string | undefined {
  if (facts.repository === undefined || facts.runId === "" || facts.runId === "local") return undefined;
  return `${facts.serverUrl.replace(/\/+$/, "")}/${facts.repository}/actions/runs/${facts.runId}/attempts/${facts.runAttempt}`;
}

export interface DeploymentRecord {
  readonly id: number;
  finish(state: FinalState, description: string, environmentUrl: string | undefined): Promise<void>;
}

export async function startDeployment(
  client: GithubClient,
  repo: RepoRef,
  masker: Masker,
  input: { readonly environment: string; readonly facts: RunFacts; readonly production: boolean | undefined },
  signal: AbortSignal,
): Promise<DeploymentRecord> {
  const { facts, environment } = input;
  const mask = (text: string) => masker.mask(text);
  const deployment = await createDeployment(
    client,
    repo,
    {
      ref: facts.sha,
      environment,
      task: "deploy",
      description: mask(`runwarden deploy of ${facts.ref ?? facts.sha} by ${facts.actor}`),
      payload: { ref: mask(facts.ref ?? ""), run_id: mask(facts.runId), run_attempt: facts.runAttempt, runner: mask(facts.runnerName ?? "") },
      ...(input.production === undefined ? {} : { production_environment: input.production }),
    },
    { signal },
  );
  const logUrl = runUrl(facts);
  await createDeploymentStatus(
    client,
    repo,
    deployment.id,
    { state: "in_progress", description: "runwarden: deploying", ...(logUrl === undefined ? {} : { log_url: logUrl }) },
    { signal },
  );
  return {
    id: deployment.id,
    async finish(state, description, environmentUrl) {
      await createDeploymentStatus(client, repo, deployment.id, {
        state,
        description: mask(description),
        ...(logUrl === undefined ? {} : { log_url: logUrl }),
        ...(environmentUrl === undefined ? {} : { environment_url: mask(environmentUrl) }),
      });
    },
  };
}
