/** `require_environment_approval`: the GitHub environment has required reviewers, so a person approved this run. */
import { githubOf, type Guard } from "./types.js";

export const environmentApprovalGuard: Guard = {
  id: "environment-approval",
  title: "the environment requires approval",
  async check(ctx, signal) {
    if (!ctx.guards.require_environment_approval) return { status: "off", reason: "guards.require_environment_approval is false" };
    const github = githubOf(ctx);
    if ("status" in github) return github;
    const reviewers = await github.environmentReviewers(ctx.environment, signal);
    if (reviewers > 0) return { status: "pass", reason: `GitHub environment '${ctx.environment}' requires approval (${reviewers} reviewer(s))` };
    return {
      status: "refuse",
      reason: `GitHub environment '${ctx.environment}' has no required reviewers (or does not exist): nobody had to approve this deploy`,
      remedy: `add required reviewers to the environment '${ctx.environment}' (Settings → Environments), and run the deploy job in it`,
    };
  },
};
