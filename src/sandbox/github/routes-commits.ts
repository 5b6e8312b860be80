/**
 * Commit routes: a commit (its message) and the pull requests associated with it — what deploy
 * guards read for a change ticket — and the comparison of two commits (compare.ts), what the
 * deploy's supersede rule reads. GitHub answers 422 "No commit found for SHA" for an unknown
 * commit (docs: REST "Get a commit"); the pulls of a commit it does not know are an empty list.
 */
import { fail, json, listReply, notFound } from "./http.js";
import { compareCommits } from "./compare.js";
import { renderCommit, renderComparison, renderPullRequest } from "./render-commits.js";
import { isRepo, type RouteContext, type RouteDef } from "./route-context.js";
import type { CommitState } from "./state.js";

/** A commit by full sha, or by an unambiguous prefix of at least 7 characters. */
function findCommit(ctx: RouteContext, ref: string): CommitState | undefined {
  const exact = ctx.engine.state.commits.get(ref);
  if (exact !== undefined || !/^[0-9a-f]{7,39}$/.test(ref)) return exact;
  const found = [...ctx.engine.state.commits.values()].filter((commit) => commit.sha.startsWith(ref));
  return found.length === 1 ? found[0] : undefined;
}

export const commitRoutes: readonly RouteDef[] = [
  {
    key: "compareCommits",
    handle: (ctx) => {
      if (!isRepo(ctx)) return notFound();
      const [baseRef, headRef, ...rest] = (ctx.params["basehead"] ?? "").split("...");
      const base = findCommit(ctx, baseRef ?? "");
      const head = findCommit(ctx, headRef ?? "");
      if (rest.length > 0 || base === undefined || head === undefined) return notFound();
      return json(renderComparison(ctx.urls, ctx.engine.state, base, head, compareCommits(ctx.engine.state, base, head)));
    },
  },
  {
    key: "getCommit",
    handle: (ctx) => {
      if (!isRepo(ctx)) return notFound();
      const ref = ctx.params["ref"] ?? "";
      const commit = findCommit(ctx, ref);
      return commit === undefined ? fail(422, `No commit found for SHA: ${ref}`) : json(renderCommit(ctx.urls, ctx.engine.state, commit));
    },
  },
  {
    key: "listCommitPulls",
    handle: (ctx) => {
      if (!isRepo(ctx)) return notFound();
      const commit = findCommit(ctx, ctx.params["commit_sha"] ?? "");
      const pulls = commit === undefined ? [] : commit.pullRequests.map((pr) => renderPullRequest(ctx.urls, ctx.engine.state, commit, pr));
      return listReply(ctx, pulls);
    },
  },
];
