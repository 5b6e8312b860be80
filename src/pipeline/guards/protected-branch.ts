/** `require_protected_branch`: the branch being deployed has branch protection or protecting ruleset rules. */
import { branchOf, githubOf, type Guard } from "./types.js";

export const protectedBranchGuard: Guard = {
  id: "protected-branch",
  title: "the branch is protected",
  async check(ctx, signal) {
    if (!ctx.guards.require_protected_branch) return { status: "off", reason: "guards.require_protected_branch is false" };
    const branch = branchOf(ctx.facts.ref);
    if (branch === undefined)
      return {
        status: "refuse",
        reason: `'${ctx.facts.ref ?? ""}' is not a branch, so it cannot be a protected one`,
        remedy: "deploy from a protected branch",
      };
    const github = githubOf(ctx);
    if ("status" in github) return github;
    if (await github.branchProtected(branch, signal)) return { status: "pass", reason: `branch '${branch}' is protected` };
    return {
      status: "refuse",
      reason: `branch '${branch}' has no branch protection and no protecting ruleset rule`,
      remedy: `protect '${branch}' (Settings → Branches or Rules → Rulesets), or deploy from a protected branch`,
    };
  },
};
