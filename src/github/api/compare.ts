/**
 * Comparing two commits (REST "Compare two commits", `GET /repos/{owner}/{repo}/compare/{base}...{head}`):
 * how `head` stands to `base` — `ahead` (head contains base and more), `behind` (base contains head),
 * `identical`, or `diverged` (each has commits the other lacks). The deploy's supersede rule reads
 * only the status and the counts.
 */
import { z } from "zod";
import type { CallOptions, GithubClient } from "../client.js";
import type { RepoRef } from "./runners.js";

export const comparisonSchema = z.object({
  status: z.enum(["ahead", "behind", "identical", "diverged"]),
  ahead_by: z.number().int().min(0),
  behind_by: z.number().int().min(0),
});
export type Comparison = z.output<typeof comparisonSchema>;

/**
 * How `head` stands to `base`; `null` when GitHub does not know one of the commits (404), so the
 * two cannot be compared.
 */
export function compareCommits(client: GithubClient, repo: RepoRef, base: string, head: string, options: CallOptions = {}): Promise<Comparison | null> {
  // One page is enough: only the status and the counts are read, and those do not depend on paging.
  return client.getOrNull("compareCommits", { ...repo, basehead: `${base}...${head}`, per_page: 1 }, comparisonSchema, options);
}
