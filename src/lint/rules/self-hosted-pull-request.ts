import type { Rule } from "../types.js";
import { selfHostedRunners } from "../workflow/deploys.js";
import { reachingEvents, UNTRUSTED_EVENTS } from "../workflow/reach.js";
import { keyToken, tokenSpan } from "../workflow/tokens.js";

export const selfHostedPullRequest: Rule = {
  id: "self-hosted-pull-request",
  title: "self-hosted runner reachable from untrusted pull requests",
  category: "deploy safety",
  severity: "error",
  securitySeverity: 9.0,
  kinds: ["workflow"],
  docs: {
    description:
      "A job on self-hosted runners can be started by a pull request from a fork (`pull_request`, `pull_request_target`, reviews and review comments). Whoever opens it runs code on a machine inside your network that keeps state between jobs and can reach production. Run pull-request jobs on GitHub-hosted runners, or guard the job so forks never reach it (`if: github.event.pull_request.head.repo.full_name == github.repository`).",
    bad: `on: pull_request
jobs:
  test:
    runs-on: [self-hosted, linux]
    steps:
      - run: make test`,
    good: `on: pull_request
jobs:
  test:
    if: github.event.pull_request.head.repo.full_name == github.repository
    runs-on: [self-hosted, linux]
    steps:
      - run: make test`,
  },
  check(doc, { policy }) {
    if (doc.kind !== "workflow") return [];
    const reached = reachingEvents(doc, UNTRUSTED_EVENTS, { fork: true });
    return doc.jobs.flatMap((job) => {
      const event = reached.get(job.id);
      const why = event === undefined ? undefined : selfHostedRunners(job.runsOn, policy);
      if (event === undefined || why === undefined) return [];
      return [
        {
          span: tokenSpan(doc.source, keyToken(job.token, "runs-on") ?? job.idToken),
          message: `job '${job.id}' ${why} and can run on ${event} events from forks: anyone opening a pull request runs code on them; use a GitHub-hosted runner, or an if: that excludes forks (github.event.pull_request.head.repo.full_name == github.repository)`,
        },
      ];
    });
  },
};
