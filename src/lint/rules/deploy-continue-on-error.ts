import type { Rule } from "../types.js";
import { deployJobs } from "../workflow/deploys.js";
import { keyToken, literalText, tokenSpan } from "../workflow/tokens.js";

export const deployContinueOnError: Rule = {
  id: "deploy-continue-on-error",
  title: "deploy job with continue-on-error",
  category: "deploy safety",
  severity: "error",
  kinds: ["workflow"],
  docs: {
    description:
      "`continue-on-error` on a job that deploys turns a failed deploy into a green run: jobs after it go on, the run shows success, and nobody looks. GitHub has even left a run green after a job hit the 24-hour queue limit with it set (actions/runner#1347). Remove it; handle expected failures inside the job, or with a later job's `if: failure()`.",
    bad: `jobs:
  deploy:
    runs-on: [self-hosted, production]
    environment: production
    continue-on-error: true
    steps:
      - run: ./deploy.sh`,
    good: `jobs:
  deploy:
    runs-on: [self-hosted, production]
    environment: production
    steps:
      - run: ./deploy.sh`,
  },
  check(doc, { policy }) {
    if (doc.kind !== "workflow") return [];
    return deployJobs(doc, policy).flatMap(({ job, reason }) => {
      const value = job.get("continue-on-error");
      if (value === undefined || literalText(value) === "false") return [];
      return [
        {
          span: tokenSpan(doc.source, keyToken(job.token, "continue-on-error")),
          message: `job '${job.id}' deploys (${reason}) with continue-on-error: a failed deploy leaves the run green; remove it`,
        },
      ];
    });
  },
};
