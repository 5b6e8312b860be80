/**
 * The run was not triggered by a pull request: `pull_request` and `pull_request_target` runs carry
 * code nobody merged yet, and `pull_request_target` runs it with the base repository's secrets.
 */
import type { Guard } from "./types.js";

const REFUSED = new Set(["pull_request", "pull_request_target"]);

export const eventGuard: Guard = {
  id: "event",
  title: "the run was not triggered by a pull request",
  async check(ctx) {
    const event = ctx.facts.event;
    if (event === undefined || event === "") return { status: "pass", reason: "no GITHUB_EVENT_NAME: not a workflow run" };
    if (REFUSED.has(event)) {
      return {
        status: "refuse",
        reason: `the run was triggered by '${event}': pull request code is never deployed`,
        remedy: "deploy from a push, workflow_dispatch or release run after the change is merged",
      };
    }
    return { status: "pass", reason: `triggered by '${event}'` };
  },
};
