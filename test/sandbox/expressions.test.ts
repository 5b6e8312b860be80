/** The emulator's expressions: job conditions, runs-on read from needs, and refusals of what it does not know. */
import { afterEach, describe, expect, it } from "vitest";
import { evaluate, ExpressionError, jobCondition, resolveRunsOn } from "../../src/sandbox/github/expressions.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { call, control, exampleScenario, startEmulator } from "./helpers.js";

const ok = { result: "success", outputs: { group: "prod-b", labels: '["self-hosted","production"]', flag: "true" } };
const context = { needs: { route: ok }, cancelled: false };

describe("expressions", () => {
  it("GitHub's comparison and truthiness rules", () => {
    expect(evaluate("needs.route.result == 'SUCCESS'", context)).toBe(true);
    expect(evaluate("needs.route.outputs.missing", context)).toBe("");
    expect(evaluate("needs.route.outputs.flag && 'yes' || 'no'", context)).toBe("yes");
    expect(evaluate("!needs.route.outputs.missing", context)).toBe(true);
    expect(evaluate("fromJSON(needs.route.outputs.labels)", context)).toEqual(["self-hosted", "production"]);
    expect(evaluate("contains(fromJSON(needs.route.outputs.labels), 'production')", context)).toBe(true);
    expect(evaluate("'it''s' == 'it''s'", context)).toBe(true);
    expect(evaluate("1 == '1'", context)).toBe(true);
  });

  it("job conditions: implicit success(), status functions, cancelled runs", () => {
    expect(jobCondition(undefined, context)).toBe(true);
    expect(jobCondition("needs.route.outputs.flag == 'true'", { needs: { route: { ...ok, result: "failure" } }, cancelled: false })).toBe(false);
    expect(jobCondition("${{ failure() }}", { needs: { route: { ...ok, result: "failure" } }, cancelled: false })).toBe(true);
    expect(jobCondition("${{ !cancelled() }}", { ...context, cancelled: true })).toBe(false);
    expect(jobCondition("always()", { ...context, cancelled: true })).toBe(true);
  });

  it("runs-on from needs; anything unknown is refused, not guessed", () => {
    expect(resolveRunsOn(["${{ fromJSON(needs.route.outputs.labels) }}"], "${{ needs.route.outputs.group }}", context)).toEqual({
      labels: ["self-hosted", "production"],
      group: "prod-b",
    });
    expect(() => evaluate("secrets.TOKEN", context)).toThrow(ExpressionError);
    expect(() => evaluate("hashFiles('x')", context)).toThrow(ExpressionError);
    expect(() => evaluate("needs.deploy.result", context)).toThrow(/not in this job's needs/);
    expect(() => evaluate("needs.route.result ==", context)).toThrow(ExpressionError);
  });
});

describe("the emulator moves jobs by their conditions", () => {
  let emulator: RunningEmulator;
  afterEach(async () => {
    await emulator.close();
  });

  it("a runs-on that cannot be evaluated fails the job with GitHub's annotation", async () => {
    const scenario = exampleScenario("failover.yml");
    emulator = await startEmulator(scenario);
    const run = (await control(emulator, "POST", "/runs", { workflow: "deploy.yml" })).body as { id: number; jobs: { id: number; name: string }[] };
    const route = run.jobs.find((j) => j.name === "route");
    // The route job finishes without its outputs: fromJSON('') cannot be evaluated.
    await control(emulator, "POST", `/jobs/${route?.id ?? 0}/advance`, { conclusion: "success" });
    const approve = ((await control(emulator, "GET", "/state")).body as { runs: { id: number; jobs: { id: number; name: string }[] }[] }).runs
      .find((r) => r.id === run.id)
      ?.jobs.find((j) => j.name === "approve");
    await control(emulator, "POST", `/jobs/${approve?.id ?? 0}/advance`, { conclusion: "success" });
    const jobs = (await call(emulator, "GET", `/repos/acme/platform/actions/runs/${run.id}/jobs`)).body as {
      jobs: { id: number; name: string; conclusion: string | null }[];
    };
    const deploy = jobs.jobs.find((j) => j.name === "deploy-primary");
    expect(deploy?.conclusion).toBe("failure");
    const annotations = (await call(emulator, "GET", `/repos/acme/platform/check-runs/${deploy?.id ?? 0}/annotations`)).body as { message: string }[];
    expect(annotations[0]?.message).toMatch(/^Error when evaluating 'runs-on' for job 'deploy-primary'\. fromJSON/);
  });

  it("visible_to_repository: private groups serve private repositories", async () => {
    const scenario = exampleScenario("failover.yml");
    emulator = await startEmulator({
      ...scenario,
      runner_groups: [
        ...scenario.runner_groups,
        {
          name: "private-pool",
          visibility: "private",
          repositories: [],
          restricted_to_workflows: false,
          selected_workflows: [],
          allows_public_repositories: false,
        },
      ],
    });
    const names = async (repo: string) =>
      (
        (await call(emulator, "GET", `/orgs/acme/actions/runner-groups?visible_to_repository=${repo}`)).body as { runner_groups: { name: string }[] }
      ).runner_groups.map((g) => g.name);
    expect(await names("platform")).toEqual(["Default", "prod-primary", "prod-secondary", "private-pool"]);
    expect(await names("billing")).toEqual(["Default"]);
  });
});
