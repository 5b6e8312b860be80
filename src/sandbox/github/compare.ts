/**
 * Comparing two commits over the scenario's commit graph, as REST "Compare two commits" does
 * (`GET /repos/{o}/{r}/compare/{base}...{head}`, "equivalent to running `git log BASE..HEAD`"):
 * `ahead_by` counts the commits reachable from head and not from base, `behind_by` the reverse, and
 * the status is `identical`, `ahead` (head has commits base lacks, and none missing), `behind`, or
 * `diverged` (both). https://docs.github.com/rest/commits/commits#compare-two-commits
 */
import type { CommitState, EmulatorState } from "./state.js";

export interface CommitComparison {
  readonly status: "ahead" | "behind" | "identical" | "diverged";
  readonly aheadBy: number;
  readonly behindBy: number;
  /** The nearest common ancestor (the base itself when there is none among known commits). */
  readonly mergeBase: CommitState;
  /** Commits reachable from head and not from base, oldest first. */
  readonly commits: readonly CommitState[];
}

/** Every commit reachable from `sha` (itself included), nearest first. */
function ancestors(state: EmulatorState, sha: string): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const todo = [sha];
  while (todo.length > 0) {
    const next = todo.shift() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    order.push(next);
    todo.push(...(state.commits.get(next)?.parents ?? []));
  }
  return order;
}

export function compareCommits(state: EmulatorState, base: CommitState, head: CommitState): CommitComparison {
  const fromBase = ancestors(state, base.sha);
  const fromHead = ancestors(state, head.sha);
  const baseSet = new Set(fromBase);
  const headSet = new Set(fromHead);
  const onlyHead = fromHead.filter((sha) => !baseSet.has(sha));
  const onlyBase = fromBase.filter((sha) => !headSet.has(sha));
  const common = fromHead.find((sha) => baseSet.has(sha));
  const mergeBase = (common === undefined ? undefined : state.commits.get(common)) ?? base;
  const status = onlyHead.length === 0 && onlyBase.length === 0 ? "identical" : onlyBase.length === 0 ? "ahead" : onlyHead.length === 0 ? "behind" : "diverged";
  const commits = onlyHead
    .reverse()
    .map((sha) => state.commits.get(sha))
    .filter((commit): commit is CommitState => commit !== undefined);
  return { status, aheadBy: onlyHead.length, behindBy: onlyBase.length, mergeBase, commits };
}
