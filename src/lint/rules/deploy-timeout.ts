import type { Rule } from "../types.js";
import { deployJobs } from "../workflow/deploys.js";
import { tokenSpan } from "../workflow/tokens.js";

export const deployTimeout: Rule = {
  id: "deploy-timeout",
  title: "deploy job without timeout-minutes",
  category: "deploy safety",
  severity: "error",
  kinds: ["workflow"],
  docs: {
    description:
      "A job that deploys (see \"Which jobs deploy\") has no `timeout-minutes`, so a hung deploy holds the environment's lock and its runner for six hours, GitHub's default, before anyone is told. Set `timeout-minutes` a little above the deploy's usual duration. It bounds run time only: time in the queue is the watchdog's business.",
    bad: `jobs:
  deploy:
    runs-on: [self-hosted, production]
    environment: production
    steps:
      - run: ./deploy.sh`,
    good: `jobs:
  deploy:
    runs-on: [self-hosted, production]
    environment: production
    timeout-minutes: 30
    steps:
      - run: ./deploy.sh`,
  },
  check(doc, { policy }) {
    if (doc.kind !== "workflow") return [];
    return deployJobs(doc, policy)
      .filter(({ job }) => job.get("timeout-minutes") === undefined)
      .map(({ job, reason }) => ({
        span: tokenSpan(doc.source, job.idToken),
        message: `job '${job.id}' deploys (${reason}) without timeout-minutes: a hung deploy runs for 6 hours (the default); set timeout-minutes to a little above its usual duration`,
      }));
  },
};
