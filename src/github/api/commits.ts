/**
 * Commits and the pull requests associated with them: what the deploy's change-ticket guard reads.
 * Schemas hold only the fields runwarden uses.
 */
import { z } from "zod";
import type { CallOptions, GithubClient } from "../client.js";
import type { RepoRef } from "./runners.js";

export const commitSchema = z.object({
  sha: z.string(),
  commit: z.object({ message: z.string() }),
});
export type Commit = z.output<typeof commitSchema>;

export const commitPullSchema = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  state: z.string(),
  merged_at: z.string().nullable().optional(),
});
export type CommitPull = z.output<typeof commitPullSchema>;

/** One commit by sha (or any ref GitHub resolves). GitHub answers 422 for a commit it does not know. */
export function getCommit(client: GithubClient, repo: RepoRef, ref: string, options: CallOptions = {}): Promise<Commit> {
  return client.get("getCommit", { ...repo, ref }, commitSchema, options);
}

/** The pull requests associated with a commit: the merged one that introduced it, or open ones while it is on a branch only. */
export function listCommitPulls(client: GithubClient, repo: RepoRef, sha: string, options: CallOptions = {}): Promise<CommitPull[]> {
  return client.list("listCommitPulls", { ...repo, commit_sha: sha }, undefined, commitPullSchema, options);
}
