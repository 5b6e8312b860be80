/**
 * Environment reviews of a workflow run: the run's review history (REST "Get the review history for
 * a workflow run", `GET …/actions/runs/{run_id}/approvals`), the environments it waits on (REST "Get
 * pending deployments for a workflow run") and a reviewer's decision (REST "Review pending
 * deployments for a workflow run"). The approval guard reads the history; the emulator's tests
 * approve through the review call as a reviewer would.
 */
import { z } from "zod";
import type { CallOptions, GithubClient } from "../client.js";
import type { RepoRef } from "./runners.js";

const environmentRef = z.object({ id: z.number().int().optional(), name: z.string().optional() });

export const runApprovalSchema = z.object({
  state: z.enum(["approved", "rejected", "pending"]),
  comment: z.string(),
  environments: z.array(environmentRef),
  user: z.object({ login: z.string() }),
});
export type RunApproval = z.output<typeof runApprovalSchema>;

export const pendingDeploymentSchema = z.object({
  environment: environmentRef,
  current_user_can_approve: z.boolean(),
  reviewers: z.array(z.object({ type: z.string(), reviewer: z.object({ login: z.string().optional(), name: z.string().optional() }).loose() })),
});
export type PendingDeployment = z.output<typeof pendingDeploymentSchema>;

/** Every review of the run's environments, all attempts, oldest first as GitHub lists them. */
export function listRunApprovals(client: GithubClient, repo: RepoRef, runId: number, options: CallOptions = {}): Promise<RunApproval[]> {
  return client.list("listRunApprovals", { ...repo, run_id: runId }, undefined, runApprovalSchema, options);
}

/** The environments the run waits on for a reviewer. */
export function listPendingDeployments(client: GithubClient, repo: RepoRef, runId: number, options: CallOptions = {}): Promise<PendingDeployment[]> {
  return client.list("listPendingDeployments", { ...repo, run_id: runId }, undefined, pendingDeploymentSchema, options);
}

export interface DeploymentReview {
  readonly environmentIds: readonly number[];
  readonly state: "approved" | "rejected";
  readonly comment: string;
}

/** A required reviewer approves or rejects the run's jobs waiting on those environments. */
export async function reviewPendingDeployments(
  client: GithubClient,
  repo: RepoRef,
  runId: number,
  review: DeploymentReview,
  options: CallOptions = {},
): Promise<void> {
  await client.get(
    "reviewPendingDeployments",
    { ...repo, run_id: runId, environment_ids: [...review.environmentIds], state: review.state, comment: review.comment },
    z.array(z.unknown()),
    options,
  );
}
