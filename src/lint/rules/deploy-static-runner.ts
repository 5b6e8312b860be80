import type { Rule } from "../types.js";
import { deployJobs, selfHostedRunners } from "../workflow/deploys.js";
import { keyToken, tokenSpan } from "../workflow/tokens.js";

export const deployStaticRunner: Rule = {
  id: "deploy-static-runner",
  title: "deploy job pinned to static self-hosted runner labels",
  category: "deploy safety",
  severity: "warning",
  kinds: ["workflow"],
  docs: {
    description:
      "A job that deploys names its self-hosted runners in `runs-on` itself. When those runners are offline or busy the job waits in the queue for up to 24 hours and no other runner group takes it: `timeout-minutes` does not count queue time. Let a route job (`runwarden route`) choose a healthy group before the deploy and read `runs-on` from its outputs, so a re-run of the route job re-decides.",
    bad: `jobs:
  deploy:
    runs-on: [self-hosted, linux, production]
    environment: production
    steps:
      - run: ./deploy.sh`,
    good: `jobs:
  deploy:
    needs: route
    runs-on:
      group: \${{ needs.route.outputs.group }}
      labels: \${{ fromJSON(needs.route.outputs.labels) }}
    environment: production
    steps:
      - run: ./deploy.sh`,
  },
  check(doc, { policy }) {
    if (doc.kind !== "workflow") return [];
    return deployJobs(doc, policy).flatMap(({ job }) => {
      if (job.runsOn.routed) return [];
      const why = selfHostedRunners(job.runsOn, policy);
      if (why === undefined) return [];
      return [
        {
          span: tokenSpan(doc.source, keyToken(job.token, "runs-on")),
          message: `job '${job.id}' deploys and ${why} named in runs-on: when they are down it waits in the queue for up to 24 hours; take runs-on from a route job's outputs (needs.route.outputs.group and labels)`,
        },
      ];
    });
  },
};
