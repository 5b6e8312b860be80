import type { Rule } from "../types.js";
import { approvalJobs } from "../workflow/deploys.js";
import type { JobModel } from "../workflow/model.js";
import { tokenSpan } from "../workflow/tokens.js";

export const deploySecondApproval: Rule = {
  id: "deploy-second-approval",
  title: "a second job waits for approval of the same environment",
  category: "deploy safety",
  severity: "error",
  kinds: ["workflow"],
  docs: {
    description:
      "Every job that references a reviewer-protected environment with a deployment waits for its own approval. When a failover or follow-up job references the same production environment as an earlier one, the reviewers are asked again — in the middle of an incident, for a failover. Keep the approval on one job and reference the environment with `deployment: false` in the jobs after it: they keep its secrets and variables without a second approval.",
    bad: `jobs:
  deploy-primary:
    runs-on: [self-hosted, primary]
    environment: production
    steps:
      - run: ./deploy.sh
  deploy-secondary:
    needs: deploy-primary
    if: failure()
    runs-on: [self-hosted, secondary]
    environment: production
    steps:
      - run: ./deploy.sh`,
    good: `jobs:
  approve:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: echo approved
  deploy-primary:
    needs: approve
    runs-on: [self-hosted, primary]
    environment: { name: production, deployment: false }
    steps:
      - run: ./deploy.sh
  deploy-secondary:
    needs: [approve, deploy-primary]
    if: failure()
    runs-on: [self-hosted, secondary]
    environment: { name: production, deployment: false }
    steps:
      - run: ./deploy.sh`,
  },
  check(doc, { policy }) {
    if (doc.kind !== "workflow") return [];
    const approvals = approvalJobs(doc, policy);
    const first = new Map<string, JobModel>();
    return doc.jobs.flatMap((job) => {
      const env = job.environment;
      if (env?.name === undefined || !env.deployment || !policy.isProductionEnvironment(env.name)) return [];
      // Approved once in guards.approval_environment: this environment has no reviewers to ask again.
      if (policy.approvedElsewhere.has(env.name.toLowerCase()) || policy.approvalEnvironments.has(env.name.toLowerCase())) return [];
      const key = env.name.toLowerCase();
      const earlier = first.get(key);
      if (earlier === undefined) {
        first.set(key, job);
        return [];
      }
      if (approvals.has(job.id) && approvals.has(earlier.id)) return [];
      return [
        {
          span: tokenSpan(doc.source, env.nameToken),
          message: `job '${job.id}' references environment '${env.name}' with a deployment, as job '${earlier.id}' does: it waits for a second approval; keep the approval on one job and use environment: { name: ${env.name}, deployment: false } here`,
        },
      ];
    });
  },
};
