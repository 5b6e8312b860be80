/**
 * The runner group a deploy records in history: the one the route chose, read from what the
 * runner-group guard already fetched (no second GitHub request). The runner's groups among the
 * environment's are those it is a member of; `RUNWARDEN_RUNNER_GROUP` (the route's choice, passed
 * on by the workflow) picks among them, else the first in the configuration's order. Without a
 * lookup (GitHub unavailable, no `RUNNER_NAME`) the route's choice is taken as given; a runner in
 * none of them (refused by the guard) is recorded by its GitHub group.
 */
import type { RunnerInfo } from "../checks/runner.js";
import type { RunnerGroup } from "../config/schema.js";
import { runnerGroupsOf } from "./guards/runner-group.js";
import type { GuardGithub } from "./guards/types.js";

export interface RunnerWatch {
  /** The guards' GitHub view, with the runner lookup remembered. */
  readonly github: GuardGithub;
  /** The group to record, once the guards have run. */
  group(groups: readonly RunnerGroup[], routed: string | undefined): string | undefined;
}

export function watchRunner(github: GuardGithub): RunnerWatch {
  let seen: RunnerInfo | undefined;
  return {
    github: {
      ...github,
      runner: async (name, signal) => {
        const runner = await github.runner(name, signal);
        seen = runner;
        return runner;
      },
    },
    group: (groups, routed) => recordedGroup(seen, groups, routed),
  };
}

export function recordedGroup(runner: RunnerInfo | undefined, groups: readonly RunnerGroup[], routed: string | undefined): string | undefined {
  if (runner === undefined) return routed;
  const member = runnerGroupsOf(runner, groups);
  return (member.find((group) => group.name === routed) ?? member[0])?.name ?? runner.group;
}
