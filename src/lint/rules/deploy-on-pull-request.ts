import type { Rule } from "../types.js";
import { deployJobs } from "../workflow/deploys.js";
import { PULL_REQUEST_EVENTS, reachingEvents } from "../workflow/reach.js";
import { tokenSpan } from "../workflow/tokens.js";

export const deployOnPullRequest: Rule = {
  id: "deploy-on-pull-request",
  title: "deploy job that a pull request can start",
  category: "deploy safety",
  severity: "error",
  securitySeverity: 8.0,
  kinds: ["workflow"],
  docs: {
    description:
      "A job that deploys runs on `pull_request` or `pull_request_target` events: unreviewed code (or, with `pull_request_target`, the base branch's workflow holding secrets next to a pull request's input) reaches production. Deploy from `push` to a protected branch, `workflow_dispatch` or `release`; when the workflow must also run on pull requests, guard the job with a condition that is false for them, such as `if: github.event_name == 'push'` or `if: github.ref == 'refs/heads/main'`.",
    bad: `on: [push, pull_request]
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: ./deploy.sh`,
    good: `on: [push, pull_request]
jobs:
  deploy:
    if: github.event_name == 'push' && github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: ./deploy.sh`,
  },
  check(doc, { policy }) {
    if (doc.kind !== "workflow") return [];
    const reached = reachingEvents(doc, PULL_REQUEST_EVENTS, { fork: false });
    return deployJobs(doc, policy).flatMap(({ job, reason }) => {
      const event = reached.get(job.id);
      if (event === undefined) return [];
      return [
        {
          span: tokenSpan(doc.source, job.idToken),
          message: `job '${job.id}' deploys (${reason}) and can run on ${event} events: a pull request would reach production; deploy on push/workflow_dispatch, or add an if: that is false for pull requests (github.event_name == 'push')`,
        },
      ];
    });
  },
};
