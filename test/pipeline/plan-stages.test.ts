/**
 * `deploy --dry-run` lists the stages the real deploy runs — the same list, in the same order,
 * supersede included — against the GitHub emulator: a real deploy and a dry run of the same
 * environment are compared stage by stage.
 */
import { existsSync, rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planStages } from "../../src/pipeline/plan-stages.js";
import type { DeployPlan } from "../../src/pipeline/plan.js";
import { STAGES, type DeployResult } from "../../src/pipeline/types.js";
import { runInProcess } from "../helpers/cli.js";
import { startWorld, writeConfig, type World } from "./world.js";

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

describe("deploy --dry-run: the real deploy's stages", () => {
  it("the plan lists every stage a real deploy records, in its order, supersede included; the text shows them", async () => {
    const config = writeConfig(world, { production: { guards: { branches: ["main"] }, deploy: { run: `touch ${world.marker}`, timeout: "1m" } } });
    const dry = await runInProcess(["deploy", "-c", config, "-e", "production", "--dry-run", "--json"], { env: world.env(), cwd: world.dir });
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as DeployPlan;
    expect(existsSync(world.marker), "the dry run ran the command").toBe(false);
    const supersede = plan.stages.find((stage) => stage.name === "supersede");
    expect(supersede).toEqual({
      name: "supersede",
      runs: true,
      does: "compare with the commits live or being deployed (GitHub deployments, runwarden history): a newer commit that contains this one ends the deploy skipped",
    });
    expect(plan.stages.filter((stage) => !stage.runs).map((stage) => [stage.name, stage.does])).toEqual([
      ["live-check", "without --skip-if-live"],
      ["preflight", "no preflight checks"],
      ["pre-gates", "no pre-deploy gates"],
      ["gates", "no post-deploy gates: the deploy would not be verified"],
    ]);

    const real = await runInProcess(["deploy", "-c", config, "-e", "production", "--json"], { env: world.env(), cwd: world.dir });
    expect(real.code, real.stderr).toBe(0);
    const result = JSON.parse(real.stdout) as DeployResult;
    expect(existsSync(world.marker)).toBe(true);
    rmSync(world.marker, { force: true });
    // One list: what the plan says would run or be skipped is what the deploy did.
    expect(plan.stages.map((stage) => stage.name)).toEqual(result.stages.map((stage) => stage.name));
    expect(plan.stages.map((stage) => [stage.name, stage.runs])).toEqual(result.stages.map((stage) => [stage.name, stage.status !== "skipped"]));

    const text = await runInProcess(["deploy", "-c", config, "-e", "production", "--dry-run"], { env: world.env(), cwd: world.dir });
    expect(text.stdout).toMatch(/supersede\s+▸\s+compare with the commits live or being deployed/);
    expect(text.stdout).toMatch(/live-check\s+–\s+without --skip-if-live/);
  });

  it("planStages follows STAGES whatever the environment", () => {
    const stages = planStages({
      guards: 0,
      lockBackend: "postgres",
      liveGates: 1,
      skipIfLive: true,
      githubAvailable: false,
      preflight: 2,
      preGates: 1,
      postGates: 3,
      hosts: 4,
    });
    expect(stages.map((stage) => stage.name)).toEqual([...STAGES]);
    expect(stages.every((stage) => stage.runs)).toBe(true);
    expect(stages.find((stage) => stage.name === "live-check")?.does).toBe("ask the 1 version gate(s): already live on every host ends the deploy skipped");
  });
});
