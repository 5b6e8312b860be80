/** GitHub Deployments and their statuses: the record of what was deployed where. */
import type { CallOptions, GithubClient } from "../client.js";
import { deploymentSchema, deploymentStatusSchema, type Deployment, type DeploymentState, type DeploymentStatus } from "../schemas.js";
import type { RepoRef } from "./runners.js";

export interface NewDeployment {
  readonly ref: string;
  readonly environment: string;
  readonly task?: string;
  readonly description?: string;
  readonly payload?: Readonly<Record<string, unknown>>;
  readonly production_environment?: boolean;
  readonly transient_environment?: boolean;
}

/** GitHub limits a deployment status description to 140 characters. */
export const MAX_STATUS_DESCRIPTION = 140;

/** Creates a deployment without auto-merge and without required status contexts (runwarden's guards decide). */
export function createDeployment(client: GithubClient, repo: RepoRef, deployment: NewDeployment, options: CallOptions = {}): Promise<Deployment> {
  return client.get("createDeployment", { ...repo, ...deployment, auto_merge: false, required_contexts: [] }, deploymentSchema, options);
}

export interface NewDeploymentStatus {
  readonly state: DeploymentState;
  readonly description?: string;
  readonly log_url?: string;
  readonly environment_url?: string;
  readonly auto_inactive?: boolean;
}

export function createDeploymentStatus(
  client: GithubClient,
  repo: RepoRef,
  deploymentId: number,
  status: NewDeploymentStatus,
  options: CallOptions = {},
): Promise<DeploymentStatus> {
  const description = status.description === undefined ? undefined : truncate(status.description, MAX_STATUS_DESCRIPTION);
  return client.get(
    "createDeploymentStatus",
    { ...repo, deployment_id: deploymentId, ...status, ...(description === undefined ? {} : { description }) },
    deploymentStatusSchema,
    options,
  );
}

export function listDeployments(
  client: GithubClient,
  repo: RepoRef,
  filters: { readonly environment?: string; readonly ref?: string; readonly sha?: string; readonly task?: string } = {},
  options: CallOptions = {},
): Promise<Deployment[]> {
  return client.list("listDeployments", { ...repo, ...filters }, undefined, deploymentSchema, options);
}

export function listDeploymentStatuses(client: GithubClient, repo: RepoRef, deploymentId: number, options: CallOptions = {}): Promise<DeploymentStatus[]> {
  return client.list("listDeploymentStatuses", { ...repo, deployment_id: deploymentId }, undefined, deploymentStatusSchema, options);
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
