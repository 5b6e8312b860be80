/**
 * The runner this deploy runs on (`RUNNER_NAME`) belongs to one of the environment's runner groups,
 * as GitHub records it: the group (organization runners) and every label of the group's choice. A
 * job that landed on another runner (a mislabelled one, a laptop) is refused.
 */
import type { RunnerInfo } from "../../checks/runner.js";
import type { RunnerGroup } from "../../config/schema.js";
import { githubOf, type Guard } from "./types.js";

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function member(runner: RunnerInfo, choice: RunnerGroup): boolean {
  if (choice.group !== undefined && (runner.group === undefined || !same(runner.group, choice.group))) return false;
  return choice.labels.every((label) => runner.labels.some((has) => same(has, label)));
}

/** The environment's runner groups this runner belongs to, in the configuration's order. */
export function runnerGroupsOf(runner: RunnerInfo, groups: readonly RunnerGroup[]): RunnerGroup[] {
  return groups.filter((choice) => member(runner, choice));
}

function describe(choice: RunnerGroup): string {
  return `${choice.name} (${choice.group === undefined ? "" : `group ${choice.group}, `}labels ${choice.labels.join(", ")})`;
}

export const runnerGroupGuard: Guard = {
  id: "runner-group",
  title: "this runner belongs to the environment's runner groups",
  async check(ctx, signal) {
    const name = ctx.facts.runnerName;
    const groups = ctx.runnerGroups.map(describe).join("; ");
    if (name === undefined || name === "") {
      return {
        status: "refuse",
        reason: "RUNNER_NAME is not set: not running on a GitHub Actions runner",
        remedy: `run the deploy in a job on one of: ${groups}`,
      };
    }
    const github = githubOf(ctx);
    if ("status" in github) return github;
    const runner = await github.runner(name, signal);
    if (runner === undefined) {
      return {
        status: "refuse",
        reason: `runner '${name}' is not registered to the repository or its organization`,
        remedy: `run the deploy on a runner of: ${groups}`,
      };
    }
    const choice = ctx.runnerGroups.find((candidate) => member(runner, candidate));
    if (choice !== undefined) return { status: "pass", reason: `runner '${name}' is in ${describe(choice)}` };
    return {
      status: "refuse",
      reason: `runner '${name}' (${runner.group === undefined ? "" : `group ${runner.group}, `}labels ${runner.labels.join(", ")}) belongs to none of the environment's runner groups: ${groups}`,
      remedy: "route the job to one of those groups (`runwarden route` and runs-on), or fix the runner's group and labels",
    };
  },
};
