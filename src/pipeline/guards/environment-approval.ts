/**
 * `require_environment_approval`: a person approved this run. Without `approval_environment`, the
 * deploy's own GitHub environment must have required reviewers (its job waited for one). With it —
 * the deploy pattern of docs/failover.md, one approval per run taken before routing — that
 * environment must have required reviewers and the run's review history (`GET
 * …/actions/runs/{run_id}/approvals`) must hold an `approved` entry for it: a job referencing an
 * environment with required reviewers is only sent to a runner once one of them approved it
 * (https://docs.github.com/actions/reference/workflows-and-actions/deployments-and-environments#required-reviewers).
 */
import { githubOf, type Guard } from "./types.js";

export const environmentApprovalGuard: Guard = {
  id: "environment-approval",
  title: "a person approved the deploy",
  async check(ctx, signal) {
    if (!ctx.guards.require_environment_approval) return { status: "off", reason: "guards.require_environment_approval is false" };
    const github = githubOf(ctx);
    if ("status" in github) return github;
    const approval = ctx.guards.approval_environment;
    const environment = approval ?? ctx.environment;
    const reviewers = await github.environmentReviewers(environment, signal);
    if (reviewers === 0) {
      return {
        status: "refuse",
        reason: `GitHub environment '${environment}' has no required reviewers (or does not exist): nobody had to approve this deploy`,
        remedy: `add required reviewers to the environment '${environment}' (Settings → Environments), and run ${approval === undefined ? "the deploy job" : "the workflow's approval job"} in it`,
      };
    }
    if (approval === undefined) return { status: "pass", reason: `GitHub environment '${environment}' requires approval (${reviewers} reviewer(s))` };
    const runId = Number(ctx.facts.runId ?? "");
    if (!Number.isSafeInteger(runId) || runId <= 0) {
      return {
        status: "refuse",
        reason: "not inside a workflow run ($GITHUB_RUN_ID is not set): there is no review history to read",
        remedy: `deploy from the workflow, after its job in '${environment}' was approved`,
      };
    }
    const approvers = await github.approvalsOf(runId, environment, signal);
    if (approvers.length > 0) return { status: "pass", reason: `run ${runId} was approved for '${environment}' by ${[...new Set(approvers)].join(", ")}` };
    return {
      status: "refuse",
      reason: `run ${runId} has no approval for GitHub environment '${environment}' in its review history`,
      remedy: `run the deploy after the workflow's job in '${environment}' (the deploy jobs need it), and have a required reviewer approve it`,
    };
  },
};
