import type { RawFinding, Rule } from "../types.js";
import { deployJobs } from "../workflow/deploys.js";
import { child, interpolations, isBasicExpression, keyToken, literalText, tokenSpan, type TemplateToken } from "../workflow/tokens.js";

/** Parts of a concurrency group that differ on every run: such a group serialises nothing. */
const PER_RUN = /\bgithub\s*\.\s*(?:run_id|run_number|run_attempt|sha)\b/i;

function groupOf(concurrency: TemplateToken): TemplateToken | undefined {
  return (
    child(concurrency, "group") ??
    (child(concurrency, "cancel-in-progress") === undefined && child(concurrency, "queue") === undefined ? concurrency : undefined)
  );
}

export const deployConcurrency: Rule = {
  id: "deploy-concurrency",
  title: "deploy job without a concurrency group for its environment",
  category: "deploy safety",
  severity: "error",
  kinds: ["workflow"],
  docs: {
    description:
      "Two runs that deploy to the same environment at once interleave their changes: a job that deploys needs a `concurrency` group (on the job or the workflow) that is the same for every run deploying there, and `cancel-in-progress` left false, since cancelling a deploy half-way leaves production half-changed. A group built from `github.run_id`, `github.sha` or the run number differs on every run and serialises nothing.",
    bad: `jobs:
  deploy:
    runs-on: [self-hosted, production]
    environment: production
    timeout-minutes: 30
    concurrency:
      group: deploy-\${{ github.run_id }}
      cancel-in-progress: true
    steps:
      - run: ./deploy.sh`,
    good: `jobs:
  deploy:
    runs-on: [self-hosted, production]
    environment: production
    timeout-minutes: 30
    concurrency:
      group: deploy-production
      cancel-in-progress: false
    steps:
      - run: ./deploy.sh`,
  },
  check(doc, { policy }) {
    if (doc.kind !== "workflow") return [];
    const findings: RawFinding[] = [];
    for (const { job, reason } of deployJobs(doc, policy)) {
      const concurrency = job.get("concurrency") ?? doc.get("concurrency");
      if (concurrency === undefined) {
        findings.push({
          span: tokenSpan(doc.source, job.idToken),
          message: `job '${job.id}' deploys (${reason}) without concurrency: two runs can deploy at the same time; add concurrency: { group: deploy-<environment>, cancel-in-progress: false }`,
        });
        continue;
      }
      const group = groupOf(concurrency);
      const perRun = isBasicExpression(group ?? concurrency) ? interpolations(group).find((i) => PER_RUN.test(i.expression)) : undefined;
      if (perRun !== undefined) {
        findings.push({
          span: tokenSpan(doc.source, group),
          message: `job '${job.id}' deploys with a concurrency group that differs on every run ('${perRun.expression.trim()}'): it serialises nothing; name the environment instead, e.g. deploy-production`,
        });
      }
      const cancel = child(concurrency, "cancel-in-progress");
      if (literalText(cancel) === "true") {
        findings.push({
          span: tokenSpan(doc.source, keyToken(concurrency, "cancel-in-progress")),
          message: `job '${job.id}' deploys with cancel-in-progress: true: a newer run cancels a deploy half-way; set it to false (the newer run waits)`,
        });
      }
    }
    return findings;
  },
};
